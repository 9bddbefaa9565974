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
