import sys

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.defaults import page_not_found

from ccapex.parametres import ParametreInvalide


@login_not_required
def page_statique(request, template: str):
    """Legal pages (accessibility, legal notice, personal data): public by law. The privacy
    notice reads what the deployer filled in (settings.INFORMATION_DONNEES)."""
    return render(request, f"ccapex/{template}.html", {"information": settings.INFORMATION_DONNEES})


def requete_invalide(request, exception=None):
    """handler400: our own refusals explain themselves; others (Django's) stay generic."""
    message = str(exception) if isinstance(exception, ParametreInvalide) else ""
    if request.path.startswith("/api/"):  # the body the OpenAPI schema documents
        return _erreur_api(message or "Requête invalide.", 400)
    return render(request, "400.html", {"message": message}, status=400)


def introuvable(request, exception=None):
    """handler404: the API answers JSON (an address no route matches), pages the 404 page."""
    if request.path.startswith("/api/"):
        return _erreur_api("Introuvable.", 404)
    return page_not_found(request, exception)


def _erreur_api(detail: str, statut: int) -> JsonResponse:
    return JsonResponse(
        {"detail": detail}, status=statut, json_dumps_params={"ensure_ascii": False}
    )


def trop_de_requetes(request, exception=None):
    return render(request, "ccapex/trop_de_requetes.html", status=429)


def erreur_serveur(request):
    """handler500. The database being unreachable is an outage, not a bug: the French 503
    page, drawn from the template alone (no context processor, no query, no session)."""
    erreur = sys.exc_info()[1]
    if isinstance(erreur, (OperationalError, InterfaceError)):
        if request.path.startswith("/api/"):
            reponse = JsonResponse(
                {"detail": "Service momentanément indisponible. Réessayez dans quelques minutes."},
                status=503,
                json_dumps_params={"ensure_ascii": False},
            )
        else:
            reponse = HttpResponse(loader.render_to_string("503.html"), status=503)
        reponse["Retry-After"] = "60"
        return reponse
    return HttpResponseServerError(loader.render_to_string("500.html"))
