from django.apps import AppConfig


class CcapexConfig(AppConfig):
    """Plumbing only: base templates, the demo command, the health check. No models."""

    name = "ccapex"
    verbose_name = "CCAPEX"

    def ready(self):
        from .recherche import enregistrer

        enregistrer()
