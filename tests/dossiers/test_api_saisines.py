"""Referrals through the REST API: a partner's software, its organisation's key."""

import base64
import uuid

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from dossiers.enums import StatutSaisine
from dossiers.forms.saisines import SaisineForm
from dossiers.models import Document, Saisine
from dossiers.services import saisines as services
from partenaires.services import nouveau_jeton_api
from tests.conftest import client_de
from tests.dossiers.factories_saisines import PDF, PNG, document_de, message_de, saisine_de
from tests.dossiers.test_saisines import formulaire
from tests.requetes import verifier_requetes_constantes

URL = "/api/v1/saisines/"


def api(jeton: str) -> Client:
    return Client(headers={"Authorization": f"Token {jeton}"})


@pytest.fixture
def bailleur(monde):
    return api(nouveau_jeton_api(monde.bailleur, par=monde.administrateur))


@pytest.fixture
def autre_bailleur(monde):
    return api(nouveau_jeton_api(monde.autre_bailleur, par=monde.administrateur))


def champs(monde, **extra):
    """The web form's answers, as a partner's software sends them (commune by INSEE code)."""
    donnees = formulaire(monde, **extra)
    donnees.pop("action")
    donnees.pop("cle_idempotence")
    if "commune" in donnees:
        donnees["commune"] = monde.commune.code_insee
    return donnees


def en_json(donnees: dict) -> dict:
    return {k: (True if v == "on" else v) for k, v in donnees.items()}


class TestDepot:
    def test_multipart_avec_documents_et_leurs_types(
        self, monde, bailleur, django_capture_on_commit_callbacks
    ):
        donnees = champs(
            monde,
            document_dsf=SimpleUploadedFile("DSF Lefèvre.pdf", PDF),
            documents_autres=[
                SimpleUploadedFile("courrier.png", PNG),
                SimpleUploadedFile("bail.pdf", PDF),
            ],
            types_documents_autres=["courrier", "bail"],
        )
        with django_capture_on_commit_callbacks(execute=True):
            reponse = bailleur.post(URL, donnees)
        assert reponse.status_code == 201, reponse.json()
        saisine = Saisine.objects.get()
        corps = reponse.json()
        assert corps["numero"] == saisine.numero and saisine.numero.startswith("S-96-")
        assert corps["statut"] == "soumise" and corps["statut_libelle"] == "Nouvelle"
        assert saisine.organisation == monde.bailleur and saisine.canal == "api"
        assert saisine.commune == monde.commune
        assert sorted(saisine.documents.values_list("type", "nom")) == [
            ("bail", "bail.pdf"),
            ("courrier", "courrier.png"),
            ("dsf", "DSF-Lefevre.pdf"),
        ]
        (courriel,) = mail.outbox
        assert saisine.numero in courriel.subject and courriel.to == [monde.bailleur.email_contact]

    def test_json_avec_documents_en_base64(self, monde, bailleur):
        donnees = en_json(champs(monde)) | {
            "documents": [
                {"type": "dsf", "nom": "dsf.pdf", "contenu": base64.b64encode(PDF).decode()},
                {"type": "acte", "nom": "cdp.pdf", "contenu": base64.b64encode(PDF).decode()},
            ]
        }
        reponse = bailleur.post(URL, donnees, content_type="application/json")
        assert reponse.status_code == 201, reponse.json()
        saisine = Saisine.objects.get(numero=reponse.json()["numero"])
        assert saisine.consentement_saisine and saisine.montant_dette == 2480
        assert sorted(saisine.documents.values_list("type", flat=True)) == ["acte", "dsf"]

    def test_json_base64_invalide(self, monde, bailleur):
        donnees = en_json(champs(monde)) | {
            "documents": [{"type": "dsf", "nom": "dsf.pdf", "contenu": "pas du base64 !"}]
        }
        reponse = bailleur.post(URL, donnees, content_type="application/json")
        assert reponse.status_code == 400
        assert reponse.json() == {
            "documents[0]": ["Le contenu du document n’est pas du base64 valide."]
        }
        assert not Saisine.objects.exists()


