"""Antivirus scan of documents left pending at upload (clamd was unreachable)."""

from celery import shared_task

from ccapex import antivirus
from dossiers.services import documents as services


@shared_task(name=services.TACHE_ANALYSE)
def analyser_document(document_id: int) -> str | None:
    # No Celery retry: the beat job below takes every pending document again.
    try:
        return services.analyser(document_id=document_id)
    except antivirus.Injoignable:
        return "en_cours"


@shared_task(name="dossiers.tasks.reprendre_analyses")
def reprendre_analyses() -> dict:
    return services.reprendre_analyses()
