"""Benchmark of the pages agents use all day, on a large demo département.

    python manage.py mesurer --menages 20000

Fills the demo département up to N households (bulk), then requests each page repeatedly
through Django's test client and reports the median and 95th percentile against the
budgets below; exits with an error when a budget is exceeded. Timing is measured here, never
asserted in the test suite.
"""

import statistics
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dossiers.models import Menage
from partenaires.models import Utilisateur

# Median budgets in milliseconds, on the 2-core machine of the README.
BUDGETS_MS = {
    "liste des ménages": 250,
    "recherche « martin »": 400,
    "filtre stade + échéance": 300,
    "page d’un dossier": 200,
    "API /api/v1/dossiers/": 300,
}


class Command(BaseCommand):
    help = "Mesure les pages principales sur un grand département de démonstration."

    def add_arguments(self, parser):
        parser.add_argument("--menages", type=int, default=20000)
        parser.add_argument("--repetitions", type=int, default=20)

    def handle(self, *args, menages, repetitions, **options):
        import logging

        logging.getLogger("ccapex.requests").setLevel(logging.WARNING)
        debut = time.monotonic()
        call_command("migrate", verbosity=0)
        call_command("demo", "--menages", str(menages), verbosity=0)
        self.stdout.write(
            f"Base prête : {Menage.objects.count()} ménages "
            f"({time.monotonic() - debut:.0f} s pour la compléter)"
        )
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(Utilisateur.objects.get(email="secretariat@ccapex.example"))
        numero = Menage.objects.filter(procedures__actes__isnull=False).order_by("-pk")[0].numero
        pages = {
            "liste des ménages": "/menages/",
            "recherche « martin »": "/menages/?q=martin",
            "filtre stade + échéance": "/menages/?stade=cql&echeance_dans=30",
            "page d’un dossier": f"/menages/{numero}/",
            "API /api/v1/dossiers/": "/api/v1/dossiers/",
        }
        depasses = []
        for nom, url in pages.items():
            client.get(url)  # warm-up
            durees = []
            for _ in range(repetitions):
                with CaptureQueriesContext(connection) as requetes:
                    t0 = time.perf_counter()
                    reponse = client.get(url)
                    durees.append((time.perf_counter() - t0) * 1000)
                if reponse.status_code != 200:
                    raise CommandError(f"{url} : statut {reponse.status_code}")
            mediane = statistics.median(durees)
            p95 = sorted(durees)[int(0.95 * (len(durees) - 1))]
            budget = BUDGETS_MS[nom]
            etat = "ok" if mediane <= budget else "DÉPASSÉ"
            if mediane > budget:
                depasses.append(nom)
            self.stdout.write(
                f"{nom:<28} médiane {mediane:6.0f} ms  p95 {p95:6.0f} ms  "
                f"{len(requetes):3d} requêtes  budget {budget} ms  {etat}"
            )
        if depasses:
            raise CommandError("Budget dépassé : " + ", ".join(depasses))