class TestIdempotence:
    def test_rejeu_avec_l_en_tete_une_seule_saisine(self, monde, bailleur):
        cle = str(uuid.uuid4())
        premiere = bailleur.post(URL, champs(monde), headers={"Idempotency-Key": cle})
        rejeu = bailleur.post(URL, champs(monde), headers={"Idempotency-Key": cle})
        assert (premiere.status_code, rejeu.status_code) == (201, 200)
        assert rejeu.json()["numero"] == premiere.json()["numero"]
        assert Saisine.objects.count() == 1
        assert str(Saisine.objects.get().cle_idempotence) == cle

    def test_rejeu_json_avec_le_champ(self, monde, bailleur):
        donnees = en_json(champs(monde)) | {"cle_idempotence": str(uuid.uuid4())}
        codes = [
            bailleur.post(URL, donnees, content_type="application/json").status_code
            for _ in range(3)
        ]
        assert codes == [201, 200, 200] and Saisine.objects.count() == 1

    def test_cle_invalide(self, monde, bailleur):
        reponse = bailleur.post(URL, champs(monde), headers={"Idempotency-Key": "double-clic"})
        assert reponse.status_code == 400
        assert "doit être un UUID" in reponse.json()["cle_idempotence"][0]
        assert not Saisine.objects.exists()

    def test_cle_d_une_autre_organisation(self, monde, bailleur, autre_bailleur):
        cle = str(uuid.uuid4())
        bailleur.post(URL, champs(monde), headers={"Idempotency-Key": cle})
        reponse = autre_bailleur.post(
            URL, champs(monde, nom="Durand"), headers={"Idempotency-Key": cle}
        )
        assert reponse.status_code == 400
        assert reponse.json() == {
            "non_field_errors": ["Cette saisine appartient à une autre organisation."]
        }
        assert Saisine.objects.get().nom == "Lefèvre"

    def test_complement_renvoye_avec_la_meme_cle(self, monde, bailleur):
        cle = str(uuid.uuid4())
        numero = bailleur.post(URL, champs(monde), headers={"Idempotency-Key": cle}).json()[
            "numero"
        ]
        saisine = Saisine.objects.get(numero=numero)
        services.demander_complement(
            saisine, texte="Merci de joindre le DSF.", par=monde.secretariat
        )
        detail = bailleur.get(f"{URL}{numero}/").json()
        assert detail["statut"] == "incomplete"
        assert detail["messages"][0]["texte"] == "Merci de joindre le DSF."
        reponse = bailleur.post(
            URL,
            champs(monde, document_dsf=SimpleUploadedFile("dsf.pdf", PDF)),
            headers={"Idempotency-Key": cle},
        )
        assert reponse.status_code == 200 and reponse.json()["statut"] == "completee"
        assert [d["type"] for d in reponse.json()["documents"]] == ["dsf"]
        assert Saisine.objects.count() == 1


class TestMemesReglesQueLeFormulaire:
    @pytest.mark.parametrize(
        "extra",
        [
            {"stade_declare": "cql"},  # judgment, its decision and copy, CQL: all missing
            {"stade_declare": "assignation"},
            {"consentement_partage": None, "consentement_mode": None},
            {"commune": None, "demande": None},
            {"date_cdp": "2026-06-01", "date_assignation": "2026-05-01",
             "stade_declare": "jugement", "date_jugement": "2026-07-01",
             "issue_jugement": "delais_accordes", "date_cql": "2026-08-01"},
        ],
    )  # fmt: skip
    def test_erreurs_identiques_a_celles_du_formulaire(self, monde, bailleur, extra):
        reponse = bailleur.post(URL, champs(monde, **extra))
        assert reponse.status_code == 400
        form = SaisineForm(formulaire(monde, **extra), departement=monde.departement, envoi=True)
        assert not form.is_valid()
        attendu = {("non_field_errors" if k == "__all__" else k): v for k, v in form.errors.items()}
        assert reponse.json() == attendu
        assert not Saisine.objects.exists()

    def test_message_du_stade_en_francais(self, monde, bailleur):
        reponse = bailleur.post(URL, champs(monde, stade_declare="cql"))
        erreurs = reponse.json()
        assert erreurs["date_jugement"] == ["Obligatoire à ce stade de la procédure."]
        assert erreurs["document_jugement"] == ["Joignez le jugement à partir de ce stade."]
        assert erreurs["issue_jugement"] == ["Indiquez la décision du jugement."]

    def test_commune_d_un_autre_departement(self, monde, bailleur):
        from tests.partenaires.factories import CommuneFactory

        ailleurs = CommuneFactory(departement=monde.autre_departement)
        reponse = bailleur.post(URL, champs(monde) | {"commune": ailleurs.code_insee})
        assert reponse.status_code == 400 and "choix valide" in reponse.json()["commune"][0]


