"""The debt's history as a vector chart (SVG), with the figures for the table beside it."""

from functools import lru_cache
from uuid import uuid4

import pygal
from pygal.style import Style

from ccapex.formats import euros
from ccapex.graphiques import svg_sans_script

STYLE = Style(
    background="transparent",
    plot_background="transparent",
    colors=("#000091",),
    font_family="Marianne, Arial, sans-serif",
)


def graphique_dette(dettes) -> str:
    """SVG markup of the debt over time (empty string when fewer than two amounts)."""
    points = tuple((d.date, float(d.montant)) for d in sorted(dettes, key=lambda d: (d.date, d.id)))
    if len(points) < 2:
        return ""
    svg, identifiant = _svg(points)
    # A new chart id on each rendering, as pygal gives: two charts of a page never share one.
    return svg.replace(identifiant, str(uuid4()))


@lru_cache(maxsize=128)
def _svg(points: tuple) -> tuple[str, str]:
    """The chart and its id, kept for the same amounts: pygal took 8 ms for three of them
    (mostly its configuration), a tenth of the dossier page, drawn again on each visit."""
    graphique = pygal.DateLine(
        style=STYLE,
        js=[],  # no script from a CDN: the CSP forbids it and the chart needs none
        disable_xml_declaration=True,
        show_legend=False,
        height=260,
        x_label_rotation=30,
        x_value_formatter=lambda jour: jour.strftime("%d/%m/%Y"),
        value_formatter=lambda valeur: euros(valeur, 0),
        title="Évolution de la dette",
    )
    graphique.add("Dette", list(points))
    return svg_sans_script(graphique), graphique.uuid
