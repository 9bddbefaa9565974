from celery import shared_task

from dossiers import resume


@shared_task
def actualiser_les_resumes() -> int:
    """Nightly, after the procedures' deadlines: what changed with the date alone (a
    deadline now past, a label that moved) reaches the households' stored summary. Only the
    rows that differ are written; re-running it changes nothing."""
    return resume.reconstruire()
