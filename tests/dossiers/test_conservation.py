"""Retention (issue 13 item 1) and people's rights (item 2): what counts as activity, the
secretariat's decision, the intermediate archive out of every list, the anonymisation
(rows, history tables, stored files), the access log's expiry, the full data export and
traced rectification. The demo-data purge with identical balances is in
tests/indicateurs/test_purge_demo.py."""

import json
import os
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from commission.models import Courrier, SignalementChangement, SuiviPreconisation
from dossiers import journal
from dossiers.journal import TypeEvenement
from dossiers.models import Consultation, Menage, Mesure
from dossiers.services import conservation
from procedure.enums import CleRegle, TypeActe
from procedure.models import RegleJuridique
from tests.commission.factories import DecisionFactory, ExamenFactory, PreconisationFactory
from tests.conftest import ACTEURS, client_de
from tests.dossiers.factories import MenageFactory, menage_avec_procedure
from tests.dossiers.factories_saisines import document_de, message_de, saisine_de
from tests.pdf import texte_pdf

AUJOURD_HUI = timezone.localdate()
# A reference date far enough for every file made now to be past both periods.
DANS_SIX_ANS = AUJOURD_HUI + timedelta(days=6 * 366)
MARQUE = "Quetzal"  # in every free text of the complete file


def il_y_a_trois_ans(menage, jours=3 * 366):
    """The file was created three years ago (or `jours` ago) and nothing happened since."""
    Menage.objects.filter(pk=menage.pk).update(cree_le=timezone.now() - timedelta(days=jours))
    return menage


def candidats(monde, aujourd_hui=AUJOURD_HUI):
    return set(
        conservation.candidats_a_l_archivage(
            [monde.departement.pk], aujourd_hui=aujourd_hui
        ).values_list("numero", flat=True)
    )


def dossier_complet(monde) -> Menage:
    """One file with a known value in every section of the export."""
    menage = menage_avec_procedure(
        monde.departement,
        nom="Zébulon",
        actes=[(TypeActe.CDP, date(2025, 3, 3))],
        dettes=[(date(2025, 3, 3), 2471)],
        telephone="0601020304",
        observations=f"Observations {MARQUE}",
    )
    Mesure.objects.create(menage=menage, type="asll", commentaire=f"Mesure {MARQUE}")
    saisine = saisine_de(monde.bailleur, menage=menage, demande=f"Demande {MARQUE}")
    document = document_de(saisine)
    message_de(saisine, monde.partenaire, texte=f"Message {MARQUE}")
    examen = ExamenFactory(
        menage=menage,
        seance__passee=True,
        seance__commission__departement=monde.departement,
        synthese=f"Synthèse {MARQUE}",
    )
    preconisation = PreconisationFactory(examen=examen, texte=f"Préconisation {MARQUE}")
    SuiviPreconisation.objects.create(
        preconisation=preconisation,
        echeance=AUJOURD_HUI,
        commentaire=f"Suivi {MARQUE}",
        repondu_le=timezone.now(),
    )
    DecisionFactory(
        menage=menage,
        seance=examen.seance,
        destinataire_organisation=monde.caf,
        motifs=f"Motifs {MARQUE}",
        notifiee=True,
    )
    courrier = Courrier(menage=menage, type="menage", destinataire_menage=True)
    courrier.fichier.save("lettre.pdf", ContentFile(b"%PDF-1.4 Zebulon"), save=True)
    SignalementChangement.objects.create(
        menage=menage, organisation=monde.bailleur, texte=f"Changement {MARQUE}"
    )
    journal.menage_modifie(menage, par=monde.secretariat, champs=["observations"])
    Consultation.objects.create(
        utilisateur=monde.pilotage, menage=menage, objet="menage", objet_id="1", chemin="/x/"
    )
    menage.document, menage.courrier = document, courrier
    return menage


def colonnes_texte():
    with connection.cursor() as curseur:
        curseur.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', "
            "'jsonb') AND table_name NOT LIKE 'django_%'"
        )
        return curseur.fetchall()


def ou_se_trouve(texte: str) -> list[str]:
    """Every table.column of the database (history tables included) holding `texte`."""
    trouve = []
    with connection.cursor() as curseur:
        for table, colonne in colonnes_texte():
            curseur.execute(
                f'SELECT 1 FROM "{table}" WHERE "{colonne}"::text LIKE %s LIMIT 1', [f"%{texte}%"]
            )
            if curseur.fetchone():
                trouve.append(f"{table}.{colonne}")
    return trouve


