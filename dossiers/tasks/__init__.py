"""Celery tasks of the dossiers app (imported here for autodiscovery)."""

from dossiers.imports import taches as imports  # noqa: F401
from dossiers.tasks import brouillons, conservation, documents, resumes  # noqa: F401
