"""docker-compose.yml describes production; its commands are the Makefile's."""

import re
import shutil
import subprocess
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


def _motif(ligne: str) -> re.Pattern:
    """A .dockerignore line as `docker build` reads it (moby's patternmatcher): relative to
    the context's root whatever its slashes, `**` any number of directories, `*` and `?`
    within one path segment."""
    motif, expression, i = ligne.strip().strip("/"), "", 0
    while i < len(motif):
        if motif.startswith("**/", i):
            expression, i = expression + "(?:.*/)?", i + 3
        elif motif.startswith("**", i):
            expression, i = expression + ".*", i + 2
        else:
            expression += {"*": "[^/]*", "?": "[^/]"}.get(motif[i], re.escape(motif[i]))
            i += 1
    return re.compile(expression + r"\Z")


def hors_du_contexte(chemin: str) -> bool:
    """Whether the image's build context leaves the file out: a line matching the file or
    one of its directories excludes it, a `!` line takes it back, the last one decides."""
    regles = [
        (_motif(ligne.removeprefix("!")), not ligne.startswith("!"))
        for ligne in (ROOT / ".dockerignore").read_text().splitlines()
        if ligne.strip() and not ligne.startswith("#")
    ]
    parties = chemin.split("/")
    prefixes = ["/".join(parties[:n]) for n in range(1, len(parties) + 1)]
    exclu = False
    for motif, exclut in regles:
        if any(motif.match(prefixe) for prefixe in prefixes):
            exclu = exclut
    return exclu


def test_l_image_recoit_chaque_fichier_du_depot():
    """Nothing the build or the processes use is left out of the image: every tracked
    file (apps, settings, templates, static files, docs, manage.py, the lock file) is sent."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("no git checkout")
    suivis = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert {"manage.py", "pyproject.toml", "uv.lock", "ccapex/settings/production.py"} <= set(
        suivis
    )
    assert [chemin for chemin in suivis if hors_du_contexte(chemin)] == []


@pytest.mark.parametrize("chemin", [
    # The embedded servers' data, uploads, backups, mails and captures of `make run` / tests.
    "var/postgres/base/16384/2619", "var/redis/dump.rdb", "var/media/documents/avis.pdf",
    "var/sauvegardes/ccapex.dump", "var/courriels/1.log", "var/captures/liste.png",
    # Local settings (secrets), environments, caches.
    ".env", ".env.production", ".venv/bin/python", ".git/config",
    "dossiers/__pycache__/models.cpython-311.pyc", "__pycache__/x.pyc", "dossiers/ancien.pyc",
    "tests/oidc/node_modules/a/b.js",
])  # fmt: skip
def test_l_image_ne_recoit_ni_donnees_ni_secrets_locaux(chemin):
    assert hors_du_contexte(chemin)


def test_l_exemple_de_reglages_reste_dans_l_image():
    assert not hors_du_contexte(".env.example")
