from django.apps import AppConfig


class CommissionConfig(AppConfig):
    """The commission's work: sessions, recommendations, letters, follow-ups."""

    name = "commission"
    verbose_name = "commission"
