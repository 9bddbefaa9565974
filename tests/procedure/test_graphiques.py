from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from procedure.graphiques import graphique_dette


def test_graphique_de_la_dette_sans_script():
    """pygal writes an inline <script> that the CSP refuses (a console error on every dossier
    page with a debt chart): the SVG must come without it."""
    dettes = [
        SimpleNamespace(id=1, date=date(2026, 1, 31), montant=Decimal("1200")),
        SimpleNamespace(id=2, date=date(2026, 4, 30), montant=Decimal("2450.50")),
    ]
    svg = graphique_dette(dettes)
    assert svg.startswith("<svg") and "Évolution de la dette" in svg
    assert "<script" not in svg


def test_graphique_garde_pour_les_memes_montants_avec_un_nouvel_identifiant():
    """The chart is kept for the same amounts (pygal is a tenth of the dossier page), but
    each rendering has its own id, as pygal gives: two charts of a page never share one."""
    import re

    dettes = [
        SimpleNamespace(id=1, date=date(2026, 1, 31), montant=Decimal("1200")),
        SimpleNamespace(id=2, date=date(2026, 4, 30), montant=Decimal("900")),
    ]
    premier, second = graphique_dette(dettes), graphique_dette(dettes)
    uuid = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    assert re.search(uuid, premier).group() != re.search(uuid, second).group()
    assert re.sub(uuid, "", premier) == re.sub(uuid, "", second)
    dettes[1].montant = Decimal("950")
    assert re.sub(uuid, "", graphique_dette(dettes)) != re.sub(uuid, "", premier)
