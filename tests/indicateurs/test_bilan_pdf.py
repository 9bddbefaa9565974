import datetime as dt
import re

from django.urls import reverse

from ccapex.enums import StatutTraitement
from ccapex.models import Traitement
from indicateurs.bilan_pdf import bilan_pdf
from indicateurs.territoires import du_departement
from tests.conftest import client_de
from tests.indicateurs.test_queries import remplir
from tests.pdf import est_a4, images_raster, texte_pdf
from tests.procedure.factories import ActeFactory, ProcedureFactory


def normaliser(texte: str) -> str:
    return re.sub(r"[ \u202f\u00a0]+", " ", texte)


def lancer_bilan(client, django_capture_on_commit_callbacks, annee=2024):
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(
            reverse("indicateurs:generer_bilan"), {"annee": annee, "territoire": "D-96"}
        )
    assert reponse.status_code == 302
    return Traitement.objects.get(type="bilan_annuel")


def test_le_bilan_pdf_est_produit_par_un_traitement(monde, django_capture_on_commit_callbacks):
    remplir(monde, 5)
    procedure = ProcedureFactory(commune=monde.commune)
    ActeFactory.create_batch(3, procedure=procedure, type="cdp", date=dt.date(2023, 3, 1))
    client = client_de(monde.pilotage)
    traitement = lancer_bilan(client, django_capture_on_commit_callbacks)
    assert traitement.statut == StatutTraitement.TERMINE and traitement.progression == 100
    page = client.get(reverse("ccapex:traitement", args=[traitement.pk]))
    assert "Télécharger le résultat" in page.content.decode()
    fichier = client.get(reverse("ccapex:fichier_traitement", args=[traitement.pk]))
    contenu = b"".join(fichier.streaming_content)
    assert contenu.startswith(b"%PDF") and est_a4(contenu)
    texte = normaliser(texte_pdf(contenu))
    assert "Bilan annuel 2024" in texte
    assert "Val-d’Orge-et-Bièvre" in texte
    assert re.search(r"Édité le \d{1,2}(er)? \w+ \d{4}", texte)
    # Contents with page numbers (target-counter), then the sections themselves.
    assert re.search(r"1\. Les actes de la procédure ?\.+ ?\d+", texte)
    assert re.search(r"7\. Les objectifs de la charte ?\.+ ?\d+", texte)
    assert "Situation à 12 mois des ménages examinés pour la première fois en 2023" in texte
    assert "Page 2 sur" in texte
    # French formatting: 5 CDP in 2024 against 3 in 2023 = +66,67 % → « +67 % »; shares « 100 % ».
    assert "+67 %" in texte
    assert "100 %" in texte
    # Charts are vector drawings (pygal SVG), not pictures: no bitmap in the file.
    assert images_raster(contenu) == 0


def test_bilan_pdf_sans_donnees(monde):
    texte = normaliser(texte_pdf(bilan_pdf(2024, du_departement(monde.departement))))
    assert "Bilan annuel 2024" in texte
    assert "Aucune donnée pour 2024" in texte