class TestActivite:
    def test_deux_ans_sans_activite_le_dossier_est_liste(self, monde):
        ancien = il_y_a_trois_ans(MenageFactory(departement=monde.departement))
        recent = MenageFactory(departement=monde.departement)
        assert candidats(monde) == {ancien.numero}
        assert recent.numero in candidats(monde, AUJOURD_HUI + timedelta(days=3 * 366))

    @pytest.mark.parametrize(
        "activite",
        ["examen", "decision", "saisine", "acte", "journal_agent", "courrier", "maintien"],
    )
    def test_chaque_activite_compte(self, monde, activite):
        menage = il_y_a_trois_ans(menage_avec_procedure(monde.departement))
        assert menage.numero in candidats(monde)
        if activite == "examen":
            ExamenFactory(
                menage=menage,
                seance__passee=True,
                seance__commission__departement=monde.departement,
            )
        elif activite == "decision":
            DecisionFactory(menage=menage, seance__commission__departement=monde.departement)
        elif activite == "saisine":
            saisine_de(monde.bailleur, menage=menage)
        elif activite == "acte":
            procedure = menage.procedures.get()
            procedure.actes.create(type=TypeActe.CDP, date=AUJOURD_HUI - timedelta(days=10))
        elif activite == "journal_agent":
            journal.menage_modifie(menage, par=monde.secretariat, champs=["telephone"])
        elif activite == "courrier":
            Courrier.objects.create(
                menage=menage, type="menage", destinataire_menage=True, fichier="courriers/x.pdf"
            )
        elif activite == "maintien":
            conservation.maintenir(
                menage=menage, motif="Expulsion imminente", par=monde.secretariat
            )
        assert menage.numero not in candidats(monde)

    def test_ni_le_systeme_ni_l_archivage_ne_sont_un_contact(self, monde):
        menage = il_y_a_trois_ans(MenageFactory(departement=monde.departement))
        journal.menage_cree(menage, par=None)  # an import, a job: no agent
        journal.donnees_exportees(menage, par=monde.secretariat, format="pdf")
        assert menage.numero in candidats(monde)

    def test_la_duree_est_une_donnee_datee_corrigeable(self, monde):
        from tests.procedure.factories import semer_les_regles

        semer_les_regles()  # a transactional test may have flushed the seeded rules
        menage = il_y_a_trois_ans(MenageFactory(departement=monde.departement))
        regle = RegleJuridique.objects.get(cle=CleRegle.CONSERVATION_BASE_ACTIVE)
        assert regle.version().libelle == "2 ans" and regle.source
        regle.valeur = 5
        regle.save()
        assert menage.numero not in candidats(monde)


class TestDecisionDuSecretariat:
    def test_maintenir_avec_un_motif_ou_archiver(self, monde):
        garde = il_y_a_trois_ans(MenageFactory(departement=monde.departement))
        part = il_y_a_trois_ans(MenageFactory(departement=monde.departement))
        client = client_de(monde.secretariat)
        page = client.get(reverse("dossiers:conservation")).content.decode()
        assert garde.numero in page and part.numero in page

        url = reverse("dossiers:conservation_maintenir", args=[garde.numero])
        reponse = client.post(url, {"motif": "  "}, follow=True)
        assert "Indiquez pourquoi" in reponse.content.decode()
        assert garde.numero in candidats(monde)
        client.post(url, {"motif": "Procédure d’expulsion en cours"})
        entree = garde.journal.get(type=TypeEvenement.CONSERVATION_MAINTENUE)
        assert "Procédure d’expulsion en cours" in entree.description
        assert entree.auteur == monde.secretariat

        client.post(reverse("dossiers:conservation_archiver", args=[part.numero]))
        part.refresh_from_db()
        assert part.archive_le is not None
        assert part.journal.filter(type=TypeEvenement.DOSSIER_ARCHIVE).exists()
        assert candidats(monde) == set()

    def test_sans_decision_le_traitement_de_nuit_archive(self, monde):
        menage = il_y_a_trois_ans(MenageFactory(departement=monde.departement), 2 * 366 + 30)
        # Past 2 years, not yet past the 3 months left to the secretariat: listed only.
        apercu = conservation.purger(aujourd_hui=AUJOURD_HUI, dry_run=True)
        assert [m.numero for m in apercu.archivages] == []
        plus_tard = AUJOURD_HUI + timedelta(days=120)
        conservation.purger(aujourd_hui=plus_tard)
        menage.refresh_from_db()
        assert menage.archive_le is not None
        assert menage.journal.get(type=TypeEvenement.DOSSIER_ARCHIVE).auteur is None


def archiver(menage, monde):
    conservation.archiver(menage=menage, par=monde.secretariat)
    menage.refresh_from_db()
    return menage


