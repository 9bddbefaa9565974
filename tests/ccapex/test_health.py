import pytest
from django.db import connection

from ccapex import health
from ccapex.celery import app


def test_healthz_repond_200_sans_authentification(client, db):
    reponse = client.get("/healthz")
    assert reponse.status_code == 200
    assert reponse.json() == {"database": "ok", "broker": "ok", "status": "ok"}


def test_healthz_ne_divulgue_aucune_version(client, db):
    reponse = client.get("/healthz")
    texte = reponse.content.decode() + " ".join(f"{k}: {v}" for k, v in reponse.headers.items())
    for indice in ("PostgreSQL", "Redis", "Django", "version", "Python"):
        assert indice.lower() not in texte.lower()


def test_healthz_503_si_le_broker_ne_repond_pas(client, db, monkeypatch):
    # A real connection attempt to a closed port, not a mock.
    monkeypatch.setitem(app.conf, "broker_url", "redis://127.0.0.1:1/0")
    reponse = client.get("/healthz")
    assert reponse.status_code == 503
    assert reponse.json()["broker"] == "indisponible"
    assert reponse.json()["database"] == "ok"


@pytest.mark.django_db
def test_healthz_503_si_la_base_ne_repond_pas(client, monkeypatch):
    injoignable = type(connection)(
        {**connection.settings_dict, "HOST": "127.0.0.1", "PORT": "1", "CONN_MAX_AGE": 0},
        alias="injoignable",
    )
    monkeypatch.setattr(health, "connection", injoignable)
    reponse = client.get("/healthz")
    assert reponse.status_code == 503
    assert reponse.json() == {"database": "indisponible", "broker": "ok", "status": "degraded"}
