"""The debt's history as a vector chart (SVG), with the figures for the table beside it."""

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
    points = [(d.date, float(d.montant)) for d in sorted(dettes, key=lambda d: (d.date, d.id))]
    if len(points) < 2:
        return ""
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
    graphique.add("Dette", points)
    return svg_sans_script(graphique)
