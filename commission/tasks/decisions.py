"""Decisions: the notification job (state shown on the page) and the nightly expiry."""

from celery import shared_task
from django.utils import timezone

from ccapex.traitements import tache_de_traitement
from commission.services import decisions as services


@tache_de_traitement(services.TYPE_TRAITEMENT)
def notification_decision(traitement, avancer):
    return services.produire_notifications(traitement, avancer)


@shared_task(name="commission.tasks.expirer_les_decisions")
def expirer_les_decisions() -> int:
    return services.expirer_les_decisions(timezone.localdate())
