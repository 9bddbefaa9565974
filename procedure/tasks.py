from celery import shared_task

from .models import Procedure
from .services import recalculer_echeance


@shared_task
def recalculer_les_echeances() -> int:
    """Nightly: labels of deadlines that changed with the date (e.g. implicit refusal)."""
    ids = Procedure.objects.filter(prochaine_echeance__isnull=False).values_list("pk", flat=True)
    for procedure_id in ids.iterator():
        recalculer_echeance(Procedure(pk=procedure_id))
    return len(ids)
