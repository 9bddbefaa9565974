"""The idle expiry is written at most once a minute, and still ends idle sessions on time."""

from datetime import timedelta

import time_machine
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
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


def test_un_appel_d_api_par_cle_ne_cree_pas_de_session(monde, settings):
    """DRF puts the key's user on the Django request too: it is authenticated, but signed in
    by no session, so no row and no session cookie may come of it."""
    from partenaires.services import nouveau_jeton_api
    from tests.partenaires.test_cles_api import API, api

    cle = nouveau_jeton_api(monde.bailleur, nom="Logiciel", par=monde.administrateur)
    avant = Session.objects.count()
    reponse = api(cle).get(API)
    assert reponse.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in reponse.cookies
    assert Session.objects.count() == avant


def test_un_choix_fait_dans_la_minute_est_enregistre(monde, client):
    """What a view writes to the session is saved even when no push of the expiry is due."""
    from partenaires.enums import Role
    from tests.partenaires.factories import AdhesionFactory

    AdhesionFactory(utilisateur=monde.partenaire, organisation=monde.caf, role=Role.MEMBRE)
    depart = timezone.now()
    with time_machine.travel(depart, tick=False):
        connexion(client, monde.partenaire.email)
        assert client.get("/").url == "/membre/"
    with time_machine.travel(depart + timedelta(seconds=10), tick=False):
        adhesion = monde.partenaire.adhesions.get(role=Role.PARTENAIRE)
        client.post(reverse("partenaires:compte"), {"adhesion": adhesion.pk})
    with time_machine.travel(depart + timedelta(seconds=20), tick=False):
        assert client.get("/").url == "/partenaire/"


def test_ni_la_deconnexion_ni_la_connexion_ne_laissent_revivre_une_ancienne_cle(
    monde, client, settings
):
    avant_connexion = client.session
    avant_connexion["panier"] = "x"
    avant_connexion.save()
    cle_anonyme = avant_connexion.session_key
    connexion(client, monde.partenaire.email)
    cle = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert cle != cle_anonyme  # rotated at sign-in
    assert client.get("/partenaire/").status_code == 200
    client.post(reverse("deconnexion"))
    assert not Session.objects.filter(session_key=cle).exists()
    # The old cookie, replayed: not signed in, and no row comes back under that key.
    rejoue = type(client)()
    rejoue.cookies[settings.SESSION_COOKIE_NAME] = cle
    assert rejoue.get("/partenaire/").status_code == 302
    assert not Session.objects.filter(session_key=cle).exists()
    assert all("_auth_user_id" not in s.get_decoded() for s in Session.objects.all())
