"""Sign-in with ProConnect (OpenID Connect), through mozilla-django-oidc.

What we add to the library: endpoints read from the discovery document (it knows only
fixed endpoint settings), the audience and issuer checks it leaves out, accounts matched by
normalised e-mail to an existing account or a pending invitation (never created without
one), and the `acr`/`amr` claims recorded; a second-factor acr (PROCONNECT_ACR_SECOND_FACTEUR)
counts as the session's second factor.
"""

from __future__ import annotations

import json
import logging

import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.views.generic import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from . import services
from .connexion import normaliser_email
from .models import ConnexionProConnect, Invitation
from .second_facteur import SESSION_MFA_PROCONNECT

logger = logging.getLogger(__name__)

# Discovery document entry for each endpoint setting of mozilla-django-oidc.
_POINTS_D_ACCES = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
DUREE_DECOUVERTE = 60 * 60


def actif() -> bool:
    return bool(settings.PROCONNECT_DISCOVERY_URL and settings.OIDC_RP_CLIENT_ID)


def decouverte() -> dict:
    """The provider's discovery document, cached an hour (it names keys and endpoints)."""
    url = settings.PROCONNECT_DISCOVERY_URL
    cle = f"proconnect-decouverte:{url}"
    try:
        document = cache.get(cle)
    except Exception:  # the cache (Redis) down must not stop sign-ins
        document = None
    if document is None:
        reponse = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        reponse.raise_for_status()
        document = reponse.json()
        try:
            cache.set(cle, document, DUREE_DECOUVERTE)
        except Exception:
            logger.warning("proconnect_decouverte_non_mise_en_cache")
    return document


def reglage(attr, *args):
    """mozilla-django-oidc's settings, the endpoints taken from the discovery document."""
    if attr in _POINTS_D_ACCES:
        return decouverte()[_POINTS_D_ACCES[attr]]
    return import_from_settings(attr, *args)


def _refuser(request, message: str) -> None:
    messages.error(request, message)
    return None


class ProConnectBackend(OIDCAuthenticationBackend):
    get_settings = staticmethod(reglage)

    def __init__(self, *args, **kwargs):
        # Django builds every backend at each password sign-in too: read nothing here.
        self.UserModel = get_user_model()

    def authenticate(self, request, **kwargs):
        # Only the callback view passes a nonce: a password sign-in never reaches ProConnect.
        if request is None or "nonce" not in kwargs or not actif():
            return None
        super().__init__()
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        # The library checks the signature, expiry and nonce, not who issued it for whom.
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("Jeton ProConnect émis pour un autre client.")
        if payload.get("iss") != decouverte().get("issuer"):
            raise SuspiciousOperation("Jeton ProConnect d’un autre émetteur.")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        request = self.request
        infos = self.get_userinfo(access_token, id_token, payload)
        email = normaliser_email(infos.get("email"))
        sub = payload.get("sub") or ""
        if not email or infos.get("sub", sub) != sub:
            return _refuser(request, "ProConnect n’a pas transmis d’adresse électronique.")
        if infos.get("email_verified") is False:
            # An address the provider says it did not check may be anyone's.
            return _refuser(
                request,
                "ProConnect n’a pas vérifié votre adresse électronique : connectez-vous avec "
                "votre adresse et votre mot de passe.",
            )
        if (
            ConnexionProConnect.objects.filter(sub=sub)
            .exclude(utilisateur__email__iexact=email)
            .exists()
        ):
            # This ProConnect identity signed in as someone else: an address changed or
            # claimed at the provider must not hand over another person's account.
            return _refuser(
                request,
                "Votre identité ProConnect est liée à un autre compte. Contactez "
                "l’administrateur de votre CCAPEX.",
            )
        utilisateur = self.UserModel.objects.filter(email__iexact=email).first()
        if utilisateur is None:
            invitation = Invitation.objects.valides().filter(email=email).first()
            if invitation is None:
                return _refuser(
                    request,
                    f"Aucun compte n’est ouvert à l’adresse {email} sur l’application CCAPEX. "
                    "Demandez une invitation à l’administrateur de votre CCAPEX, puis "
                    "reconnectez-vous avec ProConnect.",
                )
            utilisateur = services.accepter_invitation(
                invitation,
                prenom=(infos.get("given_name") or "")[:100],
                nom=(infos.get("usual_name") or "")[:100],
                mot_de_passe=None,
            )
        if not utilisateur.is_active:
            return _refuser(
                request, "Ce compte est désactivé. Contactez l’administrateur de votre CCAPEX."
            )
        if ConnexionProConnect.objects.filter(utilisateur=utilisateur).exclude(sub=sub).exists():
            # The address now belongs to another ProConnect identity: not the same person.
            return _refuser(
                request,
                "Ce compte est lié à une autre identité ProConnect. Contactez l’administrateur "
                "de votre CCAPEX.",
            )
        acr = payload.get("acr") or ""
        second_facteur = acr in settings.PROCONNECT_ACR_SECOND_FACTEUR
        ConnexionProConnect.objects.create(
            utilisateur=utilisateur,
            sub=sub,
            acr=acr,
            amr=payload.get("amr") or [],
            second_facteur=second_facteur,
        )
        # Kept through login(): the session key changes, its content stays.
        request.session[SESSION_MFA_PROCONNECT] = second_facteur
        return utilisateur


class ProConnectConnexionView(OIDCAuthenticationRequestView):
    """Sends the browser to ProConnect (state, nonce and PKCE by the library)."""

    get_settings = staticmethod(reglage)

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)  # settings are read on use, once ProConnect is on

    def get(self, request):
        if not actif():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = reglage("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except (requests.RequestException, ValueError, KeyError):
            logger.warning("proconnect_decouverte_indisponible")
            messages.error(request, "ProConnect ne répond pas : réessayez plus tard.")
            return HttpResponseRedirect(reverse("connexion"))
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)

    def get_extra_params(self, request):
        # Ask for the assurance level and the methods used in the ID token (recorded).
        claims = {"id_token": {"acr": None, "amr": {"essential": True}}}
        return {"claims": json.dumps(claims)}


class ProConnectRetourView(OIDCAuthenticationCallbackView):
    """ProConnect's answer: checks by the library and the backend, then our sign-in."""

    get_settings = staticmethod(reglage)

    @property
    def failure_url(self):
        return reverse("connexion")

    def get(self, request):
        if not actif():
            raise Http404
        if request.GET.get("error"):
            messages.error(request, "La connexion avec ProConnect a été annulée ou a échoué.")
        try:
            return super().get(request)
        except (requests.RequestException, ImproperlyConfigured, KeyError, ValueError):
            logger.warning("proconnect_echec_echange")
            messages.error(request, "ProConnect ne répond pas : réessayez plus tard.")
            return self.login_failure()
