from urllib.parse import quote

from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from .second_facteur import doit_verifier, session_trop_ancienne

SESSION_ADHESION = "adhesion_id"


class AdhesionCouranteMiddleware:
    """Puts the membership chosen in the session (if still valid) on `request.user.adhesion`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        adhesion_id = request.session.get(SESSION_ADHESION) if user.is_authenticated else None
        if adhesion_id:
            choisie = next((a for a in user.adhesions_actives if a.pk == adhesion_id), None)
            if choisie is not None:
                user.adhesion = choisie
            else:
                del request.session[SESSION_ADHESION]
        return self.get_response(request)


# Paths reachable before the second factor is verified.
_AVANT_SECOND_FACTEUR = ("/securite/", "/deconnexion/", "/static/", "/healthz")


class SecondFacteurMiddleware:
    """The sign-in policy on every request: a session older than SESSION_DUREE_MAXIMALE is
    closed (LoginRequiredMiddleware then asks to sign in again), and a session that owes a
    second factor (partenaires/second_facteur.py) sees nothing but the /securite/ pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and session_trop_ancienne(request):
            logout(request)
        elif doit_verifier(request) and not request.path.startswith(_AVANT_SECOND_FACTEUR):
            return redirect(reverse("second_facteur") + "?next=" + quote(request.get_full_path()))
        return self.get_response(request)
