"""`GET /healthz`: is the database reachable, is the broker reachable. No versions, no details."""

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .celery import app


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def _broker_ok() -> bool:
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            return True
    except Exception:
        return False


@require_GET
@never_cache
def healthz(request):
    checks = {"database": _database_ok(), "broker": _broker_ok()}
    body = {name: "ok" if ok else "indisponible" for name, ok in checks.items()}
    body["status"] = "ok" if all(checks.values()) else "degraded"
    return JsonResponse(body, status=200 if all(checks.values()) else 503)
