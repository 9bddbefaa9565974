import csv
import datetime as dt
import io

from django.urls import reverse
from openpyxl import load_workbook

from tests.conftest import client_de
from tests.indicateurs.test_queries import remplir
from tests.procedure.factories import ActeFactory, ProcedureFactory
from tests.requetes import verifier_requetes_constantes

URL = reverse("indicateurs:accueil")


def test_base_vide_aucune_donnee(monde):
    for acteur in ("secretariat", "pilotage"):
        reponse = client_de(monde.utilisateur(acteur)).get(URL, {"annee": 2024})
        assert reponse.status_code == 200
        assert "Aucune donnée pour 2024" in reponse.content.decode()


def test_tableaux_graphiques_et_filtres(monde):
    remplir(monde, 5)
    reponse = client_de(monde.pilotage).get(
        URL, {"annee": 2024, "territoire": f"D-{monde.departement.code}"}
    )
    html = reponse.content.decode()
    assert "<caption>Actes de la procédure par année</caption>" in html
    assert (
        '<th scope="col">2019</th>' in html
        and '<th scope="row">Commandements de payer</th>' in html
    )
    assert "<svg" in html and "<script" not in html.split("<svg", 1)[1].split("</svg>")[0]
    assert "Dossiers signalés (examen en commission)" in html
    assert '<label class="fr-label" for="id_territoire">Territoire</label>' in html
    # Another year: the same page, other figures.
    autre = client_de(monde.pilotage).get(URL, {"annee": 2020}).content.decode()
    assert "Aucune donnée pour 2020" in autre


def test_territoire_hors_du_departement_refuse(monde):
    reponse = client_de(monde.pilotage).get(URL, {"annee": 2024, "territoire": "D-97"})
    # An invalid choice falls back to the user's département, never to another one.
    assert reponse.status_code == 200
    assert monde.autre_departement.nom not in reponse.content.decode()


def test_requetes_constantes(monde):
    client = client_de(monde.secretariat)
    total = {"n": 0}

    def remplir_jusqua(n):
        remplir(monde, n - total["n"])
        total["n"] = n

    verifier_requetes_constantes(client, URL + "?annee=2024", remplir_jusqua)


def test_export_csv_et_xlsx_d_un_tableau(monde):
    procedure = ProcedureFactory(commune=monde.commune)
    for annee, nombre in ((2023, 4), (2024, 5)):
        for _ in range(nombre):
            ActeFactory(procedure=procedure, type="cdp", date=dt.date(annee, 3, 1))
    client = client_de(monde.secretariat)
    url = reverse("indicateurs:export_tableau", args=["actes", "csv"]) + "?annee=2024"
    reponse = client.get(url)
    assert reponse["Content-Type"].startswith("text/csv")
    lignes = list(csv.reader(io.StringIO(reponse.content.decode("utf-8-sig")), delimiter=";"))
    assert lignes[0][:7] == ["Acte", "2019", "2020", "2021", "2022", "2023", "2024"]
    cdp = next(ligne for ligne in lignes if ligne[0] == "Commandements de payer")
    assert cdp[5:9] == ["4", "5", "25.0", ""]
    url = reverse("indicateurs:export_tableau", args=["actes", "xlsx"]) + "?annee=2024"
    classeur = load_workbook(io.BytesIO(client.get(url).content))
    valeurs = [list(r) for r in classeur.active.iter_rows(values_only=True)]
    assert valeurs[2][:8] == ["Commandements de payer", 0, 0, 0, 0, 4, 5, 25.0]
    assert (
        client.get(reverse("indicateurs:export_tableau", args=["inconnu", "csv"])).status_code
        == 404
    )
    assert (
        client.get(reverse("indicateurs:export_tableau", args=["actes", "pdf"])).status_code == 404
    )
