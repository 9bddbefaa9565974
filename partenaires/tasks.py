"""Directory confirmation campaign: requests and daily reminders (in the beat schedule)."""

from celery import shared_task
from django.utils import timezone

from . import services_annuaire


@shared_task(name="partenaires.tasks.envoyer_campagne_annuaire")
def envoyer_campagne_annuaire(campagne_id: int) -> int:
    return services_annuaire.envoyer_demandes(campagne_id)


@shared_task(name="partenaires.tasks.campagne_annuaire_du_jour")
def campagne_annuaire_du_jour() -> dict:
    return services_annuaire.campagnes_du_jour(timezone.localdate())
