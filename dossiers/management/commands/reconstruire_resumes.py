"""Rebuild the households' stored summary (after a bulk load, a restore or a data fix)."""

import time

from django.core.management.base import BaseCommand

from dossiers import resume


class Command(BaseCommand):
    help = (
        "Recalcule le résumé de tous les ménages (procédure en cours, stade, échéance, dette, "
        "nom de référence)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--lot", type=int, default=20000, help="ménages par requête")

    def handle(self, *args, lot, **options):
        debut = time.monotonic()
        modifies = resume.reconstruire(lot=lot)
        self.stdout.write(
            f"Résumé des ménages : {modifies} ménage(s) mis à jour "
            f"en {time.monotonic() - debut:.1f} s."
        )
