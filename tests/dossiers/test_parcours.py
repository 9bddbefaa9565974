"""The secretariat's journey with the test client (issue 14): the dossier page's summary and
actions in place, the triage queue's filters and order, the duplicate act, the notes."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from dossiers.bandeau import alertes_uniques, tendance
from dossiers.enums import StatutSaisine
from dossiers.models import Consultation, EvenementJournal, Menage
from procedure.deadlines import Echeance
from procedure.enums import TypeActe
from procedure.models import EtatDette
from procedure.services import acte_du_meme_type_proche
from tests.commission.factories import CommissionFactory, ExamenFactory, SeanceFactory
from tests.conftest import client_de
from tests.dossiers.factories import menage_avec_procedure
from tests.dossiers.factories_saisines import saisine_de
from tests.partenaires.factories import CommuneFactory
from tests.procedure.test_deadlines import acte
from tests.requetes import verifier_requetes_constantes

AUJOURD_HUI = timezone.localdate()
IL_Y_A = lambda jours: AUJOURD_HUI - timedelta(days=jours)  # noqa: E731


@pytest.fixture
def agent(monde):
    return client_de(monde.secretariat)


def test_tendance_de_la_dette():
    def dette(jours, montant):
        return EtatDette(date=IL_Y_A(jours), montant=Decimal(montant))

    assert tendance([dette(30, "900")]) == ""
    assert tendance([dette(10, "1200"), dette(30, "900")]) == "hausse"
    assert tendance([dette(30, "1200"), dette(10, "900")]) == "baisse"
    assert tendance([dette(30, "900"), dette(10, "900")]) == "stable"


def test_chaque_alerte_une_fois():
    alerte = Echeance("cdp_a_signaler", "Commandement à signaler", None, "art.", "a_venir", 1, True)
    meme = Echeance("cdp_a_signaler", "Commandement à signaler", None, "art.", "a_venir", 2, True)
    date = Echeance("fin_cdp", "Fin", AUJOURD_HUI, "art.", "a_venir", 1)
    assert alertes_uniques([alerte, date, meme]) == [alerte]


def test_acte_du_meme_type_proche():
    existants = [acte(TypeActe.CDP, IL_Y_A(40), 1), acte(TypeActe.CDP, IL_Y_A(20), 2)]
    proche = acte_du_meme_type_proche(existants, type=TypeActe.CDP, jour=IL_Y_A(0), delai_jours=30)
    assert proche.id == 2
    assert not acte_du_meme_type_proche(
        existants, type=TypeActe.CDP, jour=IL_Y_A(0), delai_jours=19
    )
    assert not acte_du_meme_type_proche(
        existants, type=TypeActe.ASSIGNATION, jour=IL_Y_A(20), delai_jours=30
    )


def messages_d_erreur(html: str) -> list[str]:
    """The error messages at the top of a page (`ccapex/messages.html`), not the forms'."""
    motif = r'<div class="fr-alert fr-alert--error fr-alert--sm fr-mb-1w">\s*<p>(.*?)</p>'
    return re.findall(motif, html, re.S)


