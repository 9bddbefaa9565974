from django.core.management.base import BaseCommand
from django.db import transaction

from ccapex.demo import MOT_DE_PASSE_DEMO, Demo, peupler


class Command(BaseCommand):
    help = "Crée (ou complète) un département fictif de démonstration. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--menages", type=int, default=200, help="nombre de ménages de démonstration"
        )
        parser.add_argument("--graine", type=int, default=2026, help="graine du hasard")
        parser.add_argument(
            "--logins", action="store_true", help="afficher seulement les comptes de démonstration"
        )

    def handle(self, *args, menages, graine, logins, **options):
        demo = Demo(menages=menages, graine=graine)
        if logins:
            demo.log = lambda message: None
        with transaction.atomic():
            peupler(demo)
        if logins or options["verbosity"] > 1:
            self.afficher_comptes(demo)
        else:
            self.stdout.write(self.style.SUCCESS("Données de démonstration prêtes."))

    def afficher_comptes(self, demo: Demo) -> None:
        self.stdout.write(f"Comptes de démonstration (mot de passe : {MOT_DE_PASSE_DEMO})")
        for role, email in demo.comptes:
            self.stdout.write(f"  {role:<28} {email}")
