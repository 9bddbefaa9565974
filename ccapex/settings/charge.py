"""Load test (`make charge`): the production settings, with plain HTTP on the loopback.

Locust talks to gunicorn directly, without the TLS proxy: cookies cannot be `Secure` there.
Everything else (DEBUG off, manifest static files, security middleware, rate limits) is
production's."""

from .production import *  # noqa: F403

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
