from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render

from ccapex.parametres import ParametreInvalide


@login_not_required
def page_statique(request, template: str):
    """Legal pages (accessibility, legal notice, personal data): public by law. The privacy
    notice reads what the deployer filled in (settings.INFORMATION_DONNEES)."""
    return render(request, f"ccapex/{template}.html", {"information": settings.INFORMATION_DONNEES})


def requete_invalide(request, exception=None):
    """handler400: our own refusals explain themselves; others (Django's) stay generic."""
    message = str(exception) if isinstance(exception, ParametreInvalide) else ""
    return render(request, "400.html", {"message": message}, status=400)


def trop_de_requetes(request, exception=None):
    return render(request, "ccapex/trop_de_requetes.html", status=429)
