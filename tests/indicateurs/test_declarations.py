import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicateurs import queries
from indicateurs.models import DonneeDeclaree
from indicateurs.referentiel import DECLARABLES, INDICATEURS_CALCULES, declarables_pour
from indicateurs.territoires import du_departement
from partenaires.enums import Role, TypeOrganisation
from tests.conftest import client_de
from tests.partenaires.factories import OrganisationFactory, utilisateur_avec_role
from tests.procedure.factories import ActeFactory

URL = reverse("indicateurs:declarations")


def test_les_indicateurs_calcules_ne_sont_jamais_demandes():
    codes = {i.code for i in DECLARABLES}
    assert codes.isdisjoint(INDICATEURS_CALCULES)
    assert len(codes) == len(DECLARABLES)
    assert {i.code for i in declarables_pour(TypeOrganisation.CAF)} >= {"signalements_caf"}


def _caf(monde):
    caf = OrganisationFactory(
        type=TypeOrganisation.CAF, departement=monde.departement, nom="CAF 96"
    )
    return caf, client_de(utilisateur_avec_role(Role.PARTENAIRE, caf))


def test_la_caf_declare_ses_signalements_et_le_bilan_les_montre(monde):
    _, client = _caf(monde)
    donnees = {
        "indicateur": "signalements_caf",
        "annee": 2024,
        "territoire": "D-96",
        "valeur": "4382",
    }
    assert client.post(URL, donnees).status_code == 302
    assert client.post(URL, {**donnees, "valeur": "4383"}).status_code == 302  # corrected, once
    assert DonneeDeclaree.objects.get().valeur == Decimal("4383")
    bilan = queries.bilan(2024, du_departement(monde.departement))
    assert bilan.acte("signalements_caf").par_annee[2024] == 4383
    html = (
        client_de(monde.pilotage)
        .get(reverse("indicateurs:accueil"), {"annee": 2024})
        .content.decode()
    )
    assert "CAF 96" in html and "4\u202f383" in html


def test_pas_de_declaration_quand_l_application_tient_les_lignes(monde):
    _, client = _caf(monde)
    ActeFactory(procedure__commune=monde.commune, type="signalement_caf", date=dt.date(2024, 5, 1))
    donnees = {
        "indicateur": "signalements_caf",
        "annee": 2024,
        "territoire": "D-96",
        "valeur": "10",
    }
    reponse = client.post(URL, donnees)
    assert reponse.status_code == 400
    assert "ce chiffre n’est pas à déclarer" in reponse.content.decode()
    assert not DonneeDeclaree.objects.exists()


def test_un_partenaire_ne_declare_pas_l_indicateur_d_un_autre(monde):
    client = client_de(monde.partenaire)  # a social landlord
    donnees = {
        "indicateur": "signalements_caf",
        "annee": 2024,
        "territoire": "D-96",
        "valeur": "10",
    }
    assert client.post(URL, donnees).status_code == 400
    assert not DonneeDeclaree.objects.exists()


def test_import_csv_tout_ou_rien(monde):
    _, client = _caf(monde)
    url = reverse("indicateurs:importer_declarations")
    bon = (
        "indicateur;annee;territoire;valeur\n"
        "signalements_caf;2023;D-96;4 215\n"
        "allocataires_aide_logement;2024;D-96;120000\n"
    )
    reponse = client.post(url, {"fichier": SimpleUploadedFile("d.csv", bon.encode())})
    assert reponse.status_code == 302
    assert DonneeDeclaree.objects.count() == 2
    mauvais = (
        "indicateur;annee;territoire;valeur\n"
        "signalements_caf;2022;D-96;3366\n"
        "budget_fsl;2022;D-96;10\n"
    )
    reponse = client.post(url, {"fichier": SimpleUploadedFile("d.csv", mauvais.encode())})
    assert reponse.status_code == 400
    assert "budget_fsl" in reponse.content.decode()
    assert DonneeDeclaree.objects.count() == 2  # nothing of the bad file


def test_objectifs_fixes_par_le_secretariat(monde):
    client = client_de(monde.secretariat)
    url = reverse("indicateurs:objectifs")
    donnees = {
        "indicateur": "taux_presence_audience",
        "annee_cible": 2028,
        "valeur_depart": "40",
        "cible": "70",
    }
    assert client.post(url, donnees).status_code == 302
    assert client.post(url, {**donnees, "cible": "75"}).status_code == 302
    assert client.post(url, {**donnees, "cible": "170"}).status_code == 400
    objectifs = queries.bilan(2024, du_departement(monde.departement)).objectifs
    presence = next(o for o in objectifs if o.indicateur == "taux_presence_audience")
    assert (presence.valeur_depart, presence.cible, presence.annee_cible) == (40.0, 75.0, 2028)
