"""The idle expiry is written at most once a minute, and still ends idle sessions on time."""

from datetime import timedelta

import time_machine
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.partenaires.test_connexion import connexion


def _ecritures_de_session(client, url):
    with CaptureQueriesContext(connection) as contexte:
        assert client.get(url).status_code == 200
    return [
        q["sql"]
        for q in contexte.captured_queries
        if q["sql"].startswith('UPDATE "django_session"')
    ]


def _expiration(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_la_session_n_est_reecrite_qu_une_fois_par_minute(monde, client, settings):
    depart = timezone.now()
    with time_machine.travel(depart, tick=False):
        connexion(client, monde.partenaire.email)
        assert client.get("/partenaire/").status_code == 200
        expiration = _expiration(client)
    with time_machine.travel(depart + timedelta(seconds=30), tick=False):
        assert _ecritures_de_session(client, "/partenaire/") == []
        assert _expiration(client) == expiration
    plus_tard = depart + timedelta(seconds=settings.SESSION_PROLONGATION + 1)
    with time_machine.travel(plus_tard, tick=False):
        assert len(_ecritures_de_session(client, "/partenaire/")) == 1
        assert _expiration(client) == plus_tard + timedelta(seconds=settings.SESSION_COOKIE_AGE)


def test_une_session_active_reste_ouverte_une_session_inactive_se_ferme(monde, client, settings):
    depart = timezone.now()
    age = settings.SESSION_COOKIE_AGE
    with time_machine.travel(depart, tick=False):
        connexion(client, monde.partenaire.email)
    # A request every 20 minutes for two hours: never signed out.
    for minutes in range(20, 121, 20):
        with time_machine.travel(depart + timedelta(minutes=minutes), tick=False):
            assert client.get("/partenaire/").status_code == 200
    # Then idle for the whole idle limit (after the last push): signed out.
    with time_machine.travel(depart + timedelta(minutes=120, seconds=age + 1), tick=False):
        assert client.get("/partenaire/").status_code == 302


def test_une_inactivite_juste_sous_la_limite_moins_la_minute_garde_la_session(
    monde, client, settings
):
    """The worst case of the throttle: the last request fell just before a push was due, so
    the session may end up to SESSION_PROLONGATION early, never later."""
    depart = timezone.now()
    age = settings.SESSION_COOKIE_AGE
    with time_machine.travel(depart, tick=False):
        connexion(client, monde.partenaire.email)
    with time_machine.travel(depart + timedelta(seconds=59), tick=False):
        assert client.get("/partenaire/").status_code == 200  # not pushed: 59 s < 60 s
    # age - 60 s after that request is still within the expiry written at sign-in.
    with time_machine.travel(depart + timedelta(seconds=age - 2), tick=False):
        assert client.get("/partenaire/").status_code == 200


def test_un_visiteur_avec_un_vieux_cookie_ne_cree_pas_de_session(db, client, settings):
    client.cookies[settings.SESSION_COOKIE_NAME] = "inconnue0000000000000000000000000"
    avant = Session.objects.count()
    client.get("/connexion/")
    client.get("/healthz")
    assert Session.objects.count() == avant
