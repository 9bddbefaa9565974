"""Issue 4, items 2 to 7: what the existing referral tests did not prove yet."""

import re
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dossiers.enums import CanalSaisine, NatureSaisine, StatutSaisine
from dossiers.models import EvenementJournal, Saisine
from tests.conftest import client_de
from tests.dossiers.factories_saisines import PDF, document_de, message_de, saisine_de
from tests.dossiers.test_saisines import formulaire

URL = reverse("dossiers:nouvelle_saisine")


class Champs(HTMLParser):
    """The form's controls, labels, fieldsets' legends and the error summary's links."""

    def __init__(self):
        super().__init__()
        self.controles, self.labels, self.legendes, self.liens = {}, set(), [], []
        self._legende = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "select", "textarea") and attrs.get("type") != "hidden":
            if attrs.get("name") != "csrfmiddlewaretoken":
                self.controles[attrs.get("id")] = attrs
        elif tag == "label" and attrs.get("for"):
            self.labels.add(attrs["for"])
        elif tag == "legend":
            self._legende = True
            self.legendes.append("")
        elif tag == "a" and (attrs.get("href") or "").startswith("#id_"):
            self.liens.append(attrs["href"][1:])

    def handle_endtag(self, tag):
        if tag == "legend":
            self._legende = False

    def handle_data(self, data):
        if self._legende:
            self.legendes[-1] += data.strip()


def analyser(html: str) -> Champs:
    champs = Champs()
    champs.feed(html)
    return champs


class TestFormulaireAccessible:
    """Item 2: every field labelled, grouped, hinted; the errors summarised and linked."""

    def test_chaque_champ_a_son_libelle_et_les_groupes_du_domaine(self, monde):
        # Issue 14: the form is filled in step by step; each step a fieldset.
        client = client_de(monde.partenaire)
        html = "".join(
            client.get(URL + etape + "/").content.decode()
            for etape in ["menage", "logement", "procedure", "pieces", "recapitulatif"]
        )
        page = analyser(html)
        assert set(page.controles) <= page.labels, set(page.controles) - page.labels
        assert [legende for legende in page.legendes if "thème" not in legende] == [
            "Le ménage",
            "Le logement et le bailleur",
            "La procédure et la demande",
            "Les pièces jointes",
            "Le consentement du ménage",
        ]
        # What the issue lists: identity and contact, lease and landlord, stage and acts with
        # dates, debt, motif, what is asked, urgency, documents, consent (who, when, how).
        for champ in ["nom", "telephone", "email", "adresse", "bailleur_nom", "loyer_hc",
                      "stade_declare", "date_cdp", "date_assignation", "date_jugement",
                      "date_cql", "montant_dette", "motif", "demande", "date_expulsion_connue",
                      "document_dsf", "document_jugement", "document_decompte",
                      "documents_autres", "consentement_recueilli_par", "consentement_date",
                      "consentement_mode"]:  # fmt: skip
            assert f"id_{champ}" in page.controles, champ
        # Hints are tied to their field; fields needed to send are not called optional.
        assert page.controles["id_telephone"]["aria-describedby"] == "id_telephone_helptext"
        libelle_nom = re.search(r'for="id_nom"[^>]*>(.*?)</label>', html, re.S).group(1)
        assert "facultatif" not in libelle_nom
        libelle_rg = re.search(r'for="id_numero_rg"[^>]*>(.*?)</label>', html, re.S).group(1)
        assert "(facultatif)" in libelle_rg
        assert "Obligatoire à partir du stade « Jugement »." in html

    def test_resume_des_erreurs_relie_aux_champs(self, monde):
        reponse = client_de(monde.partenaire).post(
            URL, formulaire(monde, stade_declare="jugement", demande=None)
        )
        html = reponse.content.decode()
        page = analyser(html)
        assert 'role="alert" id="resume-erreurs" tabindex="-1" data-resume-erreurs' in html
        # In the order of the page, each to its field, which says it is invalid.
        assert page.liens == [
            "id_date_assignation",
            "id_date_jugement",
            "id_issue_jugement",
            "id_demande",
            "id_document_jugement",
        ]
        for lien in page.liens:
            controle = page.controles[lien]
            assert controle["aria-invalid"] == "true"
            assert controle["aria-describedby"] == f"{lien}-desc-error"
        assert "autofocus" not in html  # the summary takes the focus (ccapex.js)


class TestDocumentsPrives:
    """Item 3: stored under a random name outside any URL; served as an attachment."""

    def test_le_fichier_n_est_servi_que_par_la_vue_controlee(self, monde, settings):
        saisine = saisine_de(monde.bailleur)
        reponse = client_de(monde.partenaire).post(
            reverse("dossiers:saisine_partenaire", args=[saisine.pk])
        )
        assert reponse.status_code == 200
        document = document_de(saisine)
        chemin = document.fichier.name
        assert "dsf" not in chemin and str(settings.MEDIA_ROOT) in document.fichier.path
        for url in (f"/{chemin}", f"/media/{chemin}", f"/static/{chemin}"):
            for acteur in ("anonyme", "partenaire", "secretariat"):
                contenu = client_de(monde.utilisateur(acteur)).get(url)
                assert contenu.status_code in (302, 404), (url, acteur)
                assert PDF not in contenu.content
        servi = client_de(monde.partenaire).get(reverse("dossiers:document", args=[document.pk]))
        assert servi["Content-Disposition"].startswith("attachment;")
        assert servi["X-Content-Type-Options"] == "nosniff"
        assert b"".join(servi.streaming_content) == PDF


