import uuid
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from dossiers.enums import StatutSaisine
from dossiers.models import Document, EvenementJournal, Menage, Saisine
from procedure.enums import Stade, TypeActe
from procedure.models import Procedure
from tests.conftest import client_de
from tests.dossiers.factories import MembreFactory, MenageFactory
from tests.dossiers.factories_saisines import PDF, PNG, document_de, message_de, saisine_de

HIER = timezone.localdate() - timedelta(days=1)


def formulaire(monde, action="envoyer", **extra):
    donnees = {
        "cle_idempotence": str(uuid.uuid4()),
        "action": action,
        "nom": "Lefèvre",
        "prenom": "Hélène",
        "date_naissance": "1980-05-04",
        "telephone": "0611223344",
        "adresse": "12 rue des Lilas",
        "commune": monde.commune.pk,
        "nb_adultes": "1",
        "nb_enfants": "2",
        "bailleur_organisation": monde.bailleur.pk,
        "bailleur_nature": "bailleur_social",
        "parc": "social",
        "loyer_hc": "620",
        "motif": "impayes",
        "stade_declare": "cdp",
        "date_cdp": "2026-06-01",
        "montant_dette": "2480",
        "date_dette": "2026-06-01",
        "mois_impayes": "4",
        "demande": "Des délais de paiement et une aide du FSL.",
        "consentement_saisine": "on",
        "consentement_partage": "on",
        "consentement_recueilli_par": "Sophie Lemaire, conseillère sociale",
        "consentement_date": HIER.isoformat(),
        "consentement_mode": "ecrit",
    }
    donnees.update(extra)
    return {k: v for k, v in donnees.items() if v is not None}


@pytest.fixture
def partenaire(monde):
    return client_de(monde.partenaire)


URL = reverse("dossiers:nouvelle_saisine")


