"""Nightly clean-up of the files kept by step-by-step referral drafts never sent."""

from celery import shared_task
from django.utils import timezone

from dossiers.brouillons import DUREE_BROUILLON, purger


@shared_task(name="dossiers.tasks.brouillons.purger_les_brouillons")
def purger_les_brouillons() -> int:
    return purger(timezone.now() - DUREE_BROUILLON)
