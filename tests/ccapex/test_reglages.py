import logging
import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from pyrage import x25519

from ccapex.logging import KeyValueFormatter
from tests.ccapex.test_worker import url_de_la_base_de_test

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "ccapex.settings.production",
    "SECRET_KEY": "x7!Qz-production-like-secret-key-for-the-deploy-check-0123456789abcdef",
    "ALLOWED_HOSTS": "ccapex.exemple.gouv.fr",
    "CLAMAV_URL": "tcp://clamav:3310",
    # Backups encrypted (an empty value is a deploy warning: test_sauvegardes.py).
    "SAUVEGARDE_DESTINATAIRES": str(x25519.Identity.generate().to_public()),
}


def manage(*args, env: dict) -> subprocess.CompletedProcess:
    ecartees = {"SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in ecartees}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_sans_avertissement():
    resultat = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr
    assert "no issues" in resultat.stdout


def test_check_deploy_signale_l_antivirus_absent():
    """Without CLAMAV_URL, uploads are served unscanned: `check --deploy` says so."""
    resultat = manage(
        "check", "--deploy", "--fail-level", "WARNING", env={**PRODUCTION, "CLAMAV_URL": ""}
    )
    assert resultat.returncode != 0
    assert "(ccapex.W001) CLAMAV_URL n’est pas réglée" in resultat.stdout + resultat.stderr


def test_secret_key_obligatoire_en_production():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    resultat = manage("check", env=env)
    assert resultat.returncode != 0
    assert "La variable d'environnement SECRET_KEY est obligatoire" in resultat.stderr


def test_sqlite_refuse():
    resultat = manage("check", env={**PRODUCTION, "DATABASE_URL": "sqlite:///var/x.db"})
    assert resultat.returncode != 0
    assert "PostgreSQL" in resultat.stderr


def test_francais_et_europe_paris():
    assert settings.LANGUAGE_CODE == "fr-fr"
    assert settings.TIME_ZONE == "Europe/Paris"
    assert settings.USE_TZ


def test_fichiers_statiques_par_whitenoise():
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in settings.MIDDLEWARE
    assert settings.MEDIA_ROOT not in [Path(d) for d in settings.STATICFILES_DIRS]


def test_journal_en_cle_valeur():
    record = logging.LogRecord("ccapex.requests", logging.INFO, __file__, 1, "request", (), None)
    record.path = "/menages/"
    record.status = 200
    ligne = KeyValueFormatter().format(record)
    assert "level=info" in ligne
    assert "logger=ccapex.requests" in ligne
    assert "path=/menages/ status=200" in ligne
    message = logging.LogRecord("x", logging.WARNING, __file__, 1, 'a "b" c', (), None)
    assert 'msg="a \\"b\\" c"' in KeyValueFormatter().format(message)


def test_chaque_requete_journalisee_sans_query_string(client, db, caplog):
    with caplog.at_level(logging.INFO, logger="ccapex.requests"):
        client.get("/connexion/?nom=Dupont")
    (record,) = [r for r in caplog.records if r.name == "ccapex.requests"]
    assert record.path == "/connexion/"
    assert record.status == 200
    assert "Dupont" not in KeyValueFormatter().format(record)


def test_content_security_policy(client, db):
    reponse = client.get("/connexion/")
    csp = reponse.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    nonce = csp.split("'nonce-")[1].split("'")[0]
    scripts = re.findall(r"<script[^>]*>", reponse.content.decode())
    # External scripts come from 'self'; an inline one runs only with this response's nonce.
    assert scripts
    for balise in scripts:
        assert "src=" in balise or f'nonce="{nonce}"' in balise, balise


def test_compilation_jit_desactivee(db):
    """JIT made the household list 15 times slower on 20 000 households (see `make bench`)."""
    from django.db import connection

    with connection.cursor() as curseur:
        curseur.execute("SHOW jit")
        assert curseur.fetchone()[0] == "off"


def test_pas_de_processus_paralleles_pour_une_page(db):
    """Two parallel workers cost 14 ms for 1 ms of work on the origin filter at 100 000
    households (`make bench`): the setup cost keeps them for whole-département scans."""
    from django.db import connection

    with connection.cursor() as curseur:
        curseur.execute("SHOW parallel_setup_cost")
        assert float(curseur.fetchone()[0]) >= 10000


def test_les_options_de_database_url_s_ajoutent_aux_notres(db):
    """A deployer's `?options=` in DATABASE_URL is kept beside the project's settings of the
    connection, and wins for a setting both give."""
    from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

    # The embedded server's URL already has a query (`?host=` its socket directory).
    base = urlsplit(url_de_la_base_de_test())
    requete = [*parse_qsl(base.query), ("options", "-c statement_timeout=4321 -c jit=on")]
    url = urlunsplit(base._replace(query=urlencode(requete, quote_via=quote)))
    code = (
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    for nom in ('statement_timeout', 'jit', 'parallel_setup_cost',"
        " 'pg_trgm.word_similarity_threshold'):\n"
        "        c.execute('SHOW ' + nom); print(nom, c.fetchone()[0])"
    )
    env = {"DJANGO_SETTINGS_MODULE": "ccapex.settings.test", "DATABASE_URL": url}
    resultat = manage("shell", "-c", code, env=env)
    assert resultat.returncode == 0, resultat.stderr
    assert resultat.stdout.split("\n")[-5:-1] == [
        "statement_timeout 4321ms",
        "jit on",
        "parallel_setup_cost 10000",
        "pg_trgm.word_similarity_threshold 0.5",
    ]


def test_second_facteur_obligatoire_par_defaut_en_production(monkeypatch):
    """The test settings switch TOTP off through the environment: production must not inherit it."""
    monkeypatch.delenv("OTP_OBLIGATOIRE", raising=False)
    code = "from django.conf import settings; print(settings.OTP_OBLIGATOIRE)"
    resultat = manage("shell", "-c", code, env=PRODUCTION)
    assert resultat.returncode == 0, resultat.stderr
    assert resultat.stdout.strip().splitlines()[-1] == "True"


def test_check_deploy_avec_le_env_d_exemple_rempli(db):
    """.env.example as a deployer fills it in (secrets chosen, servers reachable): clean,
    database checks included."""
    texte = (ROOT / ".env.example").read_text()
    env = dict(re.findall(r"^([A-Z_]+)=(.*)$", texte, flags=re.MULTILINE))
    env |= {
        "DJANGO_SETTINGS_MODULE": "ccapex.settings.production",
        "SECRET_KEY": "Vq3-realistic-production-secret-9f8e7d6c5b4a3928171605f4e3d2c1b0a9",
        "POSTGRES_PASSWORD": "mot-de-passe-long-et-aleatoire",
        "EMAIL_HOST_PASSWORD": "secret-smtp",
        "SAUVEGARDE_DESTINATAIRES": PRODUCTION["SAUVEGARDE_DESTINATAIRES"],
        "DATABASE_URL": url_de_la_base_de_test(),
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
    }
    resultat = manage(
        "check", "--deploy", "--fail-level", "WARNING", "--database", "default", env=env
    )
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr
    assert "no issues" in resultat.stdout
