"""API authentication by a named, expiring key stored hashed (`CleApi`)."""

from datetime import timedelta

from django.utils import timezone
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed, Throttled

from ccapex.api import EchecsParAdresse

from .models import CleApi

# The last use is written at most once a minute per key: not one UPDATE per API call.
PRECISION_DERNIERE_UTILISATION = timedelta(minutes=1)


class CleApiAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`, as before; `request.auth` is the `CleApi`."""

    keyword = "Token"

    def authenticate(self, request):
        echecs = EchecsParAdresse(request)
        if echecs.bloquee():
            raise Throttled(
                detail="Trop de clés d’API refusées depuis cette adresse : réessayez plus tard."
            )
        try:
            return super().authenticate(request)
        except AuthenticationFailed:
            echecs.noter()
            raise

    def authenticate_credentials(self, key):
        cle = (
            CleApi.objects.select_related("utilisateur")
            .filter(empreinte=CleApi.empreinte_de(key))
            .first()
        )
        if cle is None or not cle.valide:
            raise AuthenticationFailed("Clé d’API inconnue, expirée ou révoquée.")
        if not cle.utilisateur.is_active:
            raise AuthenticationFailed("Le compte de cette clé d’API est désactivé.")
        maintenant = timezone.now()
        derniere = cle.derniere_utilisation
        if derniere is None or maintenant - derniere > PRECISION_DERNIERE_UTILISATION:
            CleApi.objects.filter(pk=cle.pk).update(derniere_utilisation=maintenant)
        return cle.utilisateur, cle
