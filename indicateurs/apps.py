from django.apps import AppConfig


class IndicateursConfig(AppConfig):
    """Read-only aggregates, dashboards, the annual balance."""

    name = "indicateurs"
    verbose_name = "indicateurs"
