"""Home pages of the roles that work on dossiers."""

from django.shortcuts import render

from partenaires.decorators import autorise_si
from partenaires.permissions import est_membre, est_partenaire, est_secretariat


@autorise_si(est_secretariat)
def tableau_de_bord(request):
    return render(request, "dossiers/tableau_de_bord.html")


@autorise_si(est_membre)
def espace_membre(request):
    return render(request, "dossiers/espace_membre.html")


@autorise_si(est_partenaire)
def espace_partenaire(request):
    return render(request, "dossiers/espace_partenaire.html")
