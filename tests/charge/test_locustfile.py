"""The load scenario of `make charge` imports and only targets pages that exist."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import Resolver404, resolve

ROOT = Path(__file__).resolve().parents[2]
FICHIER = Path(__file__).with_name("locustfile.py")


@pytest.mark.slow
def test_le_scenario_s_importe_et_vise_des_pages_existantes():
    # In a process of its own: locust patches the standard library (gevent) on import.
    script = (
        "import json; from tests.charge import locustfile as m; "
        "print(json.dumps({r.__name__: [r.email, len(r.tasks)] "
        "for r in (m.Secretariat, m.Partenaire, m.Pilotage)}))"
    )
    sortie = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert sortie.returncode == 0, sortie.stderr[-2000:]
    roles = json.loads(sortie.stdout.strip().splitlines()[-1])
    assert {email for email, _ in roles.values()} == {
        "secretariat@ccapex.example",
        "partenaire@ccapex.example",
        "pilotage@ccapex.example",
    }
    assert all(taches for _, taches in roles.values())

    urls = set(re.findall(r'"(/[a-z0-9_\-/{}]*)[?"]', FICHIER.read_text()))
    assert len(urls) >= 10
    for url in urls:
        # A placeholder is an id, or a query string (« /indicateurs/{annee} »).
        if not any(_existe(re.sub(r"\{[^}]+\}", valeur, url)) for valeur in ("1", "")):
            pytest.fail(f"{url} : aucune page")
    assert "/seances/{pk}/feuille/" in urls and "/partenaire/saisines/nouvelle/" in urls


def _existe(url: str) -> bool:
    try:
        resolve(url)
    except Resolver404:
        return False
    return True
