"""`manage.py purger [--dry-run]`: retention of household files and import files
(docs/conservation.md)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from dossiers.services import conservation


class Command(BaseCommand):
    help = (
        "Verse en archive intermédiaire les dossiers restés sans décision, anonymise ceux "
        "dont l’archive intermédiaire est échue, efface les fichiers d’import de signalements "
        "échus et leurs rapports ligne par ligne, et supprime le journal des consultations "
        "expiré. --dry-run liste ce qui partirait, et pourquoi, sans rien changer."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Lister sans rien changer.")
        parser.add_argument(
            "--au", help="Date de référence AAAA-MM-JJ (par défaut : aujourd’hui).", default=None
        )

    def handle(self, *args, dry_run=False, au=None, **options):
        try:
            aujourd_hui = date.fromisoformat(au) if au else None
        except ValueError:
            raise CommandError("--au attend une date AAAA-MM-JJ.") from None
        rapport = conservation.purger(aujourd_hui=aujourd_hui, dry_run=dry_run)
        if dry_run:
            self.stdout.write("Simulation : rien n’est modifié.")
        for ligne in rapport.lignes():
            self.stdout.write(ligne)
