"""Celery tasks of the dossiers app, one module per concept (imported here for autodiscovery)."""
