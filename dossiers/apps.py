from django.apps import AppConfig


class DossiersConfig(AppConfig):
    """The household's file: households, referrals, documents, imports, journal."""

    name = "dossiers"
    verbose_name = "dossiers"

    def ready(self):
        from dossiers.conservation import declarer_les_modeles_du_dossier
        from procedure.signals import procedure_modifiee

        declarer_les_modeles_du_dossier()
        procedure_modifiee.connect(_resumes_des_procedures, dispatch_uid="dossiers.resume")


def _resumes_des_procedures(sender, procedure_ids, **kwargs):
    from dossiers import resume

    resume.actualiser_des_procedures(procedure_ids)