class TestDocuments:
    @pytest.mark.parametrize(
        ("nom", "contenu", "message"),
        [
            ("dsf.pdf", PNG, "porte l’extension .pdf mais contient une image PNG"),
            ("dsf.pdf", b"MZ\x90\x00\x03\x00\x00\x00 programme", "n’est pas un PDF, un JPEG"),
            ("dsf.pdf", b"<html><script>alert(1)</script>", "n’est pas un PDF, un JPEG"),
        ],
    )
    def test_contenu_qui_ment_sur_l_extension(self, monde, bailleur, nom, contenu, message):
        fichier = SimpleUploadedFile(nom, contenu, content_type="application/pdf")
        reponse = bailleur.post(URL, champs(monde, document_dsf=fichier))
        assert reponse.status_code == 400
        assert message in reponse.json()["document_dsf"][0]
        assert not Saisine.objects.exists() and not Document.objects.exists()

    def test_json_contenu_exe_refuse(self, monde, bailleur):
        exe = base64.b64encode(b"MZ\x90\x00\x03\x00 programme").decode()
        donnees = en_json(champs(monde)) | {
            "documents": [{"type": "dsf", "nom": "dsf.pdf", "contenu": exe}]
        }
        reponse = bailleur.post(URL, donnees, content_type="application/json")
        assert reponse.status_code == 400
        assert "n’est pas un PDF, un JPEG ou un PNG" in reponse.json()["documents"][0]

    def test_dix_mega_octets_au_plus(self, monde, bailleur):
        gros = SimpleUploadedFile("gros.pdf", PDF + b"0" * (10 * 1024 * 1024))
        reponse = bailleur.post(URL, champs(monde, document_dsf=gros))
        assert reponse.status_code == 400
        assert "la limite est de 10 Mo" in reponse.json()["document_dsf"][0]
        assert not Saisine.objects.exists()


class TestLimitesParSaisine:
    def test_vingt_et_un_documents_refuses(self, monde, bailleur):
        fichiers = [SimpleUploadedFile(f"p{n}.pdf", PDF) for n in range(21)]
        reponse = bailleur.post(URL, champs(monde, documents_autres=fichiers))
        assert reponse.status_code == 400
        assert "Une saisine compte au plus 20 documents" in str(reponse.json())
        assert not Saisine.objects.exists() and not Document.objects.exists()

    def test_complement_au_dela_de_50_mo_refuse(self, monde, bailleur):
        cle = str(uuid.uuid4())
        gros = PDF + b"0" * (9 * 1024 * 1024)
        premiers = [SimpleUploadedFile(f"p{n}.pdf", gros) for n in range(5)]
        envoi = bailleur.post(
            URL, champs(monde, documents_autres=premiers), headers={"Idempotency-Key": cle}
        )
        saisine = Saisine.objects.get(numero=envoi.json()["numero"])
        services.demander_complement(saisine, texte="Le jugement, svp.", par=monde.secretariat)
        reponse = bailleur.post(
            URL,
            champs(monde, document_jugement=SimpleUploadedFile("j.pdf", gros)),
            headers={"Idempotency-Key": cle},
        )
        assert reponse.status_code == 400
        assert "50 Mo au total" in str(reponse.json())
        saisine.refresh_from_db()
        assert saisine.documents.count() == 5 and saisine.statut == StatutSaisine.INCOMPLETE


