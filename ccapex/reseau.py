"""The client's address, the same for the sign-in lockout, rate limits and request logs."""

import ipaddress

from django.conf import settings


def ip_client(request) -> str:
    """The address of whoever sent the request.

    Each trusted reverse proxy (PROXIES_DE_CONFIANCE of them) appends the address it received
    the request from to X-Forwarded-For, so the Nth entry from the right is the one the
    outermost trusted proxy saw; everything to its left was written by the client and is
    ignored. With 0 proxies, the header is ignored entirely. A missing or unreadable entry
    falls back to REMOTE_ADDR (one shared bucket rather than a client-chosen one).
    """
    adresse = request.META.get("REMOTE_ADDR", "") or ""
    proxies = settings.PROXIES_DE_CONFIANCE
    if proxies > 0:
        entrees = [e.strip() for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        entrees = [e for e in entrees if e]
        if len(entrees) >= proxies:
            adresse = entrees[-proxies]
    try:
        return str(ipaddress.ip_address(adresse))
    except ValueError:
        return request.META.get("REMOTE_ADDR", "") or "0.0.0.0"
