from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from ccapex.formats import ESPACE, date_longue, euros, nombre, points, pourcent


def sans_espaces(texte: str) -> str:
    return texte.replace(ESPACE, " ")


@pytest.mark.parametrize(("valeur", "attendu"), [
    (10782, "10 782"), (0, "0"), (-1500, "-1 500"), (1234567, "1 234 567"), (999, "999"),
])  # fmt: skip
def test_nombre(valeur, attendu):
    assert sans_espaces(nombre(valeur)) == attendu


def test_euros():
    assert sans_espaces(euros(Decimal("1234.5"))) == "1 234,50 €"
    assert sans_espaces(euros(50000, 0)) == "50 000 €"


@pytest.mark.parametrize(("valeur", "signe", "attendu"), [
    (12.5, False, "12,5 %"), (12.0, True, "+12 %"), (0.45, True, "+0,5 %"),
    (-12.04, True, "−12 %"), (1.53, True, "+1,5 %"),
])  # fmt: skip
def test_pourcent(valeur, signe, attendu):
    assert sans_espaces(pourcent(valeur, signe=signe)) == attendu


def test_pourcent_deux_decimales():
    assert sans_espaces(pourcent(0.4494, 2, signe=True)) == "+0,45 %"


def test_points():
    assert sans_espaces(points(2)) == "+2 pts"
    assert sans_espaces(points(-0.5)) == "−0,5 pt"


def test_date_longue():
    assert date_longue(date(2026, 11, 24)) == "24 novembre 2026"
    assert date_longue(date(2026, 3, 1)) == "1er mars 2026"


@pytest.mark.parametrize("valeur", [
    date(2026, 3, 1), date(999, 12, 31), date(5, 1, 2), None, "",
    # Aware datetimes are shown in Paris time: 23:30 UTC is already the next day there,
    # in winter (UTC+1) and in summer (UTC+2); a naive one is taken as it is.
    datetime(2026, 2, 28, 23, 30, tzinfo=UTC), datetime(2026, 7, 31, 22, 30, tzinfo=UTC),
    datetime(2026, 12, 31, 23, 0, tzinfo=UTC), datetime(2026, 3, 1, 23, 30),
    # Not a date (a wrong variable): nothing, as Django's filter, never an error page.
    "2026-03-01", "abc", 0,
])  # fmt: skip
def test_date_courte_ecrit_comme_le_filtre_date(valeur):
    """`date_courte` replaces `date:"d/m/Y"` on the busiest pages: the same text."""
    from django.template import Context, Template

    gabarit = Template('{% load ccapex %}{{ v|date:"d/m/Y" }}|{{ v|date_courte }}')
    django, nous = gabarit.render(Context({"v": valeur})).split("|")
    assert nous == django


def test_date_courte_a_l_heure_de_paris():
    """A letter generated at 00:30 in Paris on 1 March is dated the 1st, not the 28th."""
    from django.template import Context, Template

    gabarit = Template("{% load ccapex %}{{ v|date_courte }}")
    assert gabarit.render(Context({"v": datetime(2026, 2, 28, 23, 30, tzinfo=UTC)})) == "01/03/2026"
