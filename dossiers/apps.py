from django.apps import AppConfig


class DossiersConfig(AppConfig):
    """The household's file: households, referrals, documents, imports, journal."""

    name = "dossiers"
    verbose_name = "dossiers"
