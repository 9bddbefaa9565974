"""A real Celery worker process on the real broker (embedded Redis or REDIS_URL)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from ccapex.celery import app
from ccapex.tasks import ping

ROOT = Path(__file__).resolve().parents[2]


def demarrer_worker(extra_env: dict | None = None, inclure: str = "") -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ccapex.settings.test",
        **(extra_env or {}),
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "ccapex",
            "worker",
            "--pool",
            "solo",
            "--queues",
            settings.CELERY_TASK_DEFAULT_QUEUE,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel",
            "WARNING",
            *(["--include", inclure] if inclure else []),
        ],
        cwd=ROOT,
        env=env,
    )


def url_de_la_base_de_test() -> str:
    """DATABASE_URL of the test database, for a worker process that must see its rows."""
    from urllib.parse import urlsplit, urlunsplit

    from django.db import connection

    url = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(url._replace(path="/" + connection.settings_dict["NAME"]))


def arreter(worker: subprocess.Popen) -> None:
    worker.terminate()
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()


@pytest.fixture
def taches_par_le_broker(monkeypatch):
    """Send tasks through Redis instead of running them in-process."""
    monkeypatch.setitem(app.conf, "task_always_eager", False)


@pytest.mark.worker
def test_un_vrai_worker_execute_une_tache(taches_par_le_broker):
    worker = demarrer_worker()
    try:
        debut = time.monotonic()
        resultat = ping.delay("ccapex").get(timeout=60)
        assert resultat == "pong:ccapex"
        assert time.monotonic() - debut < 60
    finally:
        arreter(worker)


def test_configuration_celery():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.task_serializer == "json"
    assert app.conf.accept_content == ["json"]
    assert app.conf.task_time_limit and app.conf.task_soft_time_limit
    assert app.conf.task_soft_time_limit < app.conf.task_time_limit
    assert hasattr(ping, "delay_on_commit"), "DjangoTask expected"
