"""Schemathesis with every check against the live test server (issue 13 item 4): the OpenAPI
schema matches the responses, 400/403/404 bodies included."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from partenaires.services import nouveau_jeton_api
from tests.commission.test_ordre_du_jour import saisine_recevable
from tests.conftest import client_de

ROOT = Path(__file__).resolve().parents[2]
EXEMPLES = os.environ.get("SCHEMATHESIS_EXEMPLES", "10")


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_schemathesis_toutes_les_verifications(monde, live_server, tmp_path, settings):
    settings.ALLOWED_HOSTS = ["*"]
    saisine_recevable(monde, "Schemathesis")
    cle = nouveau_jeton_api(monde.bailleur, par=monde.administrateur, nom="schemathesis")
    schema = tmp_path / "schema.json"
    reponse = client_de(monde.secretariat).get("/api/schema/?format=json")
    assert reponse.status_code == 200
    schema.write_bytes(reponse.content)
    sortie = subprocess.run(
        [
            sys.executable, "-m", "schemathesis.cli",
            "--config-file", str(ROOT / "tests" / "schemathesis.toml"), "--no-color",
            "run", str(schema),
            "--url", live_server.url,
            "--checks", "all",
            "--header", f"Authorization: Token {cle}",
            "--max-examples", EXEMPLES,
            "--workers", "1",
            "--seed", "13",
            "--request-timeout", "30",
            "--suppress-health-check", "all",
        ],
        cwd=ROOT, capture_output=True, text=True, timeout=1200,
    )  # fmt: skip
    assert sortie.returncode == 0, sortie.stdout[-15000:] + sortie.stderr[-3000:]
