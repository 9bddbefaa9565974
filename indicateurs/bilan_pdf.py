"""The annual balance as a PDF: cover, contents with page numbers, sections, vector charts."""

from django.utils import timezone

from ccapex.pdf import rendre_pdf

from . import queries
from .graphiques import graphique
from .tableaux import sections, tableaux


def contexte_bilan(bilan) -> dict:
    liste = tableaux(bilan)
    for tableau in liste:
        tableau.svg = graphique(tableau)
    return {"bilan": bilan, "sections": sections(liste), "genere_le": timezone.localdate()}


def bilan_pdf(annee: int, territoire, avancer=lambda *a, **k: None, parc: str = "") -> bytes:
    avancer(0, 3)
    bilan = queries.bilan(annee, territoire, parc)
    avancer(1)
    contexte = contexte_bilan(bilan)
    avancer(2)
    return rendre_pdf("pdf/bilan_annuel.html", contexte)
