"""Deploy check (`manage.py check --deploy`): backups written in clear, or to a recipient
that is not an age public key. Deploy only: a backup setting must not stop `migrate`."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def sauvegardes_chiffrees(app_configs, **kwargs):
    from .sauvegardes import ErreurSauvegarde, destinataires

    if not settings.SAUVEGARDE_DESTINATAIRES:
        return [
            Warning(
                "Les sauvegardes ne sont pas chiffrées (SAUVEGARDE_DESTINATAIRES est vide).",
                hint="Générez une paire de clés age hors du serveur et mettez la clé publique "
                "(age1…) dans SAUVEGARDE_DESTINATAIRES : README, « Sauvegardes et restauration ».",
                id="ccapex.sauvegardes.W001",
            )
        ]
    try:
        destinataires(settings.SAUVEGARDE_DESTINATAIRES)
    except ErreurSauvegarde as erreur:
        return [Error(str(erreur), id="ccapex.sauvegardes.E001")]
    return []