class TestTriJournalise:
    """Item 5: each triage action is in the referral's journal with its author."""

    def test_chaque_action_a_son_auteur(self, monde):
        secretariat = client_de(monde.secretariat)
        incomplete, irrecevable, recevable = (
            saisine_de(monde.bailleur, commune=monde.commune) for _ in range(3)
        )
        secretariat.post(
            reverse("dossiers:demander_complement", args=[incomplete.pk]),
            {"complement-texte": "Merci de joindre le jugement."},
        )
        secretariat.post(
            reverse("dossiers:declarer_irrecevable", args=[irrecevable.pk]),
            {"irrecevable-motif": "Le logement est hors du département."},
        )
        secretariat.post(
            reverse("dossiers:accepter_saisine", args=[recevable.pk]),
            {"acceptation-menage": "nouveau"},
        )
        journal = {
            (e.saisine_id, e.type): e.auteur
            for e in EvenementJournal.objects.filter(type__startswith="saisine_")
        }
        assert journal == {
            (incomplete.pk, "saisine_complement_demande"): monde.secretariat,
            (irrecevable.pk, "saisine_irrecevable"): monde.secretariat,
            (recevable.pk, "saisine_acceptee"): monde.secretariat,
        }
        file = client_de(monde.secretariat).get(reverse("dossiers:file_de_tri"))
        assert list(file.context["saisines"]) == []  # all three left the queue

    def test_accepter_sans_commune_refuse_clairement(self, monde):
        saisine = saisine_de(monde.bailleur)  # no commune: no household can be created
        reponse = client_de(monde.secretariat).post(
            reverse("dossiers:accepter_saisine", args=[saisine.pk]),
            {"acceptation-menage": "nouveau"},
        )
        assert reponse.status_code == 200
        assert "La commune du logement n’est pas connue" in reponse.content.decode()
        saisine.refresh_from_db()
        assert saisine.statut == StatutSaisine.SOUMISE and saisine.menage is None


class TestCloisonnementComplet:
    """Item 6: another organisation gets 404 on every URL of a referral, in the UI and API."""

    @pytest.fixture
    def objets(self, monde):
        saisine = saisine_de(monde.bailleur, statut=StatutSaisine.INCOMPLETE)
        return {
            "saisine": saisine,
            "document": document_de(saisine),
            "message": message_de(saisine, monde.secretariat, texte="Joignez le DSF, svp."),
        }

    def test_toutes_les_adresses_d_une_saisine(self, monde, objets):
        from partenaires.services import nouveau_jeton_api

        saisine, document = objets["saisine"], objets["document"]
        signalement = saisine_de(
            monde.caf,
            nature=NatureSaisine.ADMINISTRATIVE,
            canal=CanalSaisine.CDP,
            statut=StatutSaisine.ORIENTEE,
            orientee_vers=monde.bailleur,
            reference_source="CJ-AUDIT-1",
        )
        autre = client_de(monde.partenaire_autre_organisation)
        requetes = [
            ("get", reverse("dossiers:saisine_partenaire", args=[saisine.pk]), {}),
            ("post", reverse("dossiers:saisine_partenaire", args=[saisine.pk]), {"texte": "Hé"}),
            ("get", reverse("dossiers:modifier_saisine", args=[saisine.pk]), {}),
            ("post", reverse("dossiers:modifier_saisine", args=[saisine.pk]), formulaire(monde)),
            ("get", reverse("dossiers:document", args=[document.pk]), {}),
            # An administrative report dispatched to the landlord (the referral above is not
            # dispatched at all, so it would give 404 to anyone).
            ("post", reverse("commission:prendre_en_charge", args=[signalement.pk]), {}),
        ]
        for methode, url, donnees in requetes:
            assert getattr(autre, methode)(url, donnees).status_code == 404, (methode, url)
        jeton = nouveau_jeton_api(monde.autre_bailleur, par=monde.administrateur)
        api = client_de(None)
        entete = {"Authorization": f"Token {jeton}"}
        assert api.get(f"/api/v1/saisines/{saisine.numero}/", headers=entete).status_code == 404
        liste = api.get("/api/v1/saisines/", headers=entete).content.decode()
        assert saisine.numero not in liste and "Joignez le DSF" not in liste
        espace = autre.get(reverse("commission:espace_partenaire")).content.decode()
        assert saisine.numero not in espace and "Joignez le DSF" not in espace
        # Nothing was written by the attempts.
        saisine.refresh_from_db()
        assert saisine.statut == StatutSaisine.INCOMPLETE and saisine.messages.count() == 1
        signalement.refresh_from_db()
        assert signalement.statut == StatutSaisine.ORIENTEE

    def test_le_partenaire_voit_statut_et_messages_de_sa_saisine(self, monde, objets):
        saisine = objets["saisine"]
        partenaire = client_de(monde.partenaire)
        espace = partenaire.get(reverse("commission:espace_partenaire")).content.decode()
        assert saisine.numero in espace and "Complément demandé" in espace
        page = partenaire.get(reverse("dossiers:saisine_partenaire", args=[saisine.pk]))
        assert "Joignez le DSF, svp." in page.content.decode()


