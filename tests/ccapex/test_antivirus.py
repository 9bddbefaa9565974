"""The clamd client against a real ClamAV daemon (tests/clamd.py)."""

from pathlib import Path

import pytest
import yaml
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
