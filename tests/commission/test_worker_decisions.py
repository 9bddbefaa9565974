"""A decision's notification produced by a real worker on the real Redis broker; a double
click (two requests before the worker ran) produces one job and one set of letters."""

import pytest
from django.urls import reverse

from ccapex.celery import app
from ccapex.enums import StatutTraitement
from ccapex.models import Traitement
from commission.enums import StatutDecision
from commission.models import Courrier
from tests.ccapex.test_traitements import attendre
from tests.ccapex.test_worker import arreter, demarrer_worker, url_de_la_base_de_test
from tests.commission.factories import DecisionFactory
from tests.conftest import client_de


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_notification_par_un_vrai_worker(monde, monkeypatch):
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    decision = DecisionFactory(
        seance__commission__departement=monde.departement, destinataire_organisation=monde.caf
    )
    client = client_de(monde.secretariat)
    url = reverse("commission:notifier_decision", args=[decision.pk])
    premiere, seconde = client.post(url), client.post(url)  # queued before any worker runs
    assert premiere.url == seconde.url
    assert Traitement.objects.count() == 1
    traitement = Traitement.objects.get()

    worker = demarrer_worker({"DATABASE_URL": url_de_la_base_de_test()})
    try:
        attendre(
            lambda: (
                Traitement.objects.get(pk=traitement.pk).statut
                in (StatutTraitement.TERMINE, StatutTraitement.ECHEC)
            ),
            120,
        )
    finally:
        arreter(worker)
    traitement.refresh_from_db()
    assert traitement.statut == StatutTraitement.TERMINE, traitement.message
    decision.refresh_from_db()
    assert decision.statut == StatutDecision.NOTIFIEE and decision.notifiee_le
    lettres = Courrier.objects.filter(decision=decision)
    assert sorted(lettres.values_list("destinataire_menage", flat=True)) == [False, True]
    assert all(lettre.fichier.size > 1000 for lettre in lettres)
