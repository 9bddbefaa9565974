"""Transactional outbox: the one way a user action queues a Celery task or sends an e-mail.

`tache(...)` and `courriel(...)` write an `Envoi` row in the caller's transaction. After the
commit it is handed over at once (`expedier`); when the broker is down the request still
succeeds and the row waits. Beat runs `vider` every minute (and the worker once it starts),
which hands over whatever is left. Delivery is at least once: tasks are idempotent (jobs skip
what is done), e-mails are sent under a row lock and marked, so nobody gets one twice.

A hand-written table rather than a library: django-celery-outbox (0.x) replaces the Celery
app class and needs its own relay daemon; this fits the worker and beat we already run.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from kombu.exceptions import KombuError
from redis.exceptions import RedisError

from ccapex.models import Envoi

logger = logging.getLogger(__name__)

# What a broker outage raises when publishing (connection refused, timeout, DNS).
ERREURS_DU_BROKER = (KombuError, RedisError, OSError)
TACHE_COURRIEL = "ccapex.tasks.envoyer_courriel"


def tache(nom: str, *args) -> Envoi:
    """Queue the task `nom` with JSON arguments once the current transaction commits."""
    envoi = Envoi.objects.create(tache=nom, arguments=list(args))
    transaction.on_commit(lambda: expedier(envoi.pk))
    return envoi


def courriel(sujet: str, corps: str, destinataires) -> Envoi | None:
    """Send a rendered e-mail (by the worker) once the current transaction commits."""
    destinataires = list(destinataires)
    if not destinataires:
        return None
    envoi = Envoi.objects.create(sujet=sujet, corps=corps, destinataires=destinataires)
    transaction.on_commit(lambda: expedier(envoi.pk))
    return envoi


TRANSMIS, OCCUPE, INDISPONIBLE = "transmis", "occupé", "indisponible"


def expedier(pk: int) -> str:
    """Hand one row to the broker: TRANSMIS, OCCUPE (done or taken by another drainer), or
    INDISPONIBLE (the broker is down: the row waits for `vider`)."""
    maintenant = timezone.now()
    # Claim the row: a concurrent drainer skips it while this attempt lasts.
    pris = (
        Envoi.objects.filter(pk=pk, fait_le__isnull=True)
        .filter(Q(essaye_le__isnull=True) | Q(essaye_le__lt=maintenant - _delai()))
        .update(essaye_le=maintenant, tentatives=F("tentatives") + 1)
    )
    if not pris:
        return OCCUPE
    envoi = Envoi.objects.get(pk=pk)
    try:
        if envoi.tache:
            _publier(envoi.tache, envoi.arguments)
        else:
            _publier(TACHE_COURRIEL, [envoi.pk])
    except ERREURS_DU_BROKER as erreur:
        logger.warning("broker indisponible, envoi en attente", extra={"envoi_id": pk})
        Envoi.objects.filter(pk=pk).update(essaye_le=None, erreur=str(erreur)[:1000])
        return INDISPONIBLE
    if envoi.tache:
        Envoi.objects.filter(pk=pk).update(fait_le=timezone.now(), erreur="")
    return TRANSMIS


# Handed-over rows are kept this long (to trace what was sent), then deleted: an e-mail's
# body names the household.
CONSERVATION = timedelta(days=7)


def vider(limite: int = 500) -> int:
    """Hand over what waits (oldest first); returns how many were accepted."""
    maintenant = timezone.now()
    Envoi.objects.filter(fait_le__lt=maintenant - CONSERVATION).delete()
    en_attente = (
        Envoi.objects.filter(fait_le__isnull=True)
        .filter(Q(essaye_le__isnull=True) | Q(essaye_le__lt=maintenant - _delai()))
        .values_list("pk", flat=True)[:limite]
    )
    transmis = 0
    for pk in list(en_attente):
        etat = expedier(pk)
        if etat == INDISPONIBLE:
            break  # still down: the next run tries again
        transmis += etat == TRANSMIS
    return transmis


def envoyer_courriel(pk: int) -> str:
    """The worker's side of an e-mail row: send it once, under a row lock."""
    with transaction.atomic():
        envoi = Envoi.objects.select_for_update().filter(pk=pk).first()
        if envoi is None or envoi.fait_le is not None:
            return "déjà envoyé"
        send_mail(envoi.sujet, envoi.corps, None, envoi.destinataires)
        envoi.fait_le = timezone.now()
        envoi.erreur = ""
        # Sent: the body goes (it names households and holds one-time links' secrets, which
        # the database and its backups must not keep); subject and recipients trace it.
        envoi.corps = ""
        envoi.save(update_fields=["fait_le", "erreur", "corps"])
    return "envoyé"


def _publier(nom: str, arguments: list) -> None:
    current_app.loader.import_default_modules()
    # No retry loop in a request (an outage must not hold the page), no result to wait for.
    current_app.tasks[nom].apply_async(args=arguments, retry=False, ignore_result=True)


def _delai() -> timedelta:
    """An e-mail handed over but still unsent after this is handed over again."""
    return timedelta(seconds=settings.ENVOI_DELAI_NOUVEL_ESSAI)
