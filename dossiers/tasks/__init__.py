"""Celery tasks of the dossiers app, one module per concept (imported here for autodiscovery)."""

from . import courriers, seances, suivis  # noqa: F401
