"""System checks on the settings: `manage.py check`, and `check --deploy` before going live."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from ccapex import antivirus


@checks.register(checks.Tags.security)
def adresse_de_l_antivirus(app_configs, **kwargs):
    """A malformed CLAMAV_URL stops `check` (hence `migrate`, `runserver`) rather than the
    first upload."""
    if not antivirus.actif():
        return []
    try:
        antivirus.client()
    except ImproperlyConfigured as erreur:
        return [checks.Error(str(erreur), id="ccapex.E001")]
    return []


@checks.register(checks.Tags.security, deploy=True)
def antivirus_configure(app_configs, **kwargs):
    """Without clamd, uploads are served unscanned: a deployer must choose it knowingly."""
    if antivirus.actif():
        return []
    return [
        checks.Warning(
            "CLAMAV_URL n’est pas réglée : les pièces jointes seront enregistrées et servies "
            "sans analyse antivirus (« non analysé »).",
            hint="Réglez CLAMAV_URL sur le démon ClamAV : tcp://hote:3310 ou "
            "unix:///run/clamav/clamd.ctl (docker compose : tcp://clamav:3310, son service "
            "clamav).",
            id="ccapex.W001",
        )
    ]


@checks.register(checks.Tags.security, deploy=True)
def sauvegardes_chiffrees(app_configs, **kwargs):
    """Backups in clear, or to a recipient that is not an age public key. Deploy only: a
    backup setting must not stop `migrate`."""
    from ccapex.sauvegardes import ErreurSauvegarde, destinataires

    if not settings.SAUVEGARDE_DESTINATAIRES:
        return [
            checks.Warning(
                "Les sauvegardes ne sont pas chiffrées (SAUVEGARDE_DESTINATAIRES est vide).",
                hint="Générez une paire de clés age hors du serveur et mettez la clé publique "
                "(age1…) dans SAUVEGARDE_DESTINATAIRES : README, « Sauvegardes et restauration ».",
                id="ccapex.W002",
            )
        ]
    try:
        destinataires(settings.SAUVEGARDE_DESTINATAIRES)
    except ErreurSauvegarde as erreur:
        return [checks.Error(str(erreur), id="ccapex.E002")]
    return []
