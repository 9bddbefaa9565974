"""The clamd client against a real ClamAV daemon (tests/clamd.py)."""

import re
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
        # Nothing silently dropped or repaired:
        "tcp://clam av:3310",  # a host with a space (the daemon never found)
        "tcp://clamav,autre:3310",
        "tcp://clamav ",  # the space would end the host name
        " tcp://clamav:3310",  # urlsplit would strip the space…
        "tcp://clamav:3310\n",  # …and the newline
        "tcp://clam\tav:3310",  # …and the tab inside
        "tcp://utilisateur:secret@clamav:3310",  # clamd has no login
        "tcp://clamav:3310/scan",
        "tcp://clamav:3310?delai=5",
        "unix:///run/clamav/clamd.ctl#1",
        "unix:run/clamav/clamd.ctl",  # relative to wherever the process started
        "unix:///run/clamav/",  # a directory, never a socket
        "unix:///run/clamav/clamd.ctl ",
        "   ",  # set, but to nothing: an error, not the antivirus silently off
    ],
)
def test_adresses_refusees_par_le_client(settings, url):
    settings.CLAMAV_URL = url
    with pytest.raises(ImproperlyConfigured, match="tcp://hote:3310"):
        antivirus.client()


@pytest.mark.parametrize(
    ("url", "attendu"),
    [
        ("tcp://clamav:3310", ("clamav", 3310)),
        ("tcp://clamav:3311/", ("clamav", 3311)),
        ("tcp://10.0.0.7", ("10.0.0.7", 3310)),  # clamd's own port by default
        ("tcp://[::1]:3312", ("::1", 3312)),
        ("tcp://ClamAV.interne", ("clamav.interne", 3310)),
        ("unix:///run/clamav/clamd.ctl", "/run/clamav/clamd.ctl"),
        ("unix:/run/clamav/clamd.ctl", "/run/clamav/clamd.ctl"),
    ],
)
def test_le_client_va_ou_dit_l_adresse(settings, url, attendu):
    """The host, port or socket the client will open are those of the address."""
    settings.CLAMAV_URL = url
    client = antivirus.client()
    if isinstance(attendu, tuple):
        assert (client.host, client.port) == attendu
    else:
        assert client.unix_socket == attendu
    assert client.timeout == settings.CLAMAV_DELAI


def _verifications(deploiement: bool) -> list:
    return [
        message
        for message in checks.run_checks(include_deployment_checks=deploiement)
        if message.id in ("ccapex.W001", "ccapex.E001")  # the antivirus's own
    ]


def test_sans_adresse_avertissement_au_deploiement_seulement(settings):
    settings.CLAMAV_URL = ""
    assert _verifications(deploiement=False) == []
    (avertissement,) = _verifications(deploiement=True)
    assert isinstance(avertissement, checks.Warning) and avertissement.id == "ccapex.W001"
    assert "servies sans analyse antivirus" in avertissement.msg
    assert "CLAMAV_URL" in avertissement.hint and "tcp://clamav:3310" in avertissement.hint


@pytest.mark.parametrize(
    "url", ["clamav:3310", "tcp://clamav:port", "unix://run/clamd.ctl", "tcp://clam av", " "]
)
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
    """Every service that runs Django (the application's image: web, worker, beat, but also
    migrate and sauvegarde, whose commands run `check`) reaches the clamav service by a valid
    address, `.env` or not."""
    compose = yaml.safe_load(
        (Path(__file__).resolve().parents[2] / "docker-compose.yml").read_text()
    )
    services = compose["services"]
    assert services["clamav"]["image"].startswith("clamav/clamav:")
    django = {nom for nom, service in services.items() if service.get("image") == "ccapex:latest"}
    assert {"web", "worker", "beat", "migrate", "sauvegarde"} <= django
    for nom in django:
        valeur = services[nom]["environment"]["CLAMAV_URL"]
        # `${CLAMAV_URL:-…}`: the default when `.env` leaves it empty or unset.
        (defaut,) = re.fullmatch(r"\$\{CLAMAV_URL:-(.+)\}", valeur).groups()
        client = antivirus.client(defaut)
        assert (client.host, client.port) == ("clamav", 3310), nom
