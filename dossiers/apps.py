from django.apps import AppConfig


class DossiersConfig(AppConfig):
    """The commission's work: households, referrals, sessions, recommendations, follow-ups."""

    name = "dossiers"
    verbose_name = "dossiers"
