"""Rebuild the households' search text (after a bulk load, a restore or a data fix)."""

import time

from django.core.management.base import BaseCommand

from dossiers import recherche


class Command(BaseCommand):
    help = "Recalcule le texte de recherche de tous les ménages (noms, adresse, numéros)."

    def add_arguments(self, parser):
        parser.add_argument("--lot", type=int, default=20000, help="ménages lus par requête")

    def handle(self, *args, lot, **options):
        debut = time.monotonic()
        modifies = recherche.reconstruire(lot=lot)
        self.stdout.write(
            f"Texte de recherche : {modifies} ménage(s) mis à jour "
            f"en {time.monotonic() - debut:.1f} s."
        )
