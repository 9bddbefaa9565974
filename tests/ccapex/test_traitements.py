import os
import signal
import time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ccapex.celery import app
from ccapex.enums import StatutTraitement
from ccapex.models import Traitement
from ccapex.traitements import _message, lancer
from tests.ccapex import taches_de_test  # noqa: F401 (registers the test job)
from tests.ccapex.test_worker import arreter, demarrer_worker, url_de_la_base_de_test
from tests.conftest import client_de


def lancer_compte(monde, capture, **parametres):
    with capture(execute=True):
        return lancer(
            "test_compter",
            libelle="Compter",
            departement=monde.departement,
            par=monde.secretariat,
            parametres=parametres,
        )


def test_traitement_termine_avec_fichier(monde, django_capture_on_commit_callbacks):
    traitement = lancer_compte(monde, django_capture_on_commit_callbacks, n=4)
    traitement.refresh_from_db()
    assert traitement.statut == StatutTraitement.TERMINE
    assert traitement.fait == traitement.total == 4
    assert traitement.progression == 100
    assert traitement.fichier.read() == b"4\n"
    assert traitement.resultat == {"n": 4}


def test_echec_sans_fichier_puis_relance(monde, django_capture_on_commit_callbacks):
    traitement = lancer_compte(monde, django_capture_on_commit_callbacks, n=3, echouer_a=2)
    traitement.refresh_from_db()
    assert traitement.statut == StatutTraitement.ECHEC
    assert traitement.message == "Ligne 2 illisible : le fichier est incomplet."
    assert not traitement.fichier
    client = client_de(monde.secretariat)
    page = client.get(reverse("ccapex:traitement", args=[traitement.pk]))
    assert "Ligne 2 illisible" in page.content.decode()
    assert "Relancer" in page.content.decode()

    Traitement.objects.filter(pk=traitement.pk).update(parametres={"n": 3})  # corrected file
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(reverse("ccapex:relancer_traitement", args=[traitement.pk]))
    assert reponse.status_code == 302
    traitement.refresh_from_db()
    assert traitement.statut == StatutTraitement.TERMINE
    assert traitement.tentatives == 2


def test_message_d_echec_lisible():
    """A ValidationError's str() is a list's repr (« ['…'] »): the page shows its sentences."""
    assert _message(ValidationError("Le fichier a été effacé.")) == "Le fichier a été effacé."
    assert _message(ValidationError(["Un.", "Deux."])) == "Un. Deux."
    assert _message(ValueError("Ligne 2 illisible.")) == "Ligne 2 illisible."
    assert _message(KeyError()) == "Erreur inattendue (KeyError)."
    # A database error quotes SQL and a row's values: not shown, the log has them.
    from django.db import IntegrityError

    cle = "Key (canal, reference_source)=(cdp, CJ-1234567) already exists."
    lu = _message(IntegrityError(f"duplicate key value violates unique constraint\n{cle}"))
    assert "CJ-1234567" not in lu and "duplicate" not in lu
    assert lu.startswith("La base de données a refusé une écriture")
    # Not every database error is a refused write: an outage, a timeout, a deadlock, a read.
    from django.db import DatabaseError, DataError, OperationalError

    coupure = _message(OperationalError("canceling statement due to statement timeout"))
    assert coupure.startswith("La base de données n’a pas répondu ou a interrompu la requête")
    assert "timeout" not in coupure
    for autre in (DataError('invalid input syntax for type integer: "x"'), DatabaseError()):
        lu = _message(autre)
        assert lu.startswith("La base de données a renvoyé une erreur"), lu
        assert "écriture" not in lu and "syntax" not in lu
    assert all(m.endswith("journal technique).") for m in (coupure, lu))


def test_fragment_htmx_interroge_tant_que_en_cours(monde):
    traitement = Traitement.objects.create(
        type="test_compter",
        libelle="Import",
        departement=monde.departement,
        cree_par=monde.secretariat,
        statut=StatutTraitement.EN_COURS,
        total=200,
        fait=50,
    )
    client = client_de(monde.secretariat)
    url = reverse("ccapex:traitement", args=[traitement.pk])
    html = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s"' in html
    assert 'value="25"' in html
    assert "<html" not in html  # a fragment, not a page
    Traitement.objects.filter(pk=traitement.pk).update(statut=StatutTraitement.TERMINE)
    html = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in html


def test_traitements_d_un_autre_departement_invisibles(monde):
    traitement = Traitement.objects.create(
        type="test_compter",
        libelle="Import",
        departement=monde.departement,
        cree_par=monde.secretariat,
    )
    for acteur in ["secretariat_autre_departement", "partenaire", "membre"]:
        client = client_de(getattr(monde, acteur))
        assert client.get(reverse("ccapex:traitement", args=[traitement.pk])).status_code == 404


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_worker_tue_en_cours_de_traitement_puis_reprise(monde, monkeypatch):
    """A worker killed mid-job: the task is delivered again and the job completes."""
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    env = {"DATABASE_URL": url_de_la_base_de_test(), "CELERY_VISIBILITY_TIMEOUT": "3"}
    premier = demarrer_worker(env, inclure="tests.ccapex.taches_de_test")
    try:
        traitement = lancer(
            "test_compter",
            libelle="Compter lentement",
            departement=monde.departement,
            par=monde.secretariat,
            parametres={"n": 20, "pause": 0.5},
        )
        attendre(lambda: Traitement.objects.get(pk=traitement.pk).fait >= 3, 60)
        os.kill(premier.pid, signal.SIGKILL)
        premier.wait(10)
        assert Traitement.objects.get(pk=traitement.pk).statut == StatutTraitement.EN_COURS

        second = demarrer_worker(env, inclure="tests.ccapex.taches_de_test")
        try:
            attendre(
                lambda: Traitement.objects.get(pk=traitement.pk).statut == StatutTraitement.TERMINE,
                120,
            )
        finally:
            arreter(second)
    finally:
        if premier.poll() is None:
            arreter(premier)
    traitement.refresh_from_db()
    assert traitement.tentatives == 2
    assert traitement.fichier.read() == b"20\n"


def attendre(condition, delai: float) -> None:
    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        if condition():
            return
        time.sleep(0.3)
    raise AssertionError(f"condition non remplie en {delai} s")
