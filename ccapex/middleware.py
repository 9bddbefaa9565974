import logging
import time

from django.http import JsonResponse

from .parametres import ParametreInvalide, erreur_de_requete
from .reseau import ip_client

logger = logging.getLogger("ccapex.requests")

# URL parts that are secrets (enrolment link, invitation, password reset): whoever reads the
# log must not be able to open them; they are logged as "…".
PARTIES_SECRETES = ("jeton", "token", "uidb64")


def chemin_journalise(request) -> str:
    chemin = request.path
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for nom in PARTIES_SECRETES:
            valeur = match.kwargs.get(nom)
            if valeur:
                chemin = chemin.replace(str(valeur), "…")
    # Never a raw control character or a huge path in the log line.
    return "".join(c if c.isprintable() else "?" for c in chemin[:300])


class RequestLogMiddleware:
    """One key=value line per request; the path only, never the query string (it may hold names)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        start = time.monotonic()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        logger.info(
            "request",
            extra={
                "method": request.method,
                "path": chemin_journalise(request),
                "status": response.status_code,
                "duration_ms": round((time.monotonic() - start) * 1000),
                "ip": ip_client(request),
                "user_id": user.pk if user is not None and user.is_authenticated else "-",
            },
        )
        return response


class ParametresMiddleware:
    """Refuses a path or query string holding a NUL byte or an absurdly long value, before
    any view reads it: French 400 page, or a DRF-shaped JSON 400 for the API."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        erreur = erreur_de_requete(request)
        if erreur is None:
            return self.get_response(request)
        nom, message = erreur
        if request.path.startswith("/api/"):
            # The shape of DRF's own validation errors.
            return JsonResponse({nom: [message]} if nom else {"detail": message}, status=400)
        from .views import requete_invalide

        return requete_invalide(request, ParametreInvalide(message))