class TestArchiveInvisible:
    def test_hors_des_listes_recherches_exports_api_et_tableaux_de_bord(self, monde):
        menage = archiver(dossier_complet(monde), monde)
        secretariat = client_de(monde.secretariat)
        for url in [
            reverse("dossiers:liste"),
            reverse("dossiers:liste") + "?q=Zébulon",
            reverse("dossiers:export_csv"),
            reverse("commission:tableau_de_bord"),
            reverse("commission:courriers_a_poster"),
            "/api/v1/dossiers/",
            "/api/v1/decisions/",
        ]:
            reponse = secretariat.get(url, HTTP_ACCEPT="application/json, text/html")
            assert reponse.status_code == 200, url
            contenu = b"".join(reponse) if reponse.streaming else reponse.content
            assert menage.numero not in contenu.decode(), url
        # The partner does not see its referral nor the examination any more.
        partenaire = client_de(monde.partenaire)
        assert (
            menage.saisines.get().numero not in partenaire.get("/api/v1/saisines/").content.decode()
        )
        caf = client_de(monde.membre)
        assert caf.get("/api/v1/decisions/").json()["count"] == 0

    def test_404_pour_tous_sauf_archives_qui_lit_sans_ecrire(self, monde):
        menage = archiver(dossier_complet(monde), monde)
        saisine = menage.saisines.get()
        decision = menage.decisions.get()
        # Pages that answer 200 to their actor on an active file: 404 once archived.
        a_qui = {
            "secretariat": [
                reverse("dossiers:menage", args=[menage.numero]),
                reverse("dossiers:modifier", args=[menage.numero]),
                reverse("dossiers:saisine", args=[saisine.pk]),
                reverse("dossiers:document", args=[menage.document.pk]),
                reverse("commission:decision", args=[decision.pk]),
                reverse("commission:export_donnees", args=[menage.numero, "json"]),
                f"/api/v1/dossiers/{menage.numero}/",
                f"/api/v1/decisions/{decision.pk}/",
            ],
            "partenaire": [
                reverse("dossiers:saisine_partenaire", args=[saisine.pk]),
                reverse("dossiers:document", args=[menage.document.pk]),
                f"/api/v1/saisines/{saisine.numero}/",
            ],
            "membre": [
                reverse("commission:decision", args=[decision.pk]),
                f"/api/v1/decisions/{decision.pk}/",
            ],
        }
        toutes = {url for urls in a_qui.values() for url in urls}
        for acteur in ACTEURS:
            if acteur in ("anonyme", "archives"):
                continue
            client = client_de(monde.utilisateur(acteur))
            for url in toutes:
                statut = client.get(url).status_code
                if url in a_qui.get(acteur, []):
                    assert statut == 404, (acteur, url)
                else:
                    assert statut in (403, 404), (acteur, url)
            archive = reverse("commission:dossier_archive", args=[menage.numero])
            assert client.get(archive).status_code == 403
        archives = client_de(monde.archives)
        page = archives.get(reverse("commission:dossier_archive", args=[menage.numero]))
        assert page.status_code == 200 and "Zébulon" in page.content.decode()
        assert menage.numero in archives.get(reverse("dossiers:archives")).content.decode()
        for methode, url in [
            ("get", reverse("dossiers:menage", args=[menage.numero])),
            ("post", reverse("dossiers:modifier", args=[menage.numero])),
            ("post", reverse("dossiers:conservation_maintenir", args=[menage.numero])),
            ("post", reverse("dossiers:conservation_archiver", args=[menage.numero])),
            ("post", f"/api/v1/decisions/{decision.pk}/execution/"),
        ]:
            assert getattr(archives, methode)(url).status_code in (403, 404), url
        menage.refresh_from_db()
        assert menage.telephone == "0601020304"


