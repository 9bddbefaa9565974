"""`make charge`: the locust scenario (tests/charge/locustfile.py) against gunicorn with the
production settings, on the demo data of a database of its own.

Run inside `python -m ccapex.embedded exec --` (DATABASE_URL and REDIS_URL set). Variables:
CHARGE_UTILISATEURS (50), CHARGE_DUREE (5m), CHARGE_MONTEE (users started per second, 5),
CHARGE_WORKERS (gunicorn workers, 3 as in production), CHARGE_BASE (database, ccapex_charge).
Prints requests/s, p95 per page and errors; exits 1 when a goal is missed (0 errors, every
page's p95 ≤ CHARGE_P95_MS, 500 ms)."""

from __future__ import annotations

import csv
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "charge"


def _port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _base_a_part(url: str, nom: str) -> str:
    """The same server, a database of its own (created once): the load test's referrals
    never land in anyone's data."""
    import psycopg

    morceaux = urlsplit(url)
    with psycopg.connect(urlunsplit(morceaux._replace(path="/postgres")), autocommit=True) as c:
        if not c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [nom]).fetchone():
            c.execute(f'CREATE DATABASE "{nom}"')
    return urlunsplit(morceaux._replace(path="/" + nom))


def environnement() -> dict[str, str]:
    env = dict(os.environ)
    env |= {
        "DJANGO_SETTINGS_MODULE": "ccapex.settings.charge",
        "DATABASE_URL": _base_a_part(env["DATABASE_URL"], env.get("CHARGE_BASE", "ccapex_charge")),
        "SECRET_KEY": env.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "OTP_OBLIGATOIRE": "0",  # the demo accounts have no second factor
        "STATIC_ROOT": str(VAR / "static"),
        "MEDIA_ROOT": str(VAR / "media"),
        "LOG_LEVEL": "WARNING",
        "CACHE_PREFIX": "ccapex-charge",
        # Many users sign in from 127.0.0.1: the public form's and sign-in limits would count
        # them as one person.
        "AXES_FAILURE_LIMIT": "1000",
        "LIMITE_SAISINE_PUBLIQUE": "100000/h",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    return env


def _manage(env, *args) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def _attendre(url: str, delai: float = 60) -> None:
    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} ne répond pas")


def main() -> int:
    utilisateurs = os.environ.get("CHARGE_UTILISATEURS", "50")
    duree = os.environ.get("CHARGE_DUREE", "5m")
    montee = os.environ.get("CHARGE_MONTEE", "5")
    objectif_ms = float(os.environ.get("CHARGE_P95_MS", "500"))
    VAR.mkdir(parents=True, exist_ok=True)
    env = environnement()
    _manage(env, "migrate", "--no-input", "-v", "0")
    _manage(env, "demo")
    _manage(env, "collectstatic", "--no-input", "-v", "0")
    port = _port_libre()
    hote = f"http://127.0.0.1:{port}"
    processus = [
        subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "ccapex.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", env.get("CHARGE_WORKERS", "3"), "--access-logfile", "/dev/null"],
            cwd=ROOT, env=env,
        ),
        subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "ccapex", "worker", "--concurrency", "1",
             "--loglevel", "WARNING", "--without-gossip", "--without-mingle"],
            cwd=ROOT, env=env,
        ),
    ]  # fmt: skip
    try:
        _attendre(f"{hote}/healthz")
        prefixe = VAR / "resultats"
        subprocess.run(
            [sys.executable, "-m", "locust", "-f", str(ROOT / "tests" / "charge" / "locustfile.py"),
             "--headless", "--host", hote, "-u", utilisateurs, "-r", montee, "-t", duree,
             "--csv", str(prefixe), "--only-summary", "--loglevel", "WARNING"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        return rapport(prefixe.with_name("resultats_stats.csv"), objectif_ms)
    finally:
        for p in processus:
            p.send_signal(signal.SIGTERM)
        for p in processus:
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                p.kill()


def rapport(fichier: Path, objectif_ms: float) -> int:
    """One line per page: requests, errors, median and p95; then the total and the goals."""
    with fichier.open(newline="") as f:
        lignes = list(csv.DictReader(f))
    total = next(ligne for ligne in lignes if ligne["Name"] == "Aggregated")
    pages = [ligne for ligne in lignes if ligne["Name"] != "Aggregated"]
    print(f"\n{'page':<45} {'requêtes':>9} {'erreurs':>8} {'médiane':>8} {'p95 (ms)':>9}")
    for ligne in sorted(pages, key=lambda ligne: -float(ligne["95%"])):
        print(
            f"{ligne['Name'][:45]:<45} {ligne['Request Count']:>9} {ligne['Failure Count']:>8} "
            f"{ligne['50%']:>8} {ligne['95%']:>9}"
        )
    erreurs = int(total["Failure Count"])
    lentes = [ligne["Name"] for ligne in pages if float(ligne["95%"]) > objectif_ms]
    print(
        f"\nTotal : {total['Request Count']} requêtes, "
        f"{float(total['Requests/s']):.1f} requêtes/s, {erreurs} erreurs, "
        f"p95 global {total['95%']} ms"
    )
    print(f"Objectif 0 erreur : {'atteint' if erreurs == 0 else 'NON atteint'}")
    print(
        f"Objectif p95 ≤ {objectif_ms:.0f} ms par page : "
        + ("atteint" if not lentes else "NON atteint (" + ", ".join(lentes) + ")")
    )
    return 0 if erreurs == 0 and not lentes else 1


if __name__ == "__main__":
    sys.exit(main())
