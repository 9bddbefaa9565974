"""Uploads go through a real clamd (tests/clamd.py): an infected file is refused, a pending
one is never served, the beat job settles pending ones once clamd is back."""

import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ccapex.enums import EtatAnalyse
from dossiers.journal import TypeEvenement
from dossiers.models import Document, EvenementJournal, Saisine
from dossiers.tasks.documents import reprendre_analyses
from partenaires.services import nouveau_jeton_api
from tests.clamd import (
    PDF_INFECTE,
    SIGNATURE,
    fixture_clamd,  # noqa: F401  (the `clamd` fixture)
)
from tests.conftest import client_de
from tests.dossiers.factories import MenageFactory
from tests.dossiers.factories_saisines import PDF
from tests.dossiers.test_api_saisines import api, champs
from tests.dossiers.test_saisines import formulaire

URL = reverse("dossiers:nouvelle_saisine")


@pytest.fixture
def partenaire(monde):
    return client_de(monde.partenaire)


def deposer(partenaire, monde, contenu, capture):
    donnees = formulaire(monde, document_dsf=SimpleUploadedFile("DSF Lefèvre.pdf", contenu))
    with capture(execute=True):
        return partenaire.post(URL, donnees)


def telecharger(client, document):
    return client.get(reverse("dossiers:document", args=[document.pk]))


def test_eicar_refuse_au_depot_rien_n_est_enregistre(
    monde,
    clamd,
    partenaire,
    settings,
    caplog,
    django_capture_on_commit_callbacks,
):
    documents = settings.MEDIA_ROOT / "documents"
    avant = set(documents.rglob("*")) if documents.exists() else set()
    with caplog.at_level(logging.WARNING, logger="ccapex.fichiers"):
        reponse = deposer(partenaire, monde, PDF_INFECTE, django_capture_on_commit_callbacks)

    assert reponse.status_code == 200
    page = reponse.content.decode()
    assert "« DSF Lefèvre.pdf » contient un virus" in page and SIGNATURE in page
    assert "il a été refusé et n’a pas été enregistré" in page
    assert not Saisine.objects.exists() and not Document.objects.exists()
    apres = set(documents.rglob("*")) if documents.exists() else set()
    assert apres == avant, "aucun fichier écrit"
    (trace,) = [r for r in caplog.records if getattr(r, "evenement", "") == "fichier_infecte"]
    assert trace.signature.startswith(SIGNATURE) and "Lef" not in trace.getMessage()


def test_eicar_refuse_par_l_api(monde, clamd):
    cle = api(nouveau_jeton_api(monde.bailleur, par=monde.administrateur))
    fichier = SimpleUploadedFile("dsf.pdf", PDF_INFECTE, content_type="application/pdf")
    reponse = cle.post("/api/v1/saisines/", champs(monde, document_dsf=fichier))
    assert reponse.status_code == 400
    assert "contient un virus" in reponse.json()["document_dsf"][0]
    assert not Document.objects.exists()


def test_fichier_sain_analyse_au_depot_puis_servi(
    monde,
    clamd,
    partenaire,
    django_capture_on_commit_callbacks,
):
    reponse = deposer(partenaire, monde, PDF, django_capture_on_commit_callbacks)
    assert reponse.status_code == 302
    document = Document.objects.get()
    assert document.analyse == EtatAnalyse.SAIN and document.analyse_le is not None

    for acteur in (partenaire, client_de(monde.secretariat)):
        servi = telecharger(acteur, document)
        assert servi.status_code == 200
        assert b"".join(servi.streaming_content) == PDF


def test_clamd_arrete_fichier_en_attente_jamais_servi_puis_analyse_par_beat(
    monde,
    clamd,
    partenaire,
    django_capture_on_commit_callbacks,
):
    clamd.arreter()
    reponse = deposer(partenaire, monde, PDF, django_capture_on_commit_callbacks)
    assert reponse.status_code == 302, "le dépôt est accepté, le fichier attend l’analyse"
    document = Document.objects.get()
    assert document.analyse == EtatAnalyse.EN_COURS

    secretariat = client_de(monde.secretariat)
    for acteur in (partenaire, secretariat):
        refus = telecharger(acteur, document)
        assert refus.status_code == 403
        assert "en cours d’analyse antivirus" in refus.content.decode()
    saisine = Saisine.objects.get()
    page = partenaire.get(reverse("dossiers:saisine_partenaire", args=[saisine.pk]))
    assert "en cours d’analyse" in page.content.decode()
    assert reverse("dossiers:document", args=[document.pk]) not in page.content.decode()

    # Beat while clamd is still down: nothing changes, nothing is served.
    with django_capture_on_commit_callbacks(execute=True):
        assert reprendre_analyses.delay().get() == {"sains": 0, "infectes": 0, "en_attente": 1}
    document.refresh_from_db()
    assert document.analyse == EtatAnalyse.EN_COURS
    assert telecharger(secretariat, document).status_code == 403

    clamd.demarrer()
    with django_capture_on_commit_callbacks(execute=True):
        assert reprendre_analyses.delay().get() == {"sains": 1, "infectes": 0, "en_attente": 0}
    document.refresh_from_db()
    assert document.analyse == EtatAnalyse.SAIN
    servi = telecharger(secretariat, document)
    assert servi.status_code == 200 and b"".join(servi.streaming_content) == PDF


