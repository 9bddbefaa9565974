"""The letters job on a real worker and the real Redis broker: killed mid-job, it completes
on the next worker with exactly one letter per dossier and addressee."""

import os
import signal

import pytest

from ccapex.celery import app
from ccapex.enums import StatutTraitement
from ccapex.models import Traitement
from ccapex.traitements import lancer
from commission.models import Courrier
from commission.services import courriers as services
from tests.ccapex.test_traitements import attendre
from tests.ccapex.test_worker import arreter, demarrer_worker, url_de_la_base_de_test
from tests.commission.factories import ExamenFactory, PreconisationFactory, SeanceFactory
from tests.dossiers.factories import MembreFactory


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_worker_tue_pendant_les_courriers_puis_reprise(monde, monkeypatch):
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    seance = SeanceFactory(commission__departement=monde.departement)
    for nom in ["Lefèvre", "Diallo", "Nguyen"]:
        examen = ExamenFactory(seance=seance)
        MembreFactory(menage=examen.menage, nom=nom)
        PreconisationFactory(examen=examen)
        PreconisationFactory(
            examen=examen, destinataire_menage=False, destinataire_organisation=monde.bailleur
        )
    env = {"DATABASE_URL": url_de_la_base_de_test(), "CELERY_VISIBILITY_TIMEOUT": "3"}
    premier = demarrer_worker(env)
    try:
        # The test-only `pause` makes each letter slow enough to kill the worker mid-job.
        traitement = lancer(
            services.TYPE_TRAITEMENT,
            libelle="Courriers",
            departement=monde.departement,
            par=monde.secretariat,
            parametres={"seance_id": seance.pk, "pause": 1.5},
        )
        attendre(lambda: Traitement.objects.get(pk=traitement.pk).fait >= 2, 90)
        os.kill(premier.pid, signal.SIGKILL)
        premier.wait(10)
        assert Traitement.objects.get(pk=traitement.pk).statut == StatutTraitement.EN_COURS
        assert Courrier.objects.count() == 0  # nothing attached before the end

        second = demarrer_worker(env)
        try:
            attendre(
                lambda: (
                    Traitement.objects.get(pk=traitement.pk).statut
                    in (StatutTraitement.TERMINE, StatutTraitement.ECHEC)
                ),
                180,
            )
        finally:
            arreter(second)
    finally:
        if premier.poll() is None:
            arreter(premier)
    traitement.refresh_from_db()
    assert traitement.statut == StatutTraitement.TERMINE, traitement.message
    assert traitement.tentatives == 2
    cles = list(Courrier.objects.values_list("menage_id", "destinataire_organisation_id"))
    assert len(cles) == len(set(cles)) == 6
    assert all(c.fichier.size > 1000 for c in Courrier.objects.all())
