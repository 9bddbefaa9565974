"""Celery tasks of the commission app, one module per concept (imported here for autodiscovery)."""

from commission.tasks import courriers, decisions, seances, suivis  # noqa: F401
