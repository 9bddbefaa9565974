"""The partner space: an organisation's referrals and what the secretariat asks of it."""

from django.shortcuts import render

from partenaires.decorators import autorise_si
from partenaires.permissions import est_partenaire


@autorise_si(est_partenaire)
def espace_partenaire(request):
    return render(request, "dossiers/espace_partenaire.html")
