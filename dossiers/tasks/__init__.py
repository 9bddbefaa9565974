"""Celery tasks of the dossiers app, one module per concept (imported here for autodiscovery)."""

from ..imports import taches as imports  # noqa: F401
from . import courriers, seances, suivis  # noqa: F401
