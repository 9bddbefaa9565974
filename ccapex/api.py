"""What every API view shares: permission classes built from our predicates, pagination."""

from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import BasePermission
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from .parametres import PAGE_MAX, ParametreInvalide, numero_de_page
from .reseau import ip_client


def permission_depuis(predicat, message: str):
    """A DRF permission class from a `peut_…(user)` predicate of an app."""

    class Permission(BasePermission):
        def has_permission(self, request, view):
            return bool(request.user and request.user.is_authenticated and predicat(request.user))

    Permission.message = message
    Permission.__name__ = f"Permission_{predicat.__name__}"
    return Permission


class Pagination(PageNumberPagination):
    """DRF's page numbers, with a malformed `page` refused as a 400 (DRF answers 404 for any
    page it cannot read); a well-formed page past the last one stays a 404."""

    def get_page_number(self, request, paginator):
        self.verifier_numero(request)
        return super().get_page_number(request, paginator)

    def get_schema_operation_parameters(self, view):
        # The bounds `verifier_numero` enforces, so that a schema-valid page is accepted.
        parametres = super().get_schema_operation_parameters(view)
        for parametre in parametres:
            if parametre["name"] == self.page_query_param:
                parametre["schema"] |= {"minimum": 1, "maximum": PAGE_MAX}
        return parametres

    def verifier_numero(self, request) -> None:
        numero = request.query_params.get(self.page_query_param)
        if numero in self.last_page_strings:
            return
        try:
            numero_de_page(numero)
        except ParametreInvalide as erreur:
            raise ValidationError({self.page_query_param: [str(erreur)]}) from erreur


class _Limite(SimpleRateThrottle):
    def get_rate(self):
        # Read at each request (not frozen at import), so that settings can change it.
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]


class LimiteParCle(_Limite):
    """Each API key (or signed-in user) has its own budget of requests."""

    scope = "cle"

    def get_cache_key(self, request, view):
        cle = getattr(request.auth, "pk", None)
        if cle is not None:
            return self.cache_format % {"scope": self.scope, "ident": f"cle-{cle}"}
        if request.user and request.user.is_authenticated:
            return self.cache_format % {"scope": self.scope, "ident": f"u-{request.user.pk}"}
        return None


class LimiteParAdresse(_Limite):
    """Every request, authenticated or not, counts against its client address: the same
    address as the sign-in lockout (PROXIES_DE_CONFIANCE), never DRF's own reading of
    X-Forwarded-For."""

    scope = "ip"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": ip_client(request)}


class EchecsParAdresse(_Limite):
    """Failed authentications per client address (keys tried at random): checked and
    counted by the authentication class, since DRF's throttles run after it."""

    scope = "echecs"

    def __init__(self, request):
        super().__init__()
        self.key = self.cache_format % {"scope": self.scope, "ident": ip_client(request)}

    def bloquee(self) -> bool:
        self.now = self.timer()
        self.history = [t for t in self.cache.get(self.key, []) if t > self.now - self.duration]
        return len(self.history) >= self.num_requests

    def noter(self) -> None:
        self.throttle_success()


def gestionnaire_d_exceptions(exc, context):
    """DRF's handler, with a French message for rate limits."""
    from rest_framework.views import exception_handler

    if isinstance(exc, Throttled):
        attente = f" Réessayez dans {exc.wait:.0f} secondes." if exc.wait else ""
        exc = Throttled(wait=exc.wait, detail="Trop de requêtes." + attente)
    return exception_handler(exc, context)


# Bodies of the errors every operation may answer (DRF's own shapes), for the schema.
ERREURS_DOCUMENTEES = {
    "400": "Requête invalide : un message en français par champ ou paramètre refusé.",
    "401": "Clé d’API absente, inconnue, expirée ou révoquée.",
    "403": "Cette clé ou ce compte n’a pas accès à cette opération.",
    "404": "Objet introuvable, ou hors de ce que cette clé peut voir.",
    "429": "Trop de requêtes : réessayez après le délai indiqué (en-tête Retry-After).",
}


def documenter_les_erreurs(result, generator, request, public):
    """drf-spectacular postprocessing hook: every operation documents its 400/401/403/404/429
    answers ({"detail": "…"} or {"champ": ["…"]}), so that clients and schemathesis know them,
    and that an empty query parameter is no filter."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Erreur"] = {
        "type": "object",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    }
    schemas["ErreurDeValidation"] = {
        "type": "object",
        "description": "Par champ ou paramètre refusé : la liste de ses messages ; "
        "ou `detail` pour une erreur d’ensemble.",
        "additionalProperties": {
            "oneOf": [
                {"type": "string"},
                {"type": "array", "items": {}},
                {"type": "object"},
            ]
        },
    }
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parametre in operation.get("parameters", []):
                # An empty filter means « no filter » (django-filter, our own parameters).
                if parametre.get("in") == "query" and not parametre.get("required"):
                    parametre["allowEmptyValue"] = True
            reponses = operation.setdefault("responses", {})
            for code, description in ERREURS_DOCUMENTEES.items():
                nom = "ErreurDeValidation" if code == "400" else "Erreur"
                reponses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {
                            "application/json": {"schema": {"$ref": f"#/components/schemas/{nom}"}}
                        },
                    },
                )
    return result
