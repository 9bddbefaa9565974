"""The nightly retention job (docs/conservation.md)."""

from celery import shared_task

from dossiers.services import conservation


@shared_task
def purger_les_donnees_expirees() -> dict:
    """Archive undecided files, anonymise those at the end of their archive period, erase
    expired import files, delete the expired access log. Idempotent: a second run the same
    night finds nothing."""
    rapport = conservation.purger()
    return {
        "archives": len(rapport.archivages),
        "anonymises": len(rapport.anonymisations),
        "consultations": rapport.consultations,
        "imports": len(rapport.imports),
    }