class TestPageDuDossier:
    def test_bandeau_resume_et_actions(self, monde, agent):
        menage = menage_avec_procedure(
            monde.departement,
            actes=[(TypeActe.CDP, IL_Y_A(60)), (TypeActe.ASSIGNATION, IL_Y_A(10))],
            dettes=[(IL_Y_A(60), Decimal("1800")), (IL_Y_A(10), Decimal("2600"))],
        )
        saisine_de(monde.bailleur, statut=StatutSaisine.RECEVABLE, menage=menage)
        seance = SeanceFactory(commission=CommissionFactory(departement=monde.departement))
        html = agent.get(reverse("dossiers:menage", args=[menage.numero])).content.decode()
        bandeau = html[html.index('id="resume"') : html.index('id="actions"')]
        assert "Assignation" in bandeau
        assert "2\u202f600,00\u202f€" in bandeau and "en hausse" in bandeau
        assert f"{timezone.localtime(seance.date):%d/%m/%Y}" in bandeau
        assert "Pas encore inscrit" in bandeau
        assert 'href="#saisines"' in bandeau and 'href="#decisions"' in bandeau
        assert reverse("commission:inscrire_menage", args=[menage.numero]) in html
        assert reverse("dossiers:ecrire_note", args=[menage.numero]) in html
        assert "fr-sidemenu--sticky" in html

    def test_nombre_de_requetes_independant_des_examens_et_saisines(self, monde, agent):
        menage = menage_avec_procedure(monde.departement)
        commission = CommissionFactory(departement=monde.departement)

        def remplir(n):
            while menage.examens.count() < n:
                ExamenFactory(seance=SeanceFactory(commission=commission), menage=menage)
                saisine_de(monde.bailleur, statut=StatutSaisine.RECEVABLE, menage=menage)

        verifier_requetes_constantes(
            agent, reverse("dossiers:menage", args=[menage.numero]), remplir
        )

    def test_note_ecrite_au_journal(self, monde, agent):
        menage = menage_avec_procedure(monde.departement)
        url = reverse("dossiers:ecrire_note", args=[menage.numero])
        reponse = agent.post(
            url, {"note-texte": "  Appel du bailleur.  "}, headers={"HX-Request": "true"}
        )
        html = reponse.content.decode()
        assert "Note enregistrée" in html and 'id="journal-liste" hx-swap-oob="true"' in html
        note = EvenementJournal.objects.get(menage=menage, type="note")
        assert note.description == "Note : Appel du bailleur." and note.auteur == monde.secretariat
        vide = agent.post(url, {"note-texte": "   "}, headers={"HX-Request": "true"})
        assert "Écrivez la note" in vide.content.decode()
        assert EvenementJournal.objects.filter(menage=menage, type="note").count() == 1

    def test_note_trop_longue_refusee_jamais_coupee(self, monde, agent):
        """A note longer than the journal holds is refused in French, not cut silently."""
        from dossiers.services.menages import LONGUEUR_NOTE, ecrire_note

        menage = menage_avec_procedure(monde.departement)
        url = reverse("dossiers:ecrire_note", args=[menage.numero])
        texte = "a" * 499 + "Z"
        reponse = agent.post(url, {"note-texte": texte}, headers={"HX-Request": "true"})
        assert "au plus" in reponse.content.decode()
        assert not EvenementJournal.objects.filter(menage=menage, type="note").exists()
        with pytest.raises(ValidationError, match="Raccourcissez"):
            ecrire_note(menage, texte="b" * (LONGUEUR_NOTE + 1), par=monde.secretariat)
        pleine = ecrire_note(menage, texte="c" * LONGUEUR_NOTE, par=monde.secretariat)
        assert pleine.description == "Note : " + "c" * LONGUEUR_NOTE

    def test_note_sur_un_dossier_fusionne_refusee_texte_garde(self, monde, agent):
        """A page loaded before the merge posts a note to the duplicate: the refusal names the
        kept dossier and the form keeps the text (a 404 lost it, with no word why)."""
        from dossiers.services.menages import fusionner

        garde = menage_avec_procedure(monde.departement)
        doublon = menage_avec_procedure(monde.departement)
        fusionner(garde, doublon, par=monde.secretariat)
        notes = EvenementJournal.objects.filter(type="note")
        url = reverse("dossiers:ecrire_note", args=[doublon.numero])
        texte = "Le bailleur accepte un plan d’apurement."
        html = agent.post(url, {"note-texte": texte}, headers={"HX-Request": "true"}).content
        html = html.decode()
        assert f"fusionné dans le dossier {garde.numero}" in html
        assert texte in html  # the textarea keeps it
        sans_htmx = agent.post(url, {"note-texte": texte}, follow=True).content.decode()
        assert f"fusionné dans le dossier {garde.numero}" in sans_htmx
        assert not notes.exists()

    def test_acte_et_dette_sur_un_dossier_fusionne_refuses_saisie_gardee(self, monde, agent):
        """The dossier page was loaded before the merge, which moved its procedure to the
        kept dossier: the act and debt forms posted there come back with the typed values
        and the refusal naming the kept dossier (a 404 lost them, with no word why)."""
        from dossiers.services.menages import fusionner

        garde = menage_avec_procedure(monde.departement)
        doublon = menage_avec_procedure(monde.departement)
        procedure = doublon.procedures.get()
        fusionner(garde, doublon, par=monde.secretariat)
        refus = f"fusionné dans le dossier {garde.numero}"
        acte = {f"acte-{procedure.pk}-type": "cdp", f"acte-{procedure.pk}-date": IL_Y_A(3)}
        url = reverse("dossiers:ajouter_acte", args=[doublon.numero, procedure.pk])
        html = agent.post(url, acte, headers={"HX-Request": "true"}).content.decode()
        assert refus in html and IL_Y_A(3).isoformat() in html, html
        sans_htmx = agent.post(url, acte).content.decode()
        assert refus in sans_htmx and IL_Y_A(3).isoformat() in sans_htmx
        # The reason in the message at the top too, not only in the form further down.
        [message] = messages_d_erreur(sans_htmx)
        assert message.startswith("L’acte n’a pas été enregistré : ") and refus in message
        dette = {f"dette-{procedure.pk}-date": IL_Y_A(2), f"dette-{procedure.pk}-montant": "4321"}
        url = reverse("dossiers:ajouter_dette", args=[doublon.numero, procedure.pk])
        html = agent.post(url, dette, headers={"HX-Request": "true"}).content.decode()
        assert refus in html and "4321" in html, html
        sans_htmx = agent.post(url, dette).content.decode()
        assert refus in sans_htmx and "4321" in sans_htmx
        [message] = messages_d_erreur(sans_htmx)
        assert message.startswith("La dette n’a pas été enregistrée : ") and refus in message
        # The two whole pages show the kept dossier: their readings are logged on it.
        assert (
            list(Consultation.objects.values_list("menage", "objet_id"))
            == [(garde.pk, garde.numero)] * 2
        )
        assert not procedure.actes.exists() and not procedure.dettes.exists()
        assert not EvenementJournal.objects.filter(
            type__in=["acte_ajoute", "dette_enregistree"]
        ).exists()

    def test_procedure_d_un_dossier_non_visible_introuvable_par_un_doublon(self, monde, agent):
        """The act and debt forms look the procedure up in the kept dossier of a merged one:
        never in a dossier the user may not see (another département's, or the kept one
        archived since), and a dossier not merged still answers 404 for a foreign
        procedure. Nothing written, no block of the other dossier shown."""
        from dossiers.services.conservation import archiver
        from dossiers.services.menages import fusionner

        garde = menage_avec_procedure(monde.departement)
        doublon = menage_avec_procedure(monde.departement)
        actif = menage_avec_procedure(monde.departement)
        etranger = menage_avec_procedure(monde.autre_departement)
        du_garde, de_l_etranger = garde.procedures.get(), etranger.procedures.get()
        fusionner(garde, doublon, par=monde.secretariat)
        archiver(menage=garde, par=monde.secretariat)
        journal = EvenementJournal.objects.count()

        def essais(numero, procedure):
            acte = {f"acte-{procedure.pk}-type": "cdp", f"acte-{procedure.pk}-date": IL_Y_A(3)}
            dette = {f"dette-{procedure.pk}-date": IL_Y_A(2), f"dette-{procedure.pk}-montant": "9"}
            for nom, donnees in [("ajouter_acte", acte), ("ajouter_dette", dette)]:
                url = reverse(f"dossiers:{nom}", args=[numero, procedure.pk])
                yield agent.post(url, donnees, headers={"HX-Request": "true"})
                yield agent.post(url, donnees)
            for nom in ["modifier_procedure", "formulaire_acte"]:
                yield agent.get(reverse(f"dossiers:{nom}", args=[numero, procedure.pk]))

        cibles = [
            (doublon, du_garde),  # the kept dossier's own, archived since the merge
            (doublon, de_l_etranger),
            (actif, de_l_etranger),
            (actif, du_garde),
        ]
        for menage, procedure in cibles:
            for reponse in essais(menage.numero, procedure):
                assert reponse.status_code == 404, (menage.numero, procedure.pk, reponse)
            assert not procedure.actes.exists() and not procedure.dettes.exists()
        assert EvenementJournal.objects.count() == journal

    def test_correction_et_suppression_d_acte_sur_un_dossier_fusionne(self, monde, agent):
        """A correction or a deletion posted from a page loaded before the merge: refused
        with the reason, the typed values kept (a 404 lost them); never an act of a dossier
        the user may not see, merged or not."""
        from dossiers.services.menages import fusionner

        garde = menage_avec_procedure(monde.departement)
        doublon = menage_avec_procedure(monde.departement, actes=[(TypeActe.CDP, IL_Y_A(40))])
        etranger = menage_avec_procedure(
            monde.autre_departement, actes=[(TypeActe.CDP, IL_Y_A(40))]
        )
        acte = doublon.procedures.get().actes.get()
        fusionner(garde, doublon, par=monde.secretariat)
        journal = EvenementJournal.objects.count()
        versions = acte.history.count()
        refus = f"fusionné dans le dossier {garde.numero}"
        url = reverse("dossiers:corriger_acte", args=[doublon.numero, acte.pk])
        assert agent.get(url).status_code == 200
        corrige = {"type": "cdp", "date": IL_Y_A(35), "version": acte.version}
        html = agent.post(url, corrige).content.decode()
        assert refus in html and IL_Y_A(35).isoformat() in html, html
        url = reverse("dossiers:supprimer_acte", args=[doublon.numero, acte.pk])
        assert refus in agent.post(url, follow=True).content.decode()
        acte.refresh_from_db()
        assert (acte.date, acte.version, acte.history.count()) == (IL_Y_A(40), 1, versions)
        assert EvenementJournal.objects.count() == journal
        de_l_etranger = etranger.procedures.get().actes.get()
        for numero in (doublon.numero, garde.numero):
            for nom in ("corriger_acte", "supprimer_acte"):
                url = reverse(f"dossiers:{nom}", args=[numero, de_l_etranger.pk])
                assert agent.post(url, corrige).status_code == 404
        de_l_etranger.refresh_from_db()
        assert de_l_etranger.date == IL_Y_A(40)
        # The kept dossier archived since the merge: out of the active base, so its act is
        # neither shown nor written through the duplicate's address.
        Menage.objects.filter(pk=garde.pk).update(archive_le=timezone.now())
        for nom in ("corriger_acte", "supprimer_acte"):
            url = reverse(f"dossiers:{nom}", args=[doublon.numero, acte.pk])
            assert agent.post(url, corrige).status_code == 404
        assert (
            agent.get(reverse("dossiers:corriger_acte", args=[doublon.numero, acte.pk])).status_code
            == 404
        )
        acte.refresh_from_db()
        assert (acte.date, acte.version, acte.history.count()) == (IL_Y_A(40), 1, versions)
        assert EvenementJournal.objects.count() == journal

    @override_settings(DELAI_ACTE_EN_DOUBLE_JOURS=30)
    def test_acte_en_double_demande_confirmation(self, monde, agent):
        menage = menage_avec_procedure(monde.departement, actes=[(TypeActe.CDP, IL_Y_A(20))])
        procedure = menage.procedures.get()
        url = reverse("dossiers:ajouter_acte", args=[menage.numero, procedure.pk])
        prefixe = f"acte-{procedure.pk}"
        donnees = {f"{prefixe}-type": "cdp", f"{prefixe}-date": IL_Y_A(0)}
        reponse = agent.post(url, donnees, headers={"HX-Request": "true"})
        html = reponse.content.decode()
        assert "est déjà enregistré le" in html and "Enregistrer quand même" in html
        assert procedure.actes.count() == 1
        confirme = {**donnees, f"acte-{procedure.pk}-confirmer_doublon": "on"}
        reponse = agent.post(url, confirme, headers={"HX-Request": "true"})
        assert "Acte ajouté." in reponse.content.decode()
        assert procedure.actes.count() == 2
        # Further apart than the setting: no question.
        with override_settings(DELAI_ACTE_EN_DOUBLE_JOURS=5):
            donnees[f"acte-{procedure.pk}-type"] = "signalement_caf"
            agent.post(url, donnees, headers={"HX-Request": "true"})
            donnees[f"acte-{procedure.pk}-date"] = IL_Y_A(8)
            reponse = agent.post(url, donnees, headers={"HX-Request": "true"})
        assert "Acte ajouté." in reponse.content.decode()
        assert procedure.actes.filter(type="signalement_caf").count() == 2

    def test_ajout_d_acte_redessine_le_bandeau(self, monde, agent):
        menage = menage_avec_procedure(monde.departement)
        procedure = menage.procedures.get()
        reponse = agent.post(
            reverse("dossiers:ajouter_acte", args=[menage.numero, procedure.pk]),
            {f"acte-{procedure.pk}-type": "cdp", f"acte-{procedure.pk}-date": IL_Y_A(3)},
            headers={"HX-Request": "true"},
        )
        html = reponse.content.decode()
        assert 'aria-labelledby="resume-titre" hx-swap-oob="true"' in html
        assert "data-focus" in html and "Acte ajouté." in html