class TestCloisonnement:
    def test_une_organisation_ne_voit_pas_les_saisines_d_une_autre(
        self, monde, bailleur, autre_bailleur
    ):
        a_moi = saisine_de(monde.bailleur)
        document_de(a_moi)
        message_de(a_moi, monde.secretariat)
        a_l_autre = saisine_de(monde.autre_bailleur)
        saisine_de(monde.bailleur, statut=StatutSaisine.BROUILLON)  # drafts stay in the UI
        numeros = [s["numero"] for s in bailleur.get(URL).json()["results"]]
        assert numeros == [a_moi.numero]
        assert bailleur.get(f"{URL}{a_l_autre.numero}/").status_code == 404
        assert autre_bailleur.get(f"{URL}{a_moi.numero}/").status_code == 404
        assert a_moi.numero not in autre_bailleur.get(URL).content.decode()
        detail = bailleur.get(f"{URL}{a_moi.numero}/").json()
        assert detail["documents"][0]["type"] == "dsf"
        assert detail["messages"][0]["texte"] == "Merci de joindre le DSF."

    @pytest.mark.parametrize("acteur", ["secretariat", "membre", "pilotage", "administrateur"])
    def test_roles_autres_que_partenaire_refuses(self, monde, acteur):
        from tests.partenaires.factories import cle_api_de

        client = api(cle_api_de(monde.utilisateur(acteur)))
        assert client.post(URL, champs(monde)).status_code == 403
        assert client.get(URL).status_code == 403
        assert not Saisine.objects.exists()

    def test_anonyme_refuse(self, monde):
        anonyme = Client()
        assert anonyme.post(URL, champs(monde)).status_code == 401
        assert anonyme.get(URL).status_code == 401
        assert api("faux-jeton").post(URL, champs(monde)).status_code == 401
        assert not Saisine.objects.exists()

    def test_session_d_un_partenaire_sans_csrf_refusee(self, monde):
        # A browser session cannot be used by another site to post referrals.
        navigateur = Client(enforce_csrf_checks=True)
        navigateur.force_login(monde.partenaire)
        assert navigateur.post(URL, champs(monde)).status_code == 403
        assert not Saisine.objects.exists()


def test_liste_a_nombre_de_requetes_constant(monde, bailleur):
    def remplir(n):
        while Saisine.objects.count() < n:
            saisine = saisine_de(monde.bailleur, commune=monde.commune)
            document_de(saisine)
            message_de(saisine, monde.secretariat)

    verifier_requetes_constantes(bailleur, URL, remplir)


def test_schema_openapi_documente_le_depot(monde):
    schema = client_de(monde.partenaire).get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/saisines/"]["post"]
    assert "Idempotency-Key" in [p["name"] for p in operation["parameters"]]
    contenus = operation["requestBody"]["content"]
    assert set(contenus) == {"multipart/form-data", "application/json"}
    composants = schema["components"]["schemas"]
    multipart = composants[contenus["multipart/form-data"]["schema"]["$ref"].rsplit("/", 1)[1]]
    for champ in ("stade_declare", "date_jugement", "issue_jugement", "document_jugement",
                  "documents_autres", "types_documents_autres", "consentement_recueilli_par",
                  "commune", "date_expulsion_connue"):  # fmt: skip
        assert champ in multipart["properties"], champ
    assert {"nom", "stade_declare", "consentement_partage"} <= set(multipart["required"])
    json = composants[contenus["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]]
    assert "documents" in json["properties"] and "document_dsf" not in json["properties"]
    assert set(operation["responses"]) >= {"200", "201", "400"}
    assert "/api/v1/saisines/{numero}/" in schema["paths"]


@pytest.mark.django_db(transaction=True)
def test_deux_envois_simultanes_de_la_meme_cle_une_seule_saisine(monde):
    """A double click that reaches two server processes at once: one referral."""
    import threading

    from django.db import connection

    jeton = nouveau_jeton_api(monde.bailleur, par=monde.administrateur)
    cle = str(uuid.uuid4())
    depart = threading.Barrier(2)
    codes = []

    def envoyer():
        try:
            depart.wait()
            reponse = api(jeton).post(URL, champs(monde), headers={"Idempotency-Key": cle})
            codes.append((reponse.status_code, reponse.json()["numero"]))
        finally:
            connection.close()

    fils = [threading.Thread(target=envoyer) for _ in range(2)]
    for fil in fils:
        fil.start()
    for fil in fils:
        fil.join()
    assert sorted(code for code, _ in codes) == [200, 201]
    assert len({numero for _, numero in codes}) == 1
    assert Saisine.objects.count() == 1
