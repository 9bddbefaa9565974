"""A new source's extraction is loaded without code: the secretariat maps its columns once
(sample file, preview, save), then chooses the mapping for each new file of that source."""

from datetime import timedelta

import pytest
import time_machine
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from dossiers.imports.formats import FORMATS
from dossiers.imports.lecture import lire
from dossiers.models import CorrespondanceImport, ImportSignalements, Saisine
from dossiers.services import imports as services
from dossiers.views.imports import SEL_APERCU
from tests.conftest import client_de

ENTETE = (
    "Réf. étude;Date de délivrance;Locataire;Prénom;Adresse du bien;INSEE;Propriétaire;"
    "Type de parc;Nom"
)


def fichier(code_insee: str) -> bytes:
    lignes = [
        ENTETE,
        f"CJ-77-1;15/03/2026;Martin;Sophie;12 rue Pasteur;{code_insee};Orge Habitat;social;X",
        f"CJ-77-2;16/03/2026;Diallo;Awa;3 place du Marché;{code_insee};SCI Les Tilleuls;prive;Y",
    ]
    return ("\n".join(lignes) + "\n").encode()


COLONNES = {
    "reference": "ref_etude",
    "date_acte": "date_de_delivrance",
    "nom": "locataire",
    "prenom": "prenom",
    "adresse": "adresse_du_bien",
    "code_commune": "insee",
    "bailleur": "proprietaire",
    "parc": "type_de_parc",
}


def test_lecture_par_correspondance_sans_code():
    spec = FORMATS["cdp"].avec_correspondance(COLONNES)
    lignes = list(lire(fichier("96001"), "csv", spec))
    assert [n for n, _ in lignes] == [2, 3]
    assert lignes[0][1]["nom"] == "Martin"  # « Locataire », not the file's own « Nom »
    assert lignes[1][1]["bailleur"] == "SCI Les Tilleuls"
    with pytest.raises(ValidationError, match="reference, date_acte"):
        list(lire(fichier("96001"), "csv", FORMATS["cdp"]))


def test_creer_la_correspondance_apercu_puis_import(monde, django_capture_on_commit_callbacks):
    client = client_de(monde.secretariat)
    url = reverse("dossiers:nouvelle_correspondance")
    exemple = SimpleUploadedFile("etude.csv", fichier(monde.commune.code_insee))
    etape = client.post(url, {"nom": "Étude Martin", "type": "cdp", "fichier": exemple})
    html = etape.content.decode()
    assert etape.status_code == 200 and "Aperçu des premières lignes" in html
    apercu = etape.context["apercu"]
    # The columns whose names already match are preselected; nothing is saved yet.
    assert etape.context["form"].fields["prenom"].initial == "prenom"
    assert CorrespondanceImport.objects.count() == 0

    incomplet = client.post(
        url, {"apercu": apercu, **{**COLONNES, "reference": ""}, "enregistrer": "1"}
    )
    assert (
        "Choisissez la colonne du fichier qui contient cette donnée." in incomplet.content.decode()
    )
    double = client.post(
        url, {"apercu": apercu, **{**COLONNES, "nom": "ref_etude"}, "enregistrer": "1"}
    )
    assert "Une colonne du fichier sert deux fois : ref_etude." in double.content.decode()
    previsualisation = client.post(url, {"apercu": apercu, **COLONNES, "previsualiser": "1"})
    assert previsualisation.context["lignes"][0][:3] == ["CJ-77-1", "15/03/2026", "Martin"]
    assert CorrespondanceImport.objects.count() == 0

    falsifie = client.post(url, {"apercu": apercu + "x", **COLONNES, "enregistrer": "1"})
    assert falsifie.status_code == 302 and CorrespondanceImport.objects.count() == 0

    enregistre = client.post(url, {"apercu": apercu, **COLONNES, "enregistrer": "1"})
    assert enregistre.url == reverse("dossiers:correspondances")
    correspondance = CorrespondanceImport.objects.get()
    assert correspondance.colonnes == COLONNES and correspondance.cree_par == monde.secretariat

    # Each new file of the source: the mapping is chosen, the dry run reads it.
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(
            reverse("dossiers:imports"),
            {
                "type": "cdp",
                "correspondance": correspondance.pk,
                "fichier": SimpleUploadedFile("etude-avril.csv", fichier(monde.commune.code_insee)),
            },
        )
    fichier_import = ImportSignalements.objects.get()
    assert reponse.url == reverse("dossiers:import_signalements", args=[fichier_import.pk])
    assert fichier_import.correspondance == correspondance and fichier_import.nb_lignes == 2
    compteurs = fichier_import.simulation.resultat["compteurs"]
    assert sum(compteurs.values()) == 2 and Saisine.objects.count() == 0  # dry run only

    # Another département's secretariat neither sees nor uses it.
    autre = client_de(monde.secretariat_autre_departement)
    assert "Étude Martin" not in autre.get(reverse("dossiers:correspondances")).content.decode()
    with pytest.raises(ValidationError, match="ne vaut pas"):
        services.deposer(
            nom="x.csv",
            contenu=fichier("97001"),
            type="caf",
            departement=monde.departement,
            par=monde.secretariat,
            correspondance=correspondance,
        )


def test_apercu_signe_et_limite(monde):
    """The preview travels signed: another salt, a tampered payload or a token older than an
    hour is refused (back to step 1, nothing saved); the genuine token saves the mapping."""
    entete = list(COLONNES.values())
    etat = {"nom": "Étude X", "type": "cdp", "entete": entete, "lignes": []}
    url = reverse("dossiers:nouvelle_correspondance")
    client = client_de(monde.secretariat)
    envoi = {**COLONNES, "enregistrer": "1"}

    jeton = signing.dumps(etat, salt=SEL_APERCU)
    falsifie = signing.dumps({**etat, "entete": [*entete, "colonne_ajoutee"]}, salt="autre.sel")
    charge, signature = jeton.rsplit(":", 1)
    altere = f"{charge[:-2]}AA:{signature}"
    for mauvais in (signing.dumps(etat, salt="autre.sel"), falsifie, altere):
        reponse = client.post(url, {**envoi, "apercu": mauvais})
        assert reponse.status_code == 302 and reponse.url == url
    with time_machine.travel(timezone.now() + timedelta(hours=1, minutes=1)):
        # Signed in afresh: the session's idle timeout is shorter than the token's hour.
        reponse = client_de(monde.secretariat).post(url, {**envoi, "apercu": jeton})
    assert reponse.status_code == 302 and reponse.url == url
    assert not CorrespondanceImport.objects.exists()

    reponse = client.post(url, {**envoi, "apercu": jeton})
    assert reponse.url == reverse("dossiers:correspondances")
    correspondance = CorrespondanceImport.objects.get()
    assert correspondance.departement == monde.departement
    assert correspondance.colonnes["nom"] == "locataire"
