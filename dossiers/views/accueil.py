"""Home pages of the secretariat and of commission members."""

from django.shortcuts import render

from partenaires.decorators import autorise_si
from partenaires.permissions import est_membre, est_secretariat


@autorise_si(est_secretariat)
def tableau_de_bord(request):
    return render(request, "dossiers/tableau_de_bord.html")


@autorise_si(est_membre)
def espace_membre(request):
    return render(request, "dossiers/espace_membre.html")
