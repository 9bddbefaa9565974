"""Vector charts (SVG) of the balance's tables, for pages and the PDF alike.

No script: pygal's tooltips need JavaScript from a CDN, which the CSP forbids (`js=[]`);
every chart has its table beside it, which is what screen readers and exports use.
"""

import re

import pygal
from pygal.style import Style

from ccapex.formats import nombre

from .tableaux import Tableau

COULEURS = ("#000091", "#e1000f", "#169b62", "#ff9940", "#8585f6", "#a558a0", "#7f7f7f", "#b34000")
STYLE = Style(
    background="transparent",
    plot_background="transparent",
    colors=COULEURS,
    font_family="Marianne, Arial, sans-serif",
    legend_font_size=11,
    label_font_size=10,
)
OPTIONS = {
    "style": STYLE,
    "js": [],
    "disable_xml_declaration": True,
    "height": 320,
    "width": 720,
    "value_formatter": lambda valeur: nombre(valeur),
    "print_values": False,
    "legend_at_bottom": True,
    "legend_at_bottom_columns": 2,
    "truncate_legend": 40,
}


def _valeur(valeur):
    return valeur if isinstance(valeur, int | float) and not isinstance(valeur, bool) else None


def graphique(tableau: Tableau) -> str:
    """SVG markup for the table's chart; an empty string when it has none or nothing to draw."""
    if not tableau.graphique or tableau.vide:
        return ""
    if tableau.graphique == "camembert":
        chart = pygal.Pie(**OPTIONS, inner_radius=0.35)
        for ligne in tableau.lignes:
            valeur = _valeur(ligne[tableau.serie_graphique])
            if valeur:
                chart.add(str(ligne[0]), valeur)
        if not any(_valeur(ligne[tableau.serie_graphique]) for ligne in tableau.lignes):
            return ""
    elif tableau.graphique == "barres_annees":
        annees = [c.titre for c in tableau.colonnes[1:] if c.titre.isdigit()]
        chart = pygal.Bar(**OPTIONS, x_title="Année")
        chart.x_labels = annees
        for ligne in tableau.lignes:
            chart.add(str(ligne[0]), [_valeur(v) for v in ligne[1 : 1 + len(annees)]])
    else:
        colonnes = [i for i, c in enumerate(tableau.colonnes) if i and c.genre == "nombre"]
        # Horizontal bars: the categories' long labels stay readable.
        empilees = tableau.graphique == "barres_empilees"
        classe = pygal.HorizontalStackedBar if empilees else pygal.HorizontalBar
        chart = classe(**OPTIONS)
        chart.x_labels = [str(ligne[0]) for ligne in tableau.lignes]
        for i in colonnes:
            chart.add(tableau.colonnes[i].titre, [_valeur(ligne[i]) for ligne in tableau.lignes])
    chart.title = tableau.titre
    # pygal always writes its config as an inline <script>: useless without its JS, and
    # the CSP forbids inline scripts.
    return SCRIPT.sub("", chart.render(is_unicode=True))


SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)
