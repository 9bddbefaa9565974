from django.apps import AppConfig


class CcapexConfig(AppConfig):
    """Plumbing only: base templates, the demo command, the health check. No models."""

    name = "ccapex"
    verbose_name = "CCAPEX"

    def ready(self):
        from . import checks_sauvegardes  # noqa: F401  (registers the deploy check)
        from .recherche import enregistrer

        enregistrer()