class TestSaisineParLeMenage:
    """Item 7: no account, confirmed by e-mail, into the same queue; rate-limited."""

    @pytest.fixture(autouse=True)
    def compteur_vide(self):
        cache.clear()

    def donnees(self, monde, **extra):
        donnees = formulaire(monde, email="helene.lefevre@exemple.fr", **extra)
        for nom in ("consentement_recueilli_par", "consentement_date", "consentement_mode",
                    "bailleur_organisation", "action"):  # fmt: skip
            donnees.pop(nom)
        return donnees | {"bailleur_nom": "Orge Habitat"}

    def test_confirmee_elle_rejoint_la_file_de_tri(
        self, monde, client, settings, django_capture_on_commit_callbacks
    ):
        settings.SITE_URL = "https://ccapex.exemple.gouv.fr"
        url = reverse("dossiers:saisine_publique", args=[monde.departement.code])
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url, self.donnees(monde, date_expulsion_connue="2027-01-15"))
        file_url = reverse("dossiers:file_de_tri")
        secretariat = client_de(monde.secretariat)
        assert list(secretariat.get(file_url).context["saisines"]) == []  # not confirmed yet
        lien = mail.outbox[0].body.split(settings.SITE_URL, 1)[1].split()[0]
        assert settings.SITE_URL + reverse("donnees_personnelles") in mail.outbox[0].body
        with django_capture_on_commit_callbacks(execute=True):
            client.get(lien)
        (saisine,) = secretariat.get(file_url).context["saisines"]
        assert saisine.canal == "formulaire_menage" and saisine.organisation is None
        assert saisine.statut == StatutSaisine.SOUMISE
        assert saisine.numero in mail.outbox[-1].subject
        assert mail.outbox[-1].to == ["helene.lefevre@exemple.fr"]

    def test_limite_de_debit_page_429_en_francais(self, monde, client, settings):
        settings.LIMITE_SAISINE_PUBLIQUE = "3/h"
        url = reverse("dossiers:saisine_publique", args=[monde.departement.code])
        codes = [client.post(url, self.donnees(monde)).status_code for _ in range(3)]
        assert codes == [200, 200, 200]
        bloque = client.post(url, self.donnees(monde))
        html = bloque.content.decode()
        assert bloque.status_code == 429
        assert '<html lang="fr"' in html and "<h1>Trop de demandes envoyées</h1>" in html
        assert Saisine.objects.count() == 3
        assert client.get(url, follow=True).status_code == 200  # reading is never limited

    def test_limite_de_debit_ne_se_contourne_pas_par_x_forwarded_for(self, monde, client, settings):
        """Without a trusted proxy (the default), the header is the client's own words."""
        settings.LIMITE_SAISINE_PUBLIQUE = "2/h"
        url = reverse("dossiers:saisine_publique", args=[monde.departement.code])
        codes = [
            client.post(url, self.donnees(monde), HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code
            for n in range(4)
        ]
        assert codes == [200, 200, 429, 429]
        assert Saisine.objects.count() == 2

    def test_adresse_transmise_illisible_ne_casse_rien(self, monde, client, settings):
        settings.PROXIES_DE_CONFIANCE = 1
        url = reverse("dossiers:saisine_publique", args=[monde.departement.code])
        reponse = client.post(url, self.donnees(monde), HTTP_X_FORWARDED_FOR="pas-une-adresse")
        assert reponse.status_code == 200

    def test_vingt_et_un_documents_refuses(self, monde, client):
        url = reverse("dossiers:saisine_publique", args=[monde.departement.code])
        fichiers = [SimpleUploadedFile(f"p{n}.pdf", PDF) for n in range(21)]
        reponse = client.post(url, self.donnees(monde, documents_autres=fichiers))
        assert reponse.status_code == 200
        assert "Une saisine compte au plus 20 documents" in reponse.content.decode()
        assert not Saisine.objects.exists()

    def test_fichier_de_plus_de_10_mo_refuse(self, monde, client):
        url = reverse("dossiers:saisine_publique", args=[monde.departement.code])
        gros = SimpleUploadedFile("dsf.pdf", PDF + b"0" * (10 * 1024 * 1024 - len(PDF) + 1))
        reponse = client.post(url, self.donnees(monde, document_dsf=gros))
        assert "la limite est de 10 Mo par fichier" in reponse.content.decode()
        assert not Saisine.objects.exists()
        juste = SimpleUploadedFile("dsf.pdf", PDF + b"0" * (10 * 1024 * 1024 - len(PDF)))
        client.post(url, self.donnees(monde, document_dsf=juste))
        assert Saisine.objects.get().documents.get().taille == 10 * 1024 * 1024
