"""Putting a household on a coming session's agenda from its dossier page (issue 14)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from commission.enums import NatureExamen
from commission.models import Examen
from commission.services import seances as services
from dossiers.enums import StatutSaisine
from tests.commission.factories import CommissionFactory, ExamenFactory, SeanceFactory
from tests.conftest import client_de
from tests.dossiers.factories import menage_avec_procedure
from tests.dossiers.factories_saisines import saisine_de


@pytest.fixture
def seance(monde):
    return SeanceFactory(commission=CommissionFactory(departement=monde.departement))


def test_la_saisine_recevable_est_inscrite(monde, seance):
    menage = menage_avec_procedure(monde.departement)
    saisine = saisine_de(monde.bailleur, statut=StatutSaisine.RECEVABLE, menage=menage)
    examen = services.inscrire_menage(seance=seance, menage=menage, par=monde.secretariat)
    assert examen.saisine == saisine and examen.nature == NatureExamen.PREMIER_EXAMEN
    saisine.refresh_from_db()
    assert saisine.statut == StatutSaisine.INSCRITE


def test_sans_saisine_un_reexamen_apres_le_dernier_examen(monde, seance):
    menage = menage_avec_procedure(monde.departement)
    ExamenFactory(seance=SeanceFactory(commission=seance.commission, passee=True), menage=menage)
    examen = services.inscrire_menage(seance=seance, menage=menage, par=monde.secretariat)
    assert examen.nature == NatureExamen.REEXAMEN and examen.saisine is None


def test_sans_rien_un_premier_examen_puis_pas_deux_fois(monde, seance):
    menage = menage_avec_procedure(monde.departement)
    examen = services.inscrire_menage(seance=seance, menage=menage, par=monde.secretariat)
    assert examen.nature == NatureExamen.PREMIER_EXAMEN and examen.ordre == 1
    with pytest.raises(ValidationError, match="déjà à l’ordre du jour"):
        services.inscrire_menage(seance=seance, menage=menage, par=monde.secretariat)


def test_vue_htmx_et_refus_en_francais(monde, seance):
    menage = menage_avec_procedure(monde.departement)
    agent = client_de(monde.secretariat)
    url = reverse("commission:inscrire_menage", args=[menage.numero])
    reponse = agent.post(url, {"seance": seance.pk}, headers={"HX-Request": "true"})
    html = reponse.content.decode()
    assert "Premier examen inscrit à l’ordre du jour de la séance du" in html
    assert 'id="resume-seance" hx-swap-oob="true"' in html and "data-focus" in html
    assert Examen.objects.filter(menage=menage, seance=seance).exists()
    # Another département's session, a closed one, nothing chosen: a message, nothing changed.
    autre = SeanceFactory(commission=CommissionFactory(departement=monde.autre_departement))
    close = SeanceFactory(commission=seance.commission, close=True)
    for donnees, message in [
        ({"seance": autre.pk}, "n’est pas de votre département"),
        ({"seance": close.pk}, "La séance est close"),
        ({}, "Choisissez une séance."),
    ]:
        reponse = agent.post(url, donnees, headers={"HX-Request": "true"})
        assert reponse.status_code == 200 and message in reponse.content.decode()
    assert Examen.objects.filter(menage=menage).count() == 1


def test_seances_proposees_a_venir_et_ouvertes(monde, seance):
    menage = menage_avec_procedure(monde.departement)
    SeanceFactory(commission=seance.commission, passee=True)
    SeanceFactory(commission=seance.commission, close=True)
    SeanceFactory(
        commission=CommissionFactory(departement=monde.autre_departement),
        date=timezone.now() + timedelta(days=3),
    )
    proposees = list(services.seances_ouvertes_pour(menage, seance.commission))
    assert proposees == [seance]


def test_un_dossier_fusionne_n_est_pas_inscrit(monde, seance):
    from dossiers.services.menages import fusionner

    garde, doublon = (menage_avec_procedure(monde.departement) for _ in range(2))
    fusionner(garde, doublon, par=monde.secretariat)
    with pytest.raises(ValidationError, match=f"fusionné dans le dossier {garde.numero}"):
        services.inscrire_menage(seance=seance, menage=doublon, par=monde.secretariat)
    assert not Examen.objects.exists()
