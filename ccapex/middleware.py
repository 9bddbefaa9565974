import logging
import time

from .reseau import ip_client

logger = logging.getLogger("ccapex.requests")


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
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.monotonic() - start) * 1000),
                "ip": ip_client(request),
                "user_id": user.pk if user is not None and user.is_authenticated else "-",
            },
        )
        return response
