from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from .enums import ROLES_SECOND_FACTEUR
from .models import Adhesion

SESSION_ADHESION = "adhesion_id"


class AdhesionCouranteMiddleware:
    """Puts the membership chosen in the session (if still valid) on `request.user.adhesion`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        adhesion_id = request.session.get(SESSION_ADHESION) if user.is_authenticated else None
        if adhesion_id:
            choisie = (
                Adhesion.objects.actives()
                .select_related("organisation__departement")
                .filter(utilisateur=user, pk=adhesion_id)
                .first()
            )
            if choisie is not None:
                user.adhesion = choisie
            else:
                del request.session[SESSION_ADHESION]
        return self.get_response(request)


# Paths reachable before the second factor is verified.
_AVANT_SECOND_FACTEUR = ("/securite/", "/deconnexion/", "/static/", "/healthz")


class SecondFacteurMiddleware:
    """Secretariat and administrator sessions must be verified by TOTP (when required)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._doit_verifier(request):
            return redirect(reverse("second_facteur") + "?next=" + request.get_full_path())
        return self.get_response(request)

    @staticmethod
    def _doit_verifier(request) -> bool:
        user = request.user
        return (
            settings.OTP_OBLIGATOIRE
            and user.is_authenticated
            and user.role in ROLES_SECOND_FACTEUR
            and not user.is_verified()
            and not request.path.startswith(_AVANT_SECOND_FACTEUR)
        )
