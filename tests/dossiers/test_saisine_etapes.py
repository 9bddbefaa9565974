"""Issue 14 item 4: the referral form step by step (partner and household), its draft kept on
the server, only the dates the stage needs, a summary before sending, the household's words."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from dossiers.enums import StatutSaisine
from dossiers.models import Saisine
from tests.conftest import client_de
from tests.dossiers.factories_saisines import PDF, saisine_de

HIER = (timezone.localdate() - timedelta(days=1)).isoformat()


def etape(slug):
    return reverse("dossiers:nouvelle_saisine_etape", args=[slug])


def cle(client, slug):
    html = client.get(etape(slug)).content.decode()
    return re.search(r'name="cle_idempotence" value="([^"]+)"', html).group(1)


def remplir(monde, client, *, stade="cdp", **extra):
    """The four first steps, as a partner fills them in."""
    c = cle(client, "menage")
    pas = [
        ("menage", {"nom": "Lefèvre", "prenom": "Hélène", "nb_adultes": "1", "nb_enfants": "1"}),
        ("logement", {
            "adresse": "12 rue des Lilas", "commune": monde.commune.pk,
            "bailleur_organisation": monde.bailleur.pk, "bailleur_nature": "bailleur_social",
            "parc": "social", "motif": "impayes",
        }),
        ("procedure", {
            "stade_declare": stade, "date_cdp": "2026-06-01", "montant_dette": "2480",
            "demande": "Des délais de paiement.",
        }),
        ("pieces", {"document_dsf": SimpleUploadedFile("dsf.pdf", PDF)}),
    ]  # fmt: skip
    reponses = []
    for slug, donnees in pas:
        donnees = {**donnees, **extra.pop(slug, {})}
        reponses.append(client.post(etape(slug), {"cle_idempotence": c, **donnees}))
    return c, reponses


CONSENTEMENT = {
    "action": "envoyer",
    "consentement_saisine": "on",
    "consentement_partage": "on",
    "consentement_mode": "ecrit",
}


@pytest.fixture
def partenaire(monde):
    return client_de(monde.partenaire)


def test_parcours_complet_au_stade_cdp(monde, partenaire, django_capture_on_commit_callbacks):
    assert partenaire.get(reverse("dossiers:nouvelle_saisine")).url == etape("menage")
    c, reponses = remplir(monde, partenaire)
    assert [r.url for r in reponses] == [
        etape(slug) + "#etape" for slug in ["logement", "procedure", "pieces", "recapitulatif"]
    ]
    recap = partenaire.get(etape("recapitulatif")).content.decode()
    # The summary, in words, before sending; the consent's author and date are prefilled.
    textes = ["Lefèvre", "12 rue des Lilas", monde.commune.nom, "Impayés de loyer",
              "Commandement de payer", "01/06/2026", "dsf.pdf", "Vérifiez la saisine"]  # fmt: skip
    for texte in textes:
        assert texte in recap, texte
    assert 'class="fr-stepper"' in recap and "Étape 5 sur 5" in recap
    assert not Saisine.objects.exists()  # nothing sent before the last step
    prerempli = {
        nom: re.search(
            rf'id="id_{nom}"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*id="id_{nom}"', recap
        )
        for nom in ("consentement_recueilli_par", "consentement_date")
    }
    prerempli = {nom: next(g for g in m.groups() if g) for nom, m in prerempli.items()}
    assert prerempli["consentement_date"] == timezone.localdate().isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        envoi = partenaire.post(
            etape("recapitulatif"), {"cle_idempotence": c, **CONSENTEMENT, **prerempli}
        )
    saisine = Saisine.objects.get()
    assert envoi.url == reverse("dossiers:saisine_partenaire", args=[saisine.pk])
    assert saisine.statut == StatutSaisine.SOUMISE and saisine.commune == monde.commune
    assert saisine.actes_connus == [{"type": "cdp", "date": "2026-06-01"}]
    assert saisine.consentement_date == timezone.localdate()
    assert saisine.consentement_recueilli_par.endswith(monde.bailleur.nom)
    (document,) = saisine.documents.all()
    assert document.nom == "dsf.pdf" and document.fichier.read() == PDF
    assert len(mail.outbox) == 1
    # A second click on « Envoyer » (the same page posted again): nothing twice.
    again = partenaire.post(
        etape("recapitulatif"), {"cle_idempotence": c, **CONSENTEMENT, **prerempli}, follow=True
    )
    assert Saisine.objects.count() == 1
    assert f"avait déjà été envoyée (n° {saisine.numero})" in again.content.decode()
    # The draft is gone: a new referral starts empty.
    assert 'value="Lefèvre"' not in partenaire.get(etape("menage")).content.decode()


def test_seules_les_dates_du_stade(monde, partenaire):
    cle(partenaire, "menage")

    def caches():
        html = partenaire.get(etape("procedure")).content.decode()
        return set(
            re.findall(
                r'<div class="fr-fieldset__element" hidden>.*?<(?:input|select)[^>]*id="id_(\w+)"',
                html,
                re.S,
            )
        )

    toutes = {"date_cdp", "date_assignation", "date_jugement", "issue_jugement", "date_cql",
              "date_requisition_cfp", "date_octroi_cfp"}  # fmt: skip
    assert caches() == toutes  # no stage yet
    c = cle(partenaire, "procedure")
    partenaire.post(etape("procedure"), {"cle_idempotence": c, "stade_declare": "cdp"})
    assert caches() == toutes - {"date_cdp"}
    partenaire.post(etape("procedure"), {"cle_idempotence": c, "stade_declare": "jugement"})
    assert caches() == {"date_cql", "date_requisition_cfp", "date_octroi_cfp"}
    html = partenaire.get(etape("procedure")).content.decode()
    assert 'data-rangs="{&quot;prevention&quot;: 0, &quot;cdp&quot;: 1' in html  # ccapex.js


def test_chaque_etape_verifie_ses_champs_et_garde_le_brouillon(monde, partenaire):
    c = cle(partenaire, "procedure")
    reponse = partenaire.post(
        etape("procedure"),
        {"cle_idempotence": c, "stade_declare": "assignation", "date_cdp": "2026-06-01"},
    )
    html = reponse.content.decode()
    assert reponse.status_code == 200 and "La saisine n’est pas encore complète" in html
    assert 'href="#id_date_assignation"' in html and "Obligatoire à ce stade" in html
    assert "#id_nom" not in html  # other steps' fields wait for the summary
    # Back, forward, refresh: what was typed is there.
    precedent = partenaire.post(
        etape("procedure"),
        {"cle_idempotence": c, "action": "precedent", "stade_declare": "assignation",
         "date_cdp": "2026-06-01", "montant_dette": "2480"},
    )  # fmt: skip
    assert precedent.url == etape("logement") + "#etape"
    html = partenaire.get(etape("procedure")).content.decode()
    assert 'value="2480"' in html and 'value="2026-06-01"' in html
    assert '<option value="assignation" selected>' in html


def test_le_recapitulatif_renvoie_a_l_etape_a_corriger(monde, partenaire):
    c, _ = remplir(monde, partenaire, logement={"commune": ""})
    reponse = partenaire.post(
        etape("recapitulatif"),
        {"cle_idempotence": c, **CONSENTEMENT, "consentement_recueilli_par": "Mme Roy",
         "consentement_date": HIER},
    )  # fmt: skip
    html = reponse.content.decode()
    assert not Saisine.objects.exists()
    assert f'href="{etape("logement")}#id_commune"' in html


def test_pieces_verifiees_a_l_arrivee_et_retirees(monde, partenaire):
    c = cle(partenaire, "pieces")
    faux = SimpleUploadedFile("faux.pdf", b"MZ\x90\x00 executable")
    html = partenaire.post(etape("pieces"), {"cle_idempotence": c, "document_dsf": faux})
    assert "n’est pas un PDF, un JPEG ou un PNG" in html.content.decode()
    partenaire.post(
        etape("pieces"),
        {"cle_idempotence": c, "documents_autres": [
            SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.pdf", PDF)]},
    )  # fmt: skip
    page = partenaire.get(etape("pieces")).content.decode()
    assert "a.pdf" in page and "b.pdf" in page
    partenaire.post(etape("pieces"), {"cle_idempotence": c, "retirer": "0"})
    page = partenaire.get(etape("pieces")).content.decode()
    assert "a.pdf" not in page and "b.pdf" in page


def test_brouillon_enregistre_puis_repris(monde, partenaire):
    c = cle(partenaire, "menage")
    reponse = partenaire.post(
        etape("menage"), {"cle_idempotence": c, "nom": "Lefèvre", "action": "brouillon"}
    )
    brouillon = Saisine.objects.get()
    assert brouillon.statut == StatutSaisine.BROUILLON and brouillon.nom == "Lefèvre"
    assert reponse.url == reverse("dossiers:saisine_partenaire", args=[brouillon.pk])
    modifier = reverse("dossiers:modifier_saisine", args=[brouillon.pk])
    page = partenaire.get(modifier, follow=True)
    assert page.context["form"]["nom"].value() == "Lefèvre"


def test_une_autre_organisation_ne_reprend_pas_le_brouillon(monde):
    saisine = saisine_de(monde.bailleur, statut=StatutSaisine.BROUILLON)
    autre = client_de(monde.partenaire_autre_organisation)
    url = reverse("dossiers:modifier_saisine_etape", args=[saisine.pk, "menage"])
    assert autre.get(url).status_code == 404
    assert autre.post(url, {"cle_idempotence": str(saisine.cle_idempotence)}).status_code == 404


def test_etape_inconnue(monde, partenaire):
    assert partenaire.get(etape("inconnue")).status_code == 404


class TestFormulairePublic:
    @pytest.fixture(autouse=True)
    def compteur_vide(self):
        cache.clear()

    def url(self, slug):
        return reverse("dossiers:saisine_publique_etape", args=["96", slug])

    def test_parle_au_menage(self, monde, client):
        assert client.get(reverse("dossiers:saisine_publique", args=["96"])).url == self.url(
            "menage"
        )
        pages = "".join(client.get(self.url(e)).content.decode() for e in
                        ["menage", "logement", "procedure", "pieces", "recapitulatif"])  # fmt: skip
        assert "---------" not in pages and "Choisir dans la liste" in pages
        assert "J’accepte que la CCAPEX examine ma situation" in pages
        assert "Le ménage accepte" not in pages and "Le logement et le bailleur" not in pages
        assert "Votre logement et votre propriétaire" in pages
        for jargon in ["CFP", ">Parc", "Parc social", "Stade", "SCI familiale<"]:
            assert jargon not in pages, jargon
        assert "numéro RG" in pages and "commissaire de justice (anciennement" in pages
        # Every personal field says what it holds (WCAG 1.3.5).
        for champ, jeton in [("nom", "family-name"), ("prenom", "given-name"),
                             ("date_naissance", "bday"), ("telephone", "tel"),
                             ("email", "email"), ("adresse", "address-line1"),
                             ("complement_adresse", "address-line2"),
                             ("commune", "address-level2")]:  # fmt: skip
            balise = re.search(rf'<(?:input|select)[^>]*id="id_{champ}"[^>]*>', pages).group(0)
            assert f'autocomplete="{jeton}"' in balise, champ

    def test_envoi_par_etapes_puis_confirmation(
        self, monde, client, settings, django_capture_on_commit_callbacks
    ):
        settings.LIMITE_SAISINE_PUBLIQUE = "1/h"  # counted per referral sent, not per step
        html = client.get(self.url("menage")).content.decode()
        c = re.search(r'name="cle_idempotence" value="([^"]+)"', html).group(1)
        for slug, donnees in [
            ("menage", {"nom": "Lefèvre", "email": "helene@exemple.fr"}),
            ("logement", {"adresse": "12 rue des Lilas", "commune": monde.commune.pk,
                          "bailleur_nom": "Orge Habitat", "parc": "social", "motif": "impayes"}),
            ("procedure", {"stade_declare": "prevention", "demande": "Un délai."}),
            ("pieces", {}),
        ]:  # fmt: skip
            reponse = client.post(self.url(slug), {"cle_idempotence": c, **donnees})
            assert reponse.status_code == 302, reponse.content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            envoi = client.post(
                self.url("recapitulatif"),
                {"cle_idempotence": c, "action": "envoyer", "consentement_saisine": "on",
                 "consentement_partage": "on"},
            )  # fmt: skip
        assert "Vérifiez votre messagerie" in envoi.content.decode()
        saisine = Saisine.objects.get()
        assert saisine.statut == StatutSaisine.BROUILLON and saisine.consentement_mode == "en_ligne"
        assert mail.outbox[0].to == ["helene@exemple.fr"]

    def test_consentement_a_la_premiere_personne(self, monde, client):
        html = client.get(self.url("recapitulatif")).content.decode()
        c = re.search(r'name="cle_idempotence" value="([^"]+)"', html).group(1)
        reponse = client.post(
            self.url("recapitulatif"), {"cle_idempotence": c, "action": "envoyer"}
        )
        html = reponse.content.decode()
        assert "Votre demande n’est pas encore complète" in html
        assert "Sans votre accord, votre demande ne peut pas être envoyée." in html
        assert not Saisine.objects.exists()


def test_lien_d_evitement_menu_vers_une_ancre_qui_existe(monde, client):
    """Signed out, no main menu: no « Menu » skip link; signed in, its anchor exists."""
    for page in [
        client.get(reverse("dossiers:saisine_publique_etape", args=["96", "menage"])),
        client.get(reverse("connexion")),
        client_de(monde.partenaire).get(etape("menage")),
    ]:
        html = page.content.decode()
        liens = re.findall(
            r'<a class="fr-link" href="#([\w-]+)">',
            html.split("fr-skiplinks", 1)[1].split("</nav>", 1)[0],
        )
        assert liens, html[:500]
        for ancre in liens:
            assert f'id="{ancre}"' in html, ancre


def test_l_espace_partenaire_propose_de_reprendre_la_saisine_en_cours(monde, partenaire):
    accueil = reverse("commission:espace_partenaire")
    assert "Reprendre la saisine en cours" not in partenaire.get(accueil).content.decode()
    c = cle(partenaire, "menage")
    partenaire.post(etape("menage"), {"cle_idempotence": c, "nom": "Lefèvre"})
    page = partenaire.get(accueil).content.decode()
    assert "Reprendre la saisine en cours (Lefèvre)" in page


def test_pieces_des_brouillons_abandonnes_purgees(monde, partenaire):
    from django.core.files.storage import default_storage
    from django.core.management import call_command

    from dossiers.brouillons import DOSSIER

    c = cle(partenaire, "pieces")
    partenaire.post(
        etape("pieces"), {"cle_idempotence": c, "document_dsf": SimpleUploadedFile("a.pdf", PDF)}
    )
    brouillon = partenaire.session[f"saisine-brouillon:partenaire:{monde.bailleur.pk}:nouvelle"]
    chemin = brouillon["fichiers"][0]["chemin"]
    assert chemin.startswith(DOSSIER + "/") and default_storage.exists(chemin)
    call_command("purger_brouillons", heures=1)
    assert default_storage.exists(chemin)  # recent: kept
    call_command("purger_brouillons", heures=-1)
    assert not default_storage.exists(chemin)


def test_la_tache_de_nuit_purge_les_brouillons_d_hier(monde, partenaire):
    import time_machine
    from django.core.files.storage import default_storage

    from ccapex.celery import app
    from dossiers.tasks.brouillons import purger_les_brouillons

    assert (
        app.conf.beat_schedule["purger-les-brouillons-de-saisine"]["task"]
        == purger_les_brouillons.name
    )
    c = cle(partenaire, "pieces")
    partenaire.post(
        etape("pieces"), {"cle_idempotence": c, "document_dsf": SimpleUploadedFile("a.pdf", PDF)}
    )
    brouillon = partenaire.session[f"saisine-brouillon:partenaire:{monde.bailleur.pk}:nouvelle"]
    chemin = brouillon["fichiers"][0]["chemin"]
    assert purger_les_brouillons() == 0 and default_storage.exists(chemin)
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        assert purger_les_brouillons() == 1
    assert not default_storage.exists(chemin)


def test_pieces_du_formulaire_public_limitees_par_adresse(monde, client, settings):
    cache.clear()
    url = reverse("dossiers:saisine_publique_etape", args=["96", "pieces"])
    c = re.search(r'name="cle_idempotence" value="([^"]+)"', client.get(url).content.decode())
    for n in range(20):
        client.post(url, {"cle_idempotence": c.group(1), "documents_autres": [
            SimpleUploadedFile(f"p{n}.pdf", PDF)]})  # fmt: skip
    reponse = client.post(
        url, {"cle_idempotence": c.group(1), "documents_autres": SimpleUploadedFile("x.pdf", PDF)}
    )
    assert "Trop de documents envoyés" in reponse.content.decode()
    cache.clear()
