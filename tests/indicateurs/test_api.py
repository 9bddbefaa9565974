import datetime as dt

from rest_framework.test import APIClient

from partenaires.models import CleApi
from partenaires.services import nouveau_jeton_api
from tests.conftest import client_de
from tests.indicateurs.test_queries import remplir
from tests.procedure.factories import ActeFactory, ProcedureFactory

URL = "/api/v1/indicateurs/"


def test_memes_chiffres_que_le_tableau_de_bord(monde):
    remplir(monde, 5)
    procedure = ProcedureFactory(commune=monde.commune)
    ActeFactory.create_batch(4, procedure=procedure, type="cdp", date=dt.date(2023, 3, 1))
    reponse = client_de(monde.pilotage).get(URL, {"annee": 2024, "territoire": "D-96"})
    assert reponse.status_code == 200
    donnees = reponse.json()
    assert donnees["annee"] == 2024 and donnees["territoire"]["code"] == "D-96"
    cdp = next(a for a in donnees["actes"] if a["code"] == "cdp")
    assert cdp["par_annee"]["2024"] == 5 and cdp["par_annee"]["2023"] == 4
    assert cdp["evolution_annuelle"] == 25.0
    nature = next(r for r in donnees["saisines"] if r["cle"] == "nature")
    assert nature["lignes"][0] == {
        "code": "complexe",
        "libelle": "Dossiers signalés (examen en commission)",
        "n": 5,
        "n1": 0,
        "part": 100.0,
        "part_n1": None,
        "ecart": None,
    }
    assert donnees["courriers"]["taux_reponse"] == 100.0


def test_partenaire_avec_cle_api(monde):
    remplir(monde, 2)
    cle = nouveau_jeton_api(monde.bailleur, par=monde.administrateur)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {cle}")
    reponse = client.get(URL, {"annee": 2024})
    assert reponse.status_code == 200
    assert reponse.json()["activite"]["premiers_examens"] == 2
    assert CleApi.objects.get().empreinte == CleApi.empreinte_de(cle)


def test_parametres_invalides(monde):
    client = client_de(monde.secretariat)
    assert client.get(URL, {"annee": "deux mille"}).status_code == 400
    assert client.get(URL, {"territoire": "D-97"}).status_code == 400  # another département


def test_schema_openapi(monde):
    schema = client_de(monde.secretariat).get("/api/schema/").content.decode()
    assert "/api/v1/indicateurs/" in schema
    assert "Bilan" in schema and "evolution_annuelle" in schema
