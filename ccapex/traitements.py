"""Long jobs (imports, agendas, letters, annual balance) with a state the page shows.

A job is a `Traitement` row plus a Celery task declared with `@tache_de_traitement`. The
decorated function receives the row and `avancer(fait, total=None)` to report progress; it
must be idempotent, because a worker killed mid-job leads to the task being delivered again
(acks_late) and the function running again. Its result (a file, a link, figures) is written
only once it has finished, in one transaction: a failed job never leaves a half-written file.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import (
    DatabaseError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    transaction,
)
from django.db.models import Q
from django.utils import timezone

from ccapex import boite_d_envoi
from ccapex.enums import StatutTraitement
from ccapex.models import Traitement

logger = logging.getLogger(__name__)

PREFIXE_TACHE = "ccapex.traitement."
ANCIEN_PREFIXE_TACHE = "dossiers.traitement."  # until the release after issue 10


@dataclass
class Resultat:
    """What a job hands back: an optional file, an optional link, and figures to show."""

    fichier: tuple[str, bytes] | None = None
    lien: str = ""
    donnees: dict = field(default_factory=dict)


def tache_de_traitement(type: str, **options):
    """Declare the function that does the work of jobs of this `type`."""

    def decorateur(fonction: Callable[[Traitement, Callable], Resultat | None]):
        def executer_le_traitement(traitement_id: int):
            return executer(traitement_id, fonction)

        tache = shared_task(name=PREFIXE_TACHE + type, **options)(executer_le_traitement)
        # Messages queued before the jobs moved to ccapex (issue 10) carry the old name:
        # still accepted for one release, so that no job stays « en attente ».
        shared_task(name=ANCIEN_PREFIXE_TACHE + type, **options)(executer_le_traitement)
        tache.fonction = fonction
        return tache

    return decorateur


def lancer(type: str, *, libelle: str, departement, par, parametres: dict | None = None):
    """Create the job and enqueue its task once the current transaction commits."""
    traitement = Traitement.objects.create(
        type=type,
        libelle=libelle,
        departement=departement,
        cree_par=par,
        parametres=parametres or {},
    )
    # Through the outbox: with Redis down the job waits in the database, not in nowhere.
    boite_d_envoi.tache(PREFIXE_TACHE + type, traitement.pk)
    return traitement


def relancer(traitement: Traitement) -> Traitement:
    """Retry a failed job from the start, or queue again one stuck « en attente »."""
    if not (traitement.statut == StatutTraitement.ECHEC or traitement.bloque):
        raise ValueError("Seul un traitement en échec ou bloqué en attente peut être relancé.")
    with transaction.atomic():
        Traitement.objects.filter(pk=traitement.pk).update(
            statut=StatutTraitement.EN_ATTENTE,
            message="",
            fait=0,
            fin_le=None,
            mis_en_file_le=timezone.now(),
        )
        boite_d_envoi.tache(PREFIXE_TACHE + traitement.type, traitement.pk)
    traitement.refresh_from_db()
    return traitement


def relancer_les_bloques() -> int:
    """Queue again every job left « en attente » beyond TRAITEMENT_DELAI_RELANCE. Should the
    first message still come, the job runs once more or finds itself done: jobs are
    idempotent (see above)."""
    limite = timezone.now() - timedelta(seconds=settings.TRAITEMENT_DELAI_RELANCE)
    bloques = Traitement.objects.filter(
        statut=StatutTraitement.EN_ATTENTE, mis_en_file_le__lt=limite
    )
    nombre = 0
    for traitement in bloques.only("pk", "type", "statut", "mis_en_file_le"):
        relancer(traitement)
        nombre += 1
    return nombre


def executer(traitement_id: int, fonction) -> str:
    with transaction.atomic():
        traitement = Traitement.objects.select_for_update().get(pk=traitement_id)
        if traitement.statut == StatutTraitement.TERMINE:
            return "déjà terminé"  # a redelivered message: nothing to do twice
        traitement.statut = StatutTraitement.EN_COURS
        traitement.debut_le = timezone.now()
        traitement.tentatives += 1
        traitement.message = ""
        traitement.save(update_fields=["statut", "debut_le", "tentatives", "message"])

    def avancer(fait: int, total: int | None = None) -> None:
        valeurs = {"fait": fait} if total is None else {"fait": fait, "total": total}
        Traitement.objects.filter(pk=traitement_id).update(**valeurs)

    try:
        resultat = fonction(traitement, avancer) or Resultat()
    except Exception as erreur:
        logger.exception("traitement en échec", extra={"traitement_id": traitement_id})
        Traitement.objects.filter(pk=traitement_id).update(
            statut=StatutTraitement.ECHEC, message=_message(erreur), fin_le=timezone.now()
        )
        return "échec"

    with transaction.atomic():
        traitement = Traitement.objects.select_for_update().get(pk=traitement_id)
        if resultat.fichier is not None:
            nom, contenu = resultat.fichier
            traitement.fichier.save(nom, ContentFile(contenu), save=False)
        traitement.lien = resultat.lien
        traitement.resultat = resultat.donnees
        traitement.statut = StatutTraitement.TERMINE
        traitement.fin_le = timezone.now()
        if traitement.total:
            traitement.fait = traitement.total
        traitement.save()
    return "terminé"


def _message(erreur: Exception) -> str:
    """A reason an agent can read; the technical trace is in the logs."""
    if isinstance(erreur, ValidationError):  # its str() is a list's repr: « ['…'] »
        return " ".join(erreur.messages)
    if isinstance(erreur, DatabaseError):
        # SQL, constraint names and the values of a row: meaningless to an agent, and kept
        # with the job. The log has them. Only an IntegrityError is a refused write; a lost
        # connection, a statement timeout or a deadlock is an OperationalError, and a
        # failing read is neither.
        if isinstance(erreur, IntegrityError):
            cause = "La base de données a refusé une écriture"
        elif isinstance(erreur, (OperationalError, InterfaceError)):
            cause = "La base de données n’a pas répondu ou a interrompu la requête"
        else:
            cause = "La base de données a renvoyé une erreur"
        return (
            f"{cause} : le traitement n’a pas abouti. Relancez-le ; si l’échec se répète, "
            "signalez-le (le détail est dans le journal technique)."
        )
    texte = str(erreur).strip()
    return texte if texte else f"Erreur inattendue ({type(erreur).__name__})."


def visibles_par(user):
    """Jobs the user launched, and those of the départements where they are secretariat."""
    # The user model (partenaires) gives its secretariat départements: read, not imported,
    # since the plumbing depends on no app.
    departements = getattr(user, "departements_du_secretariat", [])
    return Traitement.objects.filter(Q(cree_par=user) | Q(departement_id__in=departements))