class TestAnonymisation:
    def test_efface_lignes_historique_et_fichiers(self, monde, django_capture_on_commit_callbacks):
        menage = dossier_complet(monde)
        garde = dossier_complet(monde)  # another file, left alone
        archiver(menage, monde)
        # Rectification is traced: the history keeps the earlier telephone number...
        assert menage.history.filter(telephone="0601020304").exists()
        fichiers = [menage.document.fichier.name, menage.courrier.fichier.name]
        assert all(default_storage.exists(f) for f in fichiers)
        assert ou_se_trouve(MARQUE) and ou_se_trouve("Zébulon")

        with django_capture_on_commit_callbacks(execute=True):
            rapport = conservation.purger(aujourd_hui=DANS_SIX_ANS)
        assert menage in rapport.anonymisations and garde in rapport.archivages

        assert not any(default_storage.exists(f) for f in fichiers)
        assert default_storage.exists(garde.document.fichier.name)
        # ...until the end of the archive: then no table, history included, holds them.
        with django_capture_on_commit_callbacks(execute=True):
            conservation.purger(aujourd_hui=DANS_SIX_ANS)  # the other file's turn
        assert ou_se_trouve(MARQUE) == []
        assert ou_se_trouve("Zébulon") == [] and ou_se_trouve("0601020304") == []
        menage.refresh_from_db()
        assert menage.anonymise_le and menage.adresse == "" and menage.commune_id
        decision = menage.decisions.get()
        assert decision.notifiee_le and decision.motifs == "(anonymisé)" and decision.type_id
        procedure = menage.procedures.get()
        assert procedure.actes.get().date == date(2025, 3, 3)
        assert procedure.dettes.get().montant == 2471
        assert menage.journal.filter(type=TypeEvenement.DOSSIER_ANONYMISE).exists()

    def test_une_decision_notifiee_reste_figee_hors_anonymisation(self, monde):
        from django.db import IntegrityError, transaction

        decision = DecisionFactory(notifiee=True)
        decision.motifs = "Autre chose"
        with pytest.raises(IntegrityError), transaction.atomic():
            decision.save()


class TestJournalDesConsultations:
    def test_garde_un_an_puis_supprime(self, monde, settings):
        settings.CONSULTATIONS_CONSERVATION_JOURS = 365
        menage = MenageFactory(departement=monde.departement)

        def lecture(jours):
            return Consultation.objects.create(
                utilisateur=monde.secretariat,
                menage=menage,
                objet="menage",
                objet_id=str(menage.pk),
                chemin="/",
                quand=timezone.now() - timedelta(days=jours),
            )

        vieille, recente = lecture(400), lecture(300)
        sortie = StringIO()
        call_command("purger", "--dry-run", stdout=sortie)
        assert "consultations supprimées : 1" in sortie.getvalue()
        assert Consultation.objects.filter(pk=vieille.pk).exists()
        call_command("purger", stdout=StringIO())
        assert not Consultation.objects.filter(pk=vieille.pk).exists()
        assert Consultation.objects.filter(pk=recente.pk).exists()
        settings.CONSULTATIONS_CONSERVATION_JOURS = 180
        call_command("purger", stdout=StringIO())
        assert not Consultation.objects.filter(pk=recente.pk).exists()


SECTIONS_ET_VALEURS = {
    "dossier": "0601020304",
    "membres": "Zébulon",
    "ressources": None,
    "mesures": f"Mesure {MARQUE}",
    "procedures": None,
    "actes": "2025-03-03",
    "dettes": "2471",
    "saisines": f"Demande {MARQUE}",
    "messages": f"Message {MARQUE}",
    "documents": "dsf.pdf",
    "examens": f"Synthèse {MARQUE}",
    "preconisations": f"Préconisation {MARQUE}",
    "suivis": f"Suivi {MARQUE}",
    "bilans": None,
    "decisions": f"Motifs {MARQUE}",
    "courriers": "lettre",
    "changements": f"Changement {MARQUE}",
    "transferts": None,
    "journal": "Modifié : observations",
    "consultations": None,  # the pilotage user's name, checked below
}


class TestExportDesDonnees:
    def test_json_et_pdf_contiennent_chaque_section(self, monde):
        menage = dossier_complet(monde)
        client = client_de(monde.secretariat)
        reponse = client.get(reverse("commission:export_donnees", args=[menage.numero, "json"]))
        assert reponse.status_code == 200 and reponse["Content-Type"] == "application/json"
        donnees = json.loads(reponse.content)
        sections = {
            s["cle"]: json.dumps(s["lignes"], ensure_ascii=False) for s in donnees["sections"]
        }
        assert list(sections) == list(SECTIONS_ET_VALEURS)
        for cle, valeur in SECTIONS_ET_VALEURS.items():
            if valeur:
                assert valeur in sections[cle], cle
        assert monde.pilotage.nom_complet in sections["consultations"]
        assert menage.journal.filter(type=TypeEvenement.DONNEES_EXPORTEES).count() == 1

        pdf = client.get(reverse("commission:export_donnees", args=[menage.numero, "pdf"]))
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
        texte = " ".join(texte_pdf(pdf.content).split())
        for titre in [s["titre"] for s in donnees["sections"]]:
            assert titre in texte, titre
        for valeur in ["0601020304", "Zébulon", f"Synthèse {MARQUE}", f"Motifs {MARQUE}", "2471"]:
            assert valeur in texte, valeur
        assert menage.journal.filter(type=TypeEvenement.DONNEES_EXPORTEES).count() == 2
        assert Consultation.objects.filter(menage=menage, objet="export_pdf").exists()

    def test_le_dpo_exporte_aussi_un_dossier_archive(self, monde):
        menage = archiver(dossier_complet(monde), monde)
        reponse = client_de(monde.archives).get(
            reverse("commission:export_donnees", args=[menage.numero, "json"])
        )
        assert reponse.status_code == 200 and "Zébulon" in reponse.content.decode()
        assert (
            client_de(monde.archives)
            .get(reverse("commission:export_donnees", args=[menage.numero, "xml"]))
            .status_code
            == 404
        )