class TestFormulairePartenaire:
    def test_envoi_numero_affiche_et_courriel(
        self, monde, partenaire, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            reponse = partenaire.post(URL, formulaire(monde), follow=True)
        saisine = Saisine.objects.get()
        assert saisine.statut == StatutSaisine.SOUMISE and saisine.numero.startswith("S-96-")
        assert f"Saisine envoyée : numéro {saisine.numero}" in reponse.content.decode()
        assert saisine.organisation == monde.bailleur and saisine.origine == "bailleurs"
        assert saisine.actes_connus == [{"type": "cdp", "date": "2026-06-01"}]
        (message,) = mail.outbox
        assert saisine.numero in message.subject and monde.partenaire.email in message.to

    def test_double_envoi_une_seule_saisine(self, monde, partenaire):
        donnees = formulaire(monde)
        partenaire.post(URL, donnees)
        deuxieme = partenaire.post(URL, donnees, follow=True)
        assert Saisine.objects.count() == 1
        assert "avait déjà été envoyée" in deuxieme.content.decode()

    def test_brouillon_sans_exigence_puis_envoi(self, monde, partenaire):
        reponse = partenaire.post(
            URL, {"cle_idempotence": str(uuid.uuid4()), "action": "brouillon", "nom": "Lefèvre"}
        )
        brouillon = Saisine.objects.get()
        assert brouillon.statut == StatutSaisine.BROUILLON and brouillon.numero is None
        assert reponse.url == reverse("dossiers:saisine_partenaire", args=[brouillon.pk])
        page = partenaire.get(
            reverse("dossiers:modifier_saisine", args=[brouillon.pk]), follow=True
        )
        assert page.context["form"]["nom"].value() == "Lefèvre"
        envoi = formulaire(monde, cle_idempotence=str(brouillon.cle_idempotence))
        partenaire.post(reverse("dossiers:modifier_saisine", args=[brouillon.pk]), envoi)
        brouillon.refresh_from_db()
        assert brouillon.statut == StatutSaisine.SOUMISE and Saisine.objects.count() == 1

    def test_champs_exiges_selon_le_stade(self, monde, partenaire):
        reponse = partenaire.post(URL, formulaire(monde, stade_declare="cql"))
        html = reponse.content.decode()
        assert "La saisine n’est pas encore complète" in html
        assert "Date du jugement : Obligatoire à ce stade de la procédure." in html
        assert "Joignez le jugement à partir de ce stade." in html
        assert "Date du commandement de quitter les lieux : Obligatoire" in html
        assert not Saisine.objects.exists()
        jugement = SimpleUploadedFile("jugement scanné.PDF", PDF, content_type="application/pdf")
        reponse = partenaire.post(
            URL,
            formulaire(
                monde,
                stade_declare="cql",
                date_assignation="2026-01-10",
                date_jugement="2026-03-10",
                issue_jugement="expulsion_ordonnee",
                date_cql="2026-04-10",
                document_jugement=jugement,
            ),
        )
        saisine = Saisine.objects.get()
        assert saisine.statut == StatutSaisine.SOUMISE
        (document,) = saisine.documents.all()
        assert document.nom == "jugement-scanne.pdf" and document.type_mime == "application/pdf"

    def test_sequence_impossible_refusee(self, monde, partenaire):
        reponse = partenaire.post(
            URL,
            formulaire(
                monde,
                stade_declare="cql",
                date_assignation="2026-01-10",
                date_jugement="2026-03-10",
                issue_jugement="delais_accordes",
                date_cql="2026-04-10",
                document_jugement=SimpleUploadedFile("j.pdf", PDF),
            ),
        )
        assert "suppose un jugement ordonnant l’expulsion" in reponse.content.decode()
        assert not Saisine.objects.exists()

    def test_consentement_obligatoire(self, monde, partenaire):
        reponse = partenaire.post(URL, formulaire(monde, consentement_partage=None))
        assert "Sans l’accord du ménage" in reponse.content.decode()
        assert not Saisine.objects.exists()


class TestTeleversements:
    @pytest.mark.parametrize(
        ("nom", "contenu", "accepte"),
        [
            ("dsf.pdf", PDF, True),
            ("photo.png", PNG, True),
            ("faux.pdf", b"MZ\x90\x00 ceci est un executable", False),  # the name lies
            ("page.pdf", b"<html><script>alert(1)</script></html>", False),
        ],
    )
    def test_type_detecte_sur_le_contenu(self, monde, partenaire, nom, contenu, accepte):
        fichier = SimpleUploadedFile(nom, contenu, content_type="application/pdf")
        reponse = partenaire.post(URL, formulaire(monde, document_dsf=fichier))
        assert Saisine.objects.exists() is accepte
        if not accepte:
            assert "n’est pas un PDF, un JPEG ou un PNG" in reponse.content.decode()
            assert not Document.objects.exists()

    def test_taille_maximale(self, monde, partenaire):
        gros = SimpleUploadedFile(
            "gros.pdf", PDF + b"0" * (10 * 1024 * 1024), content_type="application/pdf"
        )
        reponse = partenaire.post(URL, formulaire(monde, document_dsf=gros))
        assert "la limite est de 10 Mo" in reponse.content.decode()
        assert not Saisine.objects.exists()


def pdfs(nombre: int, taille: int = 0) -> list:
    """`nombre` valid PDFs of `taille` bytes each (at least the minimal PDF)."""
    contenu = PDF + b"0" * max(0, taille - len(PDF))
    return [SimpleUploadedFile(f"piece-{n}.pdf", contenu) for n in range(nombre)]


class TestLimitesParSaisine:
    """Issue 13: 20 documents and 50 MB per referral at most, counting those already joined."""

    def test_vingt_et_un_documents_refuses(self, monde, partenaire):
        reponse = partenaire.post(URL, formulaire(monde, documents_autres=pdfs(21)))
        assert "Une saisine compte au plus 20 documents" in reponse.content.decode()
        assert not Saisine.objects.exists() and not Document.objects.exists()
        partenaire.post(URL, formulaire(monde, documents_autres=pdfs(20)))
        assert Document.objects.count() == 20

    def test_plus_de_50_mo_au_total_refuses(self, monde, partenaire):
        neuf_mo = 9 * 1024 * 1024
        reponse = partenaire.post(URL, formulaire(monde, documents_autres=pdfs(6, neuf_mo)))
        assert "50 Mo au total" in reponse.content.decode()
        assert not Saisine.objects.exists() and not Document.objects.exists()

    def test_documents_ajoutes_ensuite_comptent_avec_les_premiers(self, monde, partenaire):
        partenaire.post(
            URL, formulaire(monde, action="brouillon", documents_autres=pdfs(15, 3 * 1024 * 1024))
        )
        brouillon = Saisine.objects.get()
        url = reverse("dossiers:modifier_saisine", args=[brouillon.pk])
        donnees = formulaire(
            monde, action="brouillon", nom="Durand", cle_idempotence=str(brouillon.cle_idempotence)
        )
        reponse = partenaire.post(url, donnees | {"documents_autres": pdfs(6)})
        assert "Une saisine compte au plus 20 documents" in reponse.content.decode()
        reponse = partenaire.post(url, donnees | {"documents_autres": pdfs(2, 3 * 1024 * 1024)})
        assert "50 Mo au total" in reponse.content.decode()
        brouillon.refresh_from_db()
        assert brouillon.documents.count() == 15 and brouillon.nom != "Durand"  # nothing saved
        partenaire.post(url, donnees | {"documents_autres": pdfs(1)})
        assert brouillon.documents.count() == 16

    def test_le_service_refuse_aussi(self, monde):
        """Whatever the channel, the service counts the documents already joined."""
        from ccapex.fichiers import verifier
        from dossiers.services import saisines as services

        saisine = saisine_de(monde.bailleur, statut=StatutSaisine.BROUILLON)
        for _ in range(20):
            document_de(saisine)
        with pytest.raises(ValidationError, match="au plus 20 documents"):
            services.enregistrer(
                cle=saisine.cle_idempotence,
                donnees={"nom": "Durand"},
                actes_connus=[],
                documents=[("autre", verifier(pdfs(1)[0]))],
                par=monde.partenaire,
                organisation=monde.bailleur,
                departement=monde.departement,
                canal=saisine.canal,
                envoyer=False,
            )
        saisine.refresh_from_db()
        assert saisine.documents.count() == 20 and saisine.nom == "Lefèvre"


class TestCloisonnement:
    def test_une_autre_organisation_ne_voit_rien(self, monde):
        saisine = saisine_de(monde.bailleur)
        document = document_de(saisine)
        message_de(saisine, monde.secretariat)
        autre = client_de(monde.partenaire_autre_organisation)
        for url in [
            reverse("dossiers:saisine_partenaire", args=[saisine.pk]),
            reverse("dossiers:modifier_saisine", args=[saisine.pk]),
            reverse("dossiers:document", args=[document.pk]),
        ]:
            assert autre.get(url).status_code == 404, url
        page = autre.get(reverse("commission:espace_partenaire")).content.decode()
        assert saisine.numero not in page and "Lefèvre" not in page
        assert (
            client_de(monde.partenaire)
            .get(reverse("dossiers:document", args=[document.pk]))
            .status_code
            == 200
        )


class TestTri:
    def test_file_urgentes_puis_recentes(self, monde):
        ancienne = saisine_de(monde.bailleur, soumise_le=timezone.now() - timedelta(days=10))
        recente = saisine_de(monde.bailleur, soumise_le=timezone.now() - timedelta(days=1))
        urgente = saisine_de(
            monde.bailleur, date_expulsion_connue=timezone.localdate() + timedelta(days=20)
        )
        completee = saisine_de(
            monde.bailleur,
            statut=StatutSaisine.COMPLETEE,
            soumise_le=timezone.now() - timedelta(days=5),
        )
        saisine_de(monde.bailleur, statut=StatutSaisine.RECEVABLE)
        saisine_de(monde.bailleur, statut=StatutSaisine.BROUILLON)
        page = client_de(monde.secretariat).get(reverse("dossiers:file_de_tri"))
        # Issue 14: urgent first, then the newest (the oldest used to come first).
        assert list(page.context["saisines"]) == [urgente, recente, completee, ancienne]

    def test_complement_demande_puis_complete_par_le_partenaire(
        self, monde, django_capture_on_commit_callbacks
    ):
        saisine = saisine_de(monde.bailleur)
        secretariat = client_de(monde.secretariat)
        with django_capture_on_commit_callbacks(execute=True):
            secretariat.post(
                reverse("dossiers:demander_complement", args=[saisine.pk]),
                {"complement-texte": "Merci de joindre le DSF."},
            )
        saisine.refresh_from_db()
        assert saisine.statut == StatutSaisine.INCOMPLETE
        assert "Merci de joindre le DSF." in mail.outbox[0].body
        partenaire = client_de(monde.partenaire)
        page = partenaire.get(
            reverse("dossiers:saisine_partenaire", args=[saisine.pk])
        ).content.decode()
        assert "Merci de joindre le DSF." in page and "Compléter et renvoyer" in page
        donnees = formulaire(
            monde,
            cle_idempotence=str(saisine.cle_idempotence),
            document_dsf=SimpleUploadedFile("dsf.pdf", PDF),
        )
        partenaire.post(reverse("dossiers:modifier_saisine", args=[saisine.pk]), donnees)
        saisine.refresh_from_db()
        assert saisine.statut == StatutSaisine.COMPLETEE and saisine.documents.count() == 1
        evenements = EvenementJournal.objects.filter(saisine=saisine).values_list("type", flat=True)
        assert set(evenements) == {"saisine_complement_demande", "saisine_completee"}

    def test_non_recevable(self, monde):
        saisine = saisine_de(monde.bailleur)
        client_de(monde.secretariat).post(
            reverse("dossiers:declarer_irrecevable", args=[saisine.pk]),
            {"irrecevable-motif": "Hors du département."},
        )
        saisine.refresh_from_db()
        assert saisine.statut == StatutSaisine.IRRECEVABLE
        page = client_de(monde.partenaire).get(
            reverse("dossiers:saisine_partenaire", args=[saisine.pk])
        )
        assert "Hors du département." in page.content.decode()

    def test_accepter_cree_le_menage_la_procedure_et_les_actes(self, monde):
        saisine = saisine_de(
            monde.bailleur,
            commune=monde.commune,
            loyer_hc=620,
            montant_dette=2480,
            date_dette=date(2026, 6, 1),
        )
        document_de(saisine)
        reponse = client_de(monde.secretariat).post(
            reverse("dossiers:accepter_saisine", args=[saisine.pk]),
            {"acceptation-menage": "nouveau"},
        )
        saisine.refresh_from_db()
        menage = saisine.menage
        assert reponse.url == reverse("dossiers:menage", args=[menage.numero])
        assert saisine.statut == StatutSaisine.RECEVABLE
        procedure = Procedure.objects.avec_stade().get(menages=menage)
        assert procedure.stade == Stade.CDP and procedure.actes.get().type == TypeActe.CDP
        assert procedure.dettes.get().montant == 2480
        assert menage.documents.count() == 1 and menage.membres.get().nom == "Lefèvre"
        assert menage.journal.filter(type="saisine_acceptee").exists()

    def test_accepter_en_rattachant_au_doublon(self, monde):
        connu = MenageFactory(departement=monde.departement)
        MembreFactory(menage=connu, nom="LEFEVRE", date_naissance=date(1980, 5, 4))
        saisine = saisine_de(monde.bailleur, commune=monde.commune, date_naissance=date(1980, 5, 4))
        secretariat = client_de(monde.secretariat)
        page = secretariat.get(reverse("dossiers:saisine", args=[saisine.pk]))
        assert connu.numero in page.content.decode()
        secretariat.post(
            reverse("dossiers:accepter_saisine", args=[saisine.pk]),
            {"acceptation-menage": connu.numero},
        )
        saisine.refresh_from_db()
        assert saisine.menage == connu and Menage.objects.count() == 1


class TestSaisineParLeMenage:
    @pytest.fixture(autouse=True)
    def compteur_vide(self):
        cache.clear()

    def donnees(self, monde):
        donnees = formulaire(monde, email="helene.lefevre@exemple.fr")
        for nom in (
            "consentement_recueilli_par",
            "consentement_date",
            "consentement_mode",
            "bailleur_organisation",
        ):
            donnees.pop(nom)
        return donnees | {"bailleur_nom": "Orge Habitat"}

    def test_confirmation_par_courriel(
        self, monde, client, settings, django_capture_on_commit_callbacks
    ):
        settings.SITE_URL = "https://ccapex.exemple.gouv.fr"
        url = reverse("dossiers:saisine_publique", args=["96"])
        with django_capture_on_commit_callbacks(execute=True):
            reponse = client.post(url, self.donnees(monde))
        assert "Vérifiez votre messagerie" in reponse.content.decode()
        saisine = Saisine.objects.get()
        assert saisine.statut == StatutSaisine.BROUILLON and saisine.origine == "menage"
        assert saisine.consentement_mode == "en_ligne"
        lien = mail.outbox[0].body.split("https://ccapex.exemple.gouv.fr", 1)[1].split()[0]
        with django_capture_on_commit_callbacks(execute=True):
            page = client.get(lien)
        saisine.refresh_from_db()
        assert saisine.statut == StatutSaisine.SOUMISE and saisine.numero in page.content.decode()
        client.get(lien)  # a second click changes nothing
        assert Saisine.objects.get().numero == saisine.numero

    def test_limite_de_debit(self, monde, client, settings):
        settings.LIMITE_SAISINE_PUBLIQUE = "2/h"
        url = reverse("dossiers:saisine_publique", args=["96"])
        for _ in range(2):
            assert client.post(url, self.donnees(monde)).status_code == 200
        bloque = client.post(url, self.donnees(monde))
        assert bloque.status_code == 429
        assert "Trop de demandes" in bloque.content.decode()
        assert Saisine.objects.count() == 2


def test_une_saisine_n_est_pas_rattachee_a_un_dossier_fusionne(monde):
    from dossiers.services import saisines
    from dossiers.services.menages import fusionner
    from tests.dossiers.factories import menage_avec_procedure

    garde, doublon = (menage_avec_procedure(monde.departement) for _ in range(2))
    fusionner(garde, doublon, par=monde.secretariat)
    saisine = saisine_de(monde.bailleur)
    with pytest.raises(ValidationError, match=f"fusionné dans le dossier {garde.numero}"):
        saisines.accepter(saisine, par=monde.secretariat, menage=doublon)
    saisine.refresh_from_db()
    assert saisine.statut == StatutSaisine.SOUMISE and saisine.menage_id is None
