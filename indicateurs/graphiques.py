"""Vector charts (SVG) of the balance's tables, for pages and the PDF alike.

No script: pygal's tooltips need JavaScript from a CDN, which the CSP forbids (`js=[]`);
every chart has its table beside it, which is what screen readers and exports use.
"""

import pygal
from pygal.style import Style

from ccapex.formats import nombre
from ccapex.graphiques import svg_sans_script

from .tableaux import Tableau

COULEURS = ("#000091", "#e1000f", "#169b62", "#ff9940", "#8585f6", "#a558a0", "#7f7f7f", "#b34000")
STYLE = Style(
    background="transparent",
    plot_background="transparent",
    colors=COULEURS,
    font_family="Marianne, Arial, sans-serif",
    # Charts are drawn 720 wide and shown at about 450 px on the dashboard: bigger text.
    title_font_size=18,
    legend_font_size=15,
    label_font_size=14,
    major_label_font_size=14,
    value_font_size=14,
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
    "truncate_label": 40,
}


def _options(nombre_series: int, valeurs) -> dict:
    """Room for every legend row (two per line), and whole-number ticks for small counts
    (pygal would otherwise draw 0, 0.2… printed « 0 0 0 1 1 »)."""
    lignes_legende = -(-nombre_series // 2)
    options = {**OPTIONS, "height": OPTIONS["height"] + 26 * max(0, lignes_legende - 1)}
    maximum = max((v for v in valeurs if v is not None), default=0)
    if maximum < 10:
        options["y_labels"] = list(range(0, int(maximum) + 2))
    return options


def _valeur(valeur):
    return valeur if isinstance(valeur, int | float) and not isinstance(valeur, bool) else None


def graphique(tableau: Tableau) -> str:
    """SVG markup for the table's chart; an empty string when it has none or nothing to draw."""
    if not tableau.graphique or tableau.vide:
        return ""
    if tableau.graphique == "camembert":
        series = [ligne for ligne in tableau.lignes if _valeur(ligne[tableau.serie_graphique])]
        options = _options(len(series), [])
        options.pop("y_labels", None)
        chart = pygal.Pie(**options, inner_radius=0.35)
        for ligne in tableau.lignes:
            valeur = _valeur(ligne[tableau.serie_graphique])
            if valeur:
                chart.add(str(ligne[0]), valeur)
        if not any(_valeur(ligne[tableau.serie_graphique]) for ligne in tableau.lignes):
            return ""
    elif tableau.graphique == "barres_annees":
        annees = [c.titre for c in tableau.colonnes[1:] if c.titre.isdigit()]
        series = [[_valeur(v) for v in ligne[1 : 1 + len(annees)]] for ligne in tableau.lignes]
        # No x_title: pygal does not count it in the legend's room, which clipped the legend.
        chart = pygal.Bar(**_options(len(series), [v for serie in series for v in serie]))
        chart.x_labels = annees
        for ligne, serie in zip(tableau.lignes, series, strict=True):
            chart.add(str(ligne[0]), serie)
    else:
        colonnes = [i for i, c in enumerate(tableau.colonnes) if i and c.genre == "nombre"]
        # Horizontal bars: the categories' long labels stay readable.
        empilees = tableau.graphique == "barres_empilees"
        classe = pygal.HorizontalStackedBar if empilees else pygal.HorizontalBar
        valeurs = [_valeur(ligne[i]) for ligne in tableau.lignes for i in colonnes]
        if empilees:
            valeurs = [sum(_valeur(ligne[i]) or 0 for i in colonnes) for ligne in tableau.lignes]
        chart = classe(**_options(len(colonnes), valeurs))
        chart.x_labels = [str(ligne[0]) for ligne in tableau.lignes]
        for i in colonnes:
            chart.add(tableau.colonnes[i].titre, [_valeur(ligne[i]) for ligne in tableau.lignes])
    chart.title = tableau.titre
    return svg_sans_script(chart)
