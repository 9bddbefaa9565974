"""Nightly clean-up of the files kept by step-by-step referral drafts never sent."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from dossiers.brouillons import purger

# A draft's files are kept one day: long enough to finish a referral started the day before.
DUREE_BROUILLON = timedelta(hours=24)


@shared_task(name="dossiers.tasks.brouillons.purger_les_brouillons")
def purger_les_brouillons() -> int:
    return purger(timezone.now() - DUREE_BROUILLON)
