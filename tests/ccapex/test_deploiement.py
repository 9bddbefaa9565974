"""docker-compose.yml describes production; its commands are the Makefile's."""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def variables_du_makefile() -> dict[str, str]:
    texte = (ROOT / "Makefile").read_text()
    return dict(re.findall(r"^(\w+_CMD) := (.+)$", texte, flags=re.MULTILINE))


def test_services_attendus(compose):
    services = compose["services"]
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(services)
    assert re.fullmatch(r"postgres:1[78](\..*)?(-.*)?", services["postgres"]["image"])
    assert re.fullmatch(r"redis:7(\..*)?(-.*)?", services["redis"]["image"])


@pytest.mark.parametrize(("service", "variable"), [
    ("web", "WEB_CMD"), ("worker", "WORKER_CMD"), ("beat", "BEAT_CMD"),
])  # fmt: skip
def test_les_commandes_sont_celles_du_makefile(compose, service, variable):
    assert compose["services"][service]["command"] == variables_du_makefile()[variable]


def test_web_sert_avec_gunicorn(compose):
    assert compose["services"]["web"]["command"].startswith("gunicorn ccapex.wsgi")


@pytest.mark.parametrize("service", ["web", "worker", "beat"])
def test_reglages_depuis_env_et_volume_des_fichiers(compose, service):
    definition = compose["services"][service]
    assert definition["env_file"] == ".env"
    assert definition["environment"]["DJANGO_SETTINGS_MODULE"] == "ccapex.settings.production"
    assert "media:/data/media" in definition["volumes"]
    assert definition["environment"]["MEDIA_ROOT"] == "/data/media"
    assert "media" in compose["volumes"]


def test_env_example_documente_chaque_variable_lue():
    """Every environment variable the settings read appears in .env.example."""
    lues = set()
    for fichier in (ROOT / "ccapex" / "settings").glob("*.py"):
        lues |= set(re.findall(r'env(?:_bool|_list)?\("([A-Z_]+)"', fichier.read_text()))
    documentees = set(re.findall(r"^#?\s*([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert sorted(lues - documentees) == []
