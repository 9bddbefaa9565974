from django.apps import AppConfig


class CcapexConfig(AppConfig):
    """Plumbing only: base templates, the demo command, the health check, the system checks.
    No models."""

    name = "ccapex"
    verbose_name = "CCAPEX"

    def ready(self):
        from . import verifications  # noqa: F401  (registers the system checks)
        from .recherche import enregistrer

        enregistrer()
