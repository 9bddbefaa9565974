import logging

from celery import shared_task
from django.core.management import call_command

logger = logging.getLogger(__name__)


@shared_task
def ping(value: str) -> str:
    """Round trip through the broker; used by the worker integration test."""
    return f"pong:{value}"


@shared_task
def purger_sessions_expirees() -> None:
    """Expired sessions hold who was signed in: drop them nightly."""
    call_command("clearsessions")


@shared_task(name="ccapex.tasks.envoyer_courriel")
def envoyer_courriel(envoi_id: int) -> str:
    """An e-mail of the outbox (ccapex/boite_d_envoi.py)."""
    from ccapex.boite_d_envoi import envoyer_courriel as envoyer

    return envoyer(envoi_id)


@shared_task
def vider_la_boite_d_envoi() -> int:
    """Every minute: hand over the tasks and e-mails a broker outage held back."""
    from ccapex.boite_d_envoi import vider

    return vider()


@shared_task
def relancer_les_traitements_en_attente() -> int:
    """Jobs still « en attente » long after they were queued (a lost message): queue again."""
    from ccapex.traitements import relancer_les_bloques

    return relancer_les_bloques()