class TestFileDeTri:
    def test_filtres(self, monde, agent):
        autre_commune = CommuneFactory(departement=monde.departement, nom="Montclair")
        urgente = saisine_de(
            monde.bailleur,
            nom="Écuyer",
            commune=monde.commune,
            date_expulsion_connue=AUJOURD_HUI + timedelta(days=30),
        )
        ancienne = saisine_de(
            monde.autre_bailleur,
            nom="Bernard",
            commune=autre_commune,
            origine="services_sociaux",
            soumise_le=timezone.now() - timedelta(days=45),
        )
        incomplete = saisine_de(monde.bailleur, nom="Durand", statut=StatutSaisine.INCOMPLETE)
        url = reverse("dossiers:file_de_tri")

        def trouvees(**parametres):
            return list(agent.get(url, parametres).context["saisines"])

        assert trouvees() == [urgente, ancienne]
        assert trouvees(q="ecuyer") == [urgente]  # without accents
        assert trouvees(q=ancienne.numero) == [ancienne]
        assert trouvees(q="Foyers") == [ancienne]  # the referring organisation
        assert trouvees(statut="incomplete") == [incomplete]
        assert trouvees(origine="services_sociaux") == [ancienne]
        assert trouvees(urgence="expulsion_proche") == [urgente]
        assert trouvees(territoire=f"commune-{autre_commune.pk}") == [ancienne]
        assert trouvees(age="plus_30") == [ancienne]
        assert trouvees(age="7") == [urgente]
        reponse = agent.get(url, {"territoire": "commune-999999"})
        assert reponse.status_code == 400 and "Territoire" in reponse.content.decode()

    def test_nombre_de_requetes_constant(self, monde, agent):
        def remplir(n):
            while monde.bailleur.saisines.count() < n:
                saisine_de(monde.bailleur, commune=monde.commune)

        verifier_requetes_constantes(agent, reverse("dossiers:file_de_tri"), remplir)

    def test_accepter_et_ouvrir_la_suivante(self, monde, agent):
        premiere = saisine_de(monde.bailleur, commune=monde.commune)
        suivante = saisine_de(
            monde.bailleur, commune=monde.commune, soumise_le=timezone.now() - timedelta(days=1)
        )
        page = agent.get(reverse("dossiers:saisine", args=[premiere.pk])).content.decode()
        # The decision comes before the referral's details.
        assert page.index("Accepter et ouvrir la suivante") < page.index("Documents")
        reponse = agent.post(
            reverse("dossiers:accepter_saisine", args=[premiere.pk]),
            {"acceptation-menage": "nouveau", "suite": "suivante"},
        )
        assert reponse.status_code == 302
        assert reponse["Location"] == reverse("dossiers:saisine", args=[suivante.pk])
        premiere.refresh_from_db()
        assert premiere.statut == StatutSaisine.RECEVABLE and premiere.menage is not None
