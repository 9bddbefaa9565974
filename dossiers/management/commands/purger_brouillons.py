"""Delete the documents kept by step-by-step referral drafts that were never sent."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from dossiers.brouillons import DUREE_BROUILLON, purger


class Command(BaseCommand):
    help = "Supprime les pièces des brouillons de saisine jamais envoyés (plus vieux que --heures)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--heures", type=int, default=int(DUREE_BROUILLON.total_seconds() // 3600)
        )

    def handle(self, *args, heures, **options):
        supprimes = purger(timezone.now() - timedelta(hours=heures))
        self.stdout.write(f"{supprimes} pièce(s) de brouillon supprimée(s).")