def test_la_rectification_est_tracee(monde):
    menage = menage_avec_procedure(monde.departement, telephone="0100000000")
    url = reverse("dossiers:modifier", args=[menage.numero])
    client = client_de(monde.secretariat)
    version = client.get(url).context["form"]["version"].value()
    membre = menage.membres.get()
    donnees = {
        "adresse": menage.adresse,
        "commune": menage.commune_id,
        "telephone": "0611223344",
        "aide_logement": "aucune",
        "dls_statut": "aucune",
        "version": version,
        "membres-TOTAL_FORMS": "1",
        "membres-INITIAL_FORMS": "1",
        "membres-0-id": membre.pk,
        "membres-0-nom": "Martine",
        "membres-0-lien": membre.lien,
    }
    for prefixe in ["ressources", "mesures"]:
        donnees |= {f"{prefixe}-TOTAL_FORMS": "0", f"{prefixe}-INITIAL_FORMS": "0"}
    assert client.post(url, donnees).status_code == 302
    derniere = menage.history.order_by("-history_date").first()
    assert derniere.telephone == "0611223344" and derniere.history_user == monde.secretariat
    assert menage.history.filter(telephone="0100000000").exists()
    ancien_nom = membre.history.order_by("history_date").first()
    assert ancien_nom.nom == "Martin"
    assert membre.history.order_by("-history_date").first().history_user == monde.secretariat
    assert menage.journal.filter(type=TypeEvenement.MENAGE_MODIFIE, auteur=monde.secretariat)


def test_fichier_supprime_du_stockage(monde, django_capture_on_commit_callbacks):
    menage = archiver(dossier_complet(monde), monde)
    chemin = default_storage.path(menage.document.fichier.name)
    assert os.path.exists(chemin)
    with django_capture_on_commit_callbacks(execute=True):
        conservation.anonymiser([menage.pk])
    assert not os.path.exists(chemin)


@pytest.mark.parametrize("page", ["dossiers:conservation", "dossiers:archives"])
def test_listes_a_nombre_de_requetes_constant(monde, page):
    from tests.requetes import verifier_requetes_constantes

    def remplir(n):
        while Menage.objects.count() < n:
            menage = il_y_a_trois_ans(MenageFactory(departement=monde.departement))
            if page == "dossiers:archives":
                Menage.objects.filter(pk=menage.pk).update(archive_le=timezone.now())

    acteur = monde.secretariat if page == "dossiers:conservation" else monde.archives
    verifier_requetes_constantes(client_de(acteur), reverse(page), remplir)


def test_la_tache_de_nuit_est_idempotente(monde, settings):
    from dossiers.tasks.conservation import purger_les_donnees_expirees

    il_y_a_trois_ans(MenageFactory(departement=monde.departement), 2 * 366 + 120)
    Consultation.objects.create(
        utilisateur=monde.secretariat,
        objet="menage",
        objet_id="1",
        chemin="/",
        quand=timezone.now() - timedelta(days=settings.CONSULTATIONS_CONSERVATION_JOURS + 1),
    )
    premier = purger_les_donnees_expirees.apply().get()
    assert premier == {"archives": 1, "anonymises": 0, "consultations": 1, "imports": 0}
    assert purger_les_donnees_expirees.apply().get() == {
        "archives": 0,
        "anonymises": 0,
        "consultations": 0,
        "imports": 0,
    }


def test_export_a_nombre_de_requetes_constant(monde):
    from tests.requetes import verifier_requetes_constantes

    menage = dossier_complet(monde)

    def remplir(n):
        while menage.saisines.count() < n:
            saisine_de(monde.bailleur, menage=menage)
            ExamenFactory(
                menage=menage,
                seance__passee=True,
                seance__commission__departement=monde.departement,
            )
            journal.menage_modifie(menage, par=monde.secretariat, champs=["telephone"])

    url = reverse("commission:export_donnees", args=[menage.numero, "json"])
    verifier_requetes_constantes(client_de(monde.secretariat), url, remplir, petit=2, grand=8)
