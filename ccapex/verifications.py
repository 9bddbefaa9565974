"""System checks on the settings: `manage.py check`, and `check --deploy` before going live."""

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
