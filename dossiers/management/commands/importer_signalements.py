"""Import a file of administrative reports from the command line (same rules as the screen).

python manage.py importer_signalements --type cdp --departement 96 --dry-run fichier.csv
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from dossiers.enums import TypeImport
from dossiers.imports.formats import FORMATS
from dossiers.imports.lecture import verifier_tableur
from dossiers.imports.service import LIBELLES, importer
from partenaires.models import Departement


class Command(BaseCommand):
    help = "Importe des signalements (CDP, CAF, saisines préalables) depuis un CSV ou un XLSX."

    def add_arguments(self, parser):
        parser.add_argument("fichier", type=Path)
        parser.add_argument("--type", required=True, choices=TypeImport.values)
        parser.add_argument("--departement", required=True, help="Code du département, ex. 96")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Simulation : affiche ligne par ligne ce qui serait fait, sans rien écrire.",
        )

    def handle(self, *args, fichier: Path, type: str, departement: str, dry_run: bool, **options):
        departement_ = Departement.objects.filter(code=departement).first()
        if departement_ is None:
            raise CommandError(f"Département inconnu : {departement}.")
        try:
            contenu = fichier.read_bytes()
        except OSError as erreur:
            raise CommandError(f"Lecture impossible de {fichier} : {erreur}.") from erreur
        try:
            tableur = verifier_tableur(fichier.name, contenu)
            rapport = importer(
                tableur.contenu,
                tableur.format,
                spec=FORMATS[type],
                departement=departement_,
                par=None,
                simulation=dry_run,
                avancer=lambda fait: self.stderr.write(f"{fait} lignes lues"),
            )
        except ValidationError as erreur:
            raise CommandError(" ".join(erreur.messages)) from erreur
        if dry_run or options["verbosity"] > 1:
            self.stdout.write(rapport.csv.getvalue(), ending="")
        resume = ", ".join(f"{LIBELLES[k].lower()} : {v}" for k, v in rapport.compteurs.items())
        prefixe = "Simulation" if dry_run else "Import terminé"
        self.stdout.write(f"{prefixe} — {rapport.total} lignes ({resume}).")