def test_virus_trouve_par_le_worker_quarantaine_et_journal(
    monde,
    clamd,
    partenaire,
    django_capture_on_commit_callbacks,
):
    clamd.arreter()
    deposer(partenaire, monde, PDF_INFECTE, django_capture_on_commit_callbacks)
    document = Document.objects.get()
    original = document.fichier.path
    clamd.demarrer()
    with django_capture_on_commit_callbacks(execute=True):
        assert reprendre_analyses.delay().get()["infectes"] == 1

    document.refresh_from_db()
    assert document.analyse == EtatAnalyse.INFECTE
    assert document.virus.startswith(SIGNATURE)
    assert document.fichier.name.startswith("quarantaine/")
    assert not (document.fichier.storage.exists(original.split("test-media/", 1)[-1]))
    (evenement,) = EvenementJournal.objects.filter(type=TypeEvenement.DOCUMENT_REFUSE)
    assert evenement.saisine == document.saisine and SIGNATURE in evenement.description

    for acteur in (partenaire, client_de(monde.secretariat)):
        refus = telecharger(acteur, document)
        assert refus.status_code == 403
        assert "Ce document a été refusé" in refus.content.decode()
    page = partenaire.get(reverse("dossiers:saisine_partenaire", args=[document.saisine.pk]))
    assert "refusé : virus détecté" in page.content.decode()
    assert not Document.objects.servables().exists()


def test_sans_antivirus_le_fichier_est_non_analyse_et_servi(
    monde, partenaire, settings, django_capture_on_commit_callbacks
):
    settings.CLAMAV_URL = ""
    deposer(partenaire, monde, PDF, django_capture_on_commit_callbacks)
    document = Document.objects.get()
    assert document.analyse == EtatAnalyse.NON_ANALYSE
    assert telecharger(partenaire, document).status_code == 200


def test_un_document_cree_sans_analyse_n_est_pas_servi(monde):
    """Fail-safe default: any code path that forgets the scan leaves the file pending."""
    from django.core.files.base import ContentFile

    menage = MenageFactory(departement=monde.departement)
    document = Document(
        menage=menage, type="dsf", nom="d.pdf", type_mime="application/pdf", taille=3, sha256=""
    )
    document.fichier.save("x", ContentFile(b"%PD"), save=True)
    assert document.analyse == EtatAnalyse.EN_COURS
    assert telecharger(client_de(monde.secretariat), document).status_code == 403


def test_fichier_en_attente_reanalyse_par_le_worker_apres_le_commit(
    monde, clamd, partenaire, django_capture_on_commit_callbacks
):
    clamd.arreter()
    donnees = formulaire(monde, document_dsf=SimpleUploadedFile("dsf.pdf", PDF))
    with django_capture_on_commit_callbacks() as rappels:
        assert partenaire.post(URL, donnees).status_code == 302
    document = Document.objects.get()
    assert document.analyse == EtatAnalyse.EN_COURS
    clamd.demarrer()  # back before the worker takes the job
    for rappel in rappels:
        rappel()
    document.refresh_from_db()
    assert document.analyse == EtatAnalyse.SAIN


def test_broker_injoignable_le_depot_reste_accepte_et_en_attente(
    monde, clamd, partenaire, monkeypatch, django_capture_on_commit_callbacks
):
    from dossiers.tasks.documents import analyser_document

    def broker_arrete(*args, **kwargs):
        raise ConnectionError("redis arrêté")

    monkeypatch.setattr(analyser_document, "delay", broker_arrete)
    clamd.arreter()
    reponse = deposer(partenaire, monde, PDF, django_capture_on_commit_callbacks)
    assert reponse.status_code == 302
    assert Document.objects.get().analyse == EtatAnalyse.EN_COURS


def test_import_de_signalements_infecte_refuse(clamd):
    from django.core.exceptions import ValidationError

    from dossiers.imports.lecture import verifier_tableur
    from tests.clamd import EICAR

    with pytest.raises(ValidationError, match="contient un virus"):
        verifier_tableur("signalements.csv", b"reference;nom\n1;" + EICAR + b"\n")
    assert verifier_tableur("signalements.csv", b"reference;nom\n1;Martin\n").format == "csv"
