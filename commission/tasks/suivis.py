"""Daily follow-up: 6-month questions and reminders (in the beat schedule)."""

from celery import shared_task
from django.utils import timezone

from commission.services import suivis as services


@shared_task(name="commission.tasks.envoyer_suivis_dus")
def envoyer_suivis_dus() -> dict:
    return services.envoyer_suivis_dus(timezone.localdate())


# The name before issue 10, for a message queued before the deploy (one release).
shared_task(name="dossiers.tasks.envoyer_suivis_dus")(envoyer_suivis_dus.run)
