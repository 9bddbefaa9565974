from django.apps import AppConfig


class PartenairesConfig(AppConfig):
    """Who: territories, organisations, users and their roles."""

    name = "partenaires"
    verbose_name = "partenaires"
