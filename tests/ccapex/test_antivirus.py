"""The clamd client against a real ClamAV daemon (tests/clamd.py)."""

from pathlib import Path

import pytest
import yaml
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from ccapex import antivirus
from tests.clamd import (
    EICAR,
    PDF_INFECTE,
    SIGNATURE,
    fixture_clamd,  # noqa: F401  (the `clamd` fixture)
)
from tests.dossiers.factories_saisines import PDF


def test_eicar_detecte_fichier_sain_accepte(clamd):
    assert antivirus.analyser(EICAR) == antivirus.Verdict(
        sain=False, signature=SIGNATURE + ".UNOFFICIAL"
    )
    assert not antivirus.analyser(PDF_INFECTE).sain
    assert antivirus.analyser(PDF) == antivirus.Verdict(sain=True)


def test_daemon_arrete_pas_de_verdict(clamd):
    clamd.arreter()
    with pytest.raises(antivirus.Injoignable):
        antivirus.analyser(PDF)


def test_daemon_tcp_injoignable(settings):
    settings.CLAMAV_URL = "tcp://127.0.0.1:9"
    settings.CLAMAV_DELAI = 2
    with pytest.raises(antivirus.Injoignable):
        antivirus.analyser(PDF)


def test_adresse_mal_formee(settings):
    settings.CLAMAV_URL = "clamav:3310"
    with pytest.raises(ImproperlyConfigured, match="tcp://hote:3310"):
        antivirus.client()


@pytest.mark.parametrize(
    "url",
    [
        "clamav:3310",  # no scheme
        "http://clamav:3310",
        "tcp://",  # no host
        "tcp://clamav:port",  # a port that is not a number
        "tcp://clamav:70000",
        "tcp://clamav:0",
        "tcp://[::1",  # bracket never closed
        "unix://",  # no path
        "unix://run/clamav/clamd.ctl",  # two slashes: "run" would be read as a host
    ],
)
def test_adresses_refusees_par_le_client(settings, url):
    settings.CLAMAV_URL = url
    with pytest.raises(ImproperlyConfigured, match="tcp://hote:3310"):
        antivirus.client()


def _verifications(deploiement: bool) -> list:
    return [
        message
        for message in checks.run_checks(include_deployment_checks=deploiement)
        if message.id and message.id.startswith("ccapex.")
    ]


def test_sans_adresse_avertissement_au_deploiement_seulement(settings):
    settings.CLAMAV_URL = ""
    assert _verifications(deploiement=False) == []
    (avertissement,) = _verifications(deploiement=True)
    assert isinstance(avertissement, checks.Warning) and avertissement.id == "ccapex.W001"
    assert "servies sans analyse antivirus" in avertissement.msg
    assert "CLAMAV_URL" in avertissement.hint and "tcp://clamav:3310" in avertissement.hint


@pytest.mark.parametrize("url", ["clamav:3310", "tcp://clamav:port", "unix://run/clamd.ctl"])
def test_adresse_mal_formee_erreur_des_le_check(settings, url):
    """Under `check` alone, hence at `migrate` or `runserver`, not at the first upload."""
    settings.CLAMAV_URL = url
    for deploiement in (False, True):
        (erreur,) = _verifications(deploiement)
        assert isinstance(erreur, checks.Error) and erreur.id == "ccapex.E001"
        assert "tcp://hote:3310" in erreur.msg


@pytest.mark.parametrize("url", ["tcp://clamav:3310", "tcp://127.0.0.1", "unix:///run/clamd.ctl"])
def test_adresse_valide_rien_a_signaler(settings, url):
    """Nothing is opened at check time: the daemon need not be up yet."""
    settings.CLAMAV_URL = url
    assert _verifications(deploiement=True) == []


def test_sans_adresse_rien_n_est_analyse(settings):
    settings.CLAMAV_URL = ""
    assert not antivirus.actif()


def test_docker_compose_lance_clamav_et_le_relie():
    compose = yaml.safe_load(
        (Path(__file__).resolve().parents[2] / "docker-compose.yml").read_text()
    )
    assert compose["services"]["clamav"]["image"].startswith("clamav/clamav:")
    for service in ("web", "worker", "beat"):
        assert "tcp://clamav:3310" in compose["services"][service]["environment"]["CLAMAV_URL"]
