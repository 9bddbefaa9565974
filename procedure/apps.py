from django.apps import AppConfig


class ProcedureConfig(AppConfig):
    """The law: judicial procedures, their dated acts, legal deadlines."""

    name = "procedure"
    verbose_name = "procédure"
