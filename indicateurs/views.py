from django.shortcuts import render

from partenaires.decorators import autorise_si
from partenaires.permissions import est_pilotage, est_secretariat


def peut_voir_indicateurs(user) -> bool:
    """Aggregates are for the secretariat and the steering (pilotage) role."""
    return est_secretariat(user) or est_pilotage(user)


@autorise_si(peut_voir_indicateurs)
def accueil(request):
    return render(request, "indicateurs/accueil.html")
