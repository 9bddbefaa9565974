"""Time the annual balance's queries on the current database (read only).

    python manage.py mesurer_bilan --annee 2025 [--territoire D-91] [--repetitions 10]

For every parc choice (all, social, private), computes `queries.bilan` repeatedly and prints
the number of queries and the median and 95th percentile in milliseconds. Fill a database
first with `python manage.py demo --menages 20000`; timing is measured here, never asserted
in the test suite.
"""

import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from indicateurs import queries, territoires
from indicateurs.parc import CHOIX
from partenaires.models import Departement


class Command(BaseCommand):
    help = "Mesure le calcul du bilan annuel (nombre de requêtes, médiane en ms) par parc."

    def add_arguments(self, parser):
        parser.add_argument("--annee", type=int, default=timezone.localdate().year - 1)
        parser.add_argument(
            "--territoire",
            default="",
            help="D-91, A-…, E-…, C-… ; par défaut le département qui compte le plus de ménages.",
        )
        parser.add_argument("--repetitions", type=int, default=10)

    def handle(self, *args, annee, territoire, repetitions, **options):
        departements = Departement.objects.annotate(n=Count("menages")).order_by("-n", "code")
        departement, objet = None, None
        for candidat in departements:
            objet = (
                territoires.depuis_code(territoire, candidat)
                if territoire
                else territoires.du_departement(candidat)
            )
            if objet is not None:
                departement = candidat
                break
        if objet is None:
            raise CommandError("Territoire introuvable dans cette base.")
        self.stdout.write(
            f"Bilan {annee} — {objet.libelle} ({departement.n} ménages dans le département)"
        )
        for parc, libelle in CHOIX:
            nombre, mediane, p95 = chronometrer(annee, objet, parc, repetitions)
            self.stdout.write(
                f"{libelle:<16} {nombre:3d} requêtes  médiane {mediane:7.0f} ms  p95 {p95:7.0f} ms"
            )


def chronometrer(annee: int, territoire, parc: str, repetitions: int) -> tuple[int, float, float]:
    """`queries.bilan` run `repetitions` times after a warm-up: (queries, median ms, p95 ms)."""
    queries.bilan(annee, territoire, parc)
    durees = []
    for _ in range(repetitions):
        with CaptureQueriesContext(connection) as requetes:
            debut = time.perf_counter()
            queries.bilan(annee, territoire, parc)
            durees.append((time.perf_counter() - debut) * 1000)
    p95 = sorted(durees)[int(0.95 * (len(durees) - 1))]
    return len(requetes), statistics.median(durees), p95
