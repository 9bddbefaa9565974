from django.apps import AppConfig


class DossiersConfig(AppConfig):
    """The household's file: households, referrals, documents, imports, journal."""

    name = "dossiers"
    verbose_name = "dossiers"

    def ready(self):
        from dossiers.conservation import declarer_les_modeles_du_dossier

        declarer_les_modeles_du_dossier()
