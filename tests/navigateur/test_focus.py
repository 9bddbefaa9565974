"""Where the keyboard focus lands after each action of the dossier, agenda, session sheet and
triage pages, and what the live region announces (issue 14, WCAG 2.4.3 and 4.1.3)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from commission.models import Examen
from dossiers.enums import StatutSaisine
from dossiers.models import EvenementJournal
from procedure.enums import TypeActe
from tests.commission.factories import (
    CommissionFactory,
    ExamenFactory,
    SeanceFactory,
    TypePreconisationFactory,
)
from tests.dossiers.factories import menage_avec_procedure
from tests.dossiers.factories_saisines import saisine_de
from tests.navigateur.conftest import attendre_focus, focus, se_connecter
from tests.partenaires.factories import MOT_DE_PASSE

AUJOURD_HUI = timezone.localdate()


def annonce(page, region: str, texte: str) -> None:
    """`texte` is in the live region `region` (role status, present since the page loaded)."""
    assert page.evaluate(
        "id => { const e = document.getElementById(id);"
        " return !!e && e.getAttribute('role') === 'status'"
        " && e.getAttribute('aria-live') === 'polite'; }",
        region,
    ), region
    assert texte in page.locator(f"#{region}").inner_text()


@pytest.mark.django_db(transaction=True)
def test_focus_apres_les_actions_du_dossier(monde, page):
    menage = menage_avec_procedure(
        monde.departement,
        commune=monde.commune,
        actes=[(TypeActe.CDP, AUJOURD_HUI - timedelta(days=20))],
        dettes=[(AUJOURD_HUI - timedelta(days=20), Decimal("1500"))],
    )
    procedure = menage.procedures.get()
    se_connecter(page, monde.secretariat.email, MOT_DE_PASSE)
    page.goto(f"/menages/{menage.numero}/")
    page.evaluate("window.pasDeRechargement = true")

    # A debt statement: the confirmation takes the focus, the band shows the new amount.
    dette = page.get_by_role("group", name="Enregistrer un montant de dette")
    dette.get_by_label("Date").fill(AUJOURD_HUI.isoformat())
    dette.get_by_label("Montant").fill("2100")
    page.get_by_role("button", name="Enregistrer le montant").press("Enter")
    page.locator("main").get_by_text("Montant de la dette enregistré.").first.wait_for()
    attendre_focus(page, texte="Montant de la dette enregistré.")
    annonce(page, f"annonce-procedure-{procedure.pk}", "Montant de la dette enregistré.")
    assert "en hausse" in page.locator("[data-resume='dette']").inner_text()

    # A note: written from the actions, confirmed with the focus, added to the journal.
    page.get_by_role("button", name="Écrire une note").click()
    page.locator("#id_note-texte").fill("Appel du bailleur : accord pour un plan d’apurement.")
    page.get_by_role("button", name="Enregistrer la note").press("Enter")
    page.locator("main").get_by_text("Note enregistrée dans le").first.wait_for()
    attendre_focus(page, debut="Note enregistrée")
    annonce(page, "annonce-note", "Note enregistrée")
    assert "plan d’apurement" in page.locator("#journal-liste").inner_text()
    assert EvenementJournal.objects.filter(menage=menage, type="note").count() == 1

    # An empty note: the error summary takes the focus, nothing is written.
    page.get_by_role("button", name="Enregistrer la note").press("Enter")
    page.locator("#note #resume-erreurs").wait_for()
    attendre_focus(page, id="resume-erreurs")
    assert EvenementJournal.objects.filter(menage=menage, type="note").count() == 1

    # A second CDP 10 days after the first: confirmation asked, the focus on the question.
    # Playwright's select_option does not focus the select; a keyboard user tabs to it first.
    acte = page.get_by_role("group", name="Ajouter un acte")
    acte.get_by_label("Type d’acte").focus()
    acte.get_by_label("Type d’acte").select_option("cdp")
    page.locator(f"#id_acte-{procedure.pk}-mois_impayes").wait_for()
    attendre_focus(page, id=f"id_acte-{procedure.pk}-type")  # kept after the redraw
    acte = page.get_by_role("group", name="Ajouter un acte")
    acte.get_by_label("Date", exact=True).fill((AUJOURD_HUI - timedelta(days=10)).isoformat())
    acte.get_by_label("Mois d’impayés consécutifs").fill("3")
    page.get_by_role("button", name="Ajouter l’acte").press("Enter")
    page.locator("main").get_by_text("est déjà enregistré le").first.wait_for()
    attendre_focus(page, id="resume-erreurs")
    assert procedure.actes.filter(type=TypeActe.CDP).count() == 1
    page.get_by_label("Enregistrer quand même").check(force=True)
    page.get_by_role("button", name="Ajouter l’acte").press("Enter")
    page.locator("main").get_by_text("Acte ajouté.").first.wait_for()
    attendre_focus(page, debut="Acte ajouté.")
    annonce(page, f"annonce-procedure-{procedure.pk}", "Acte ajouté.")
    assert procedure.actes.filter(type=TypeActe.CDP).count() == 2
    # Two CDPs: the « à signaler » alert once in the procedure's block.
    alertes = page.locator(f"#alertes-{procedure.pk}").get_by_text("Commandement à signaler")
    assert alertes.count() == 1
    assert page.evaluate("window.pasDeRechargement") is True
    assert page.erreurs_console == []


@pytest.mark.django_db(transaction=True)
def test_focus_apres_inscription_depuis_le_dossier(monde, page):
    menage = menage_avec_procedure(monde.departement, commune=monde.commune)
    commission = CommissionFactory(departement=monde.departement)
    SeanceFactory(commission=commission, date=timezone.now() + timedelta(days=30))
    proche = SeanceFactory(commission=commission, date=timezone.now() + timedelta(days=7))
    se_connecter(page, monde.secretariat.email, MOT_DE_PASSE)
    page.goto(f"/menages/{menage.numero}/")
    assert "Pas encore inscrit" in page.locator("[data-resume='seance']").inner_text()
    # The nearest session is offered first.
    page.get_by_label("Inscrire à la séance").focus()
    assert page.get_by_label("Inscrire à la séance").input_value() == str(proche.pk)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.locator("main").get_by_text("Premier examen inscrit à l’ordre du jour").first.wait_for()
    attendre_focus(page, debut="Premier examen inscrit")
    annonce(page, "annonce-inscription", "Premier examen inscrit")
    assert "Inscrit à l’ordre du jour" in page.locator("[data-resume='seance']").inner_text()
    assert Examen.objects.get(menage=menage).seance == proche
    assert page.erreurs_console == []


@pytest.mark.django_db(transaction=True)
def test_focus_apres_les_actions_de_l_ordre_du_jour_et_de_la_feuille(monde, page):
    seance = SeanceFactory(commission=CommissionFactory(departement=monde.departement))
    menage = menage_avec_procedure(monde.departement, commune=monde.commune)
    saisine = saisine_de(monde.bailleur, statut=StatutSaisine.RECEVABLE, menage=menage)
    se_connecter(page, monde.secretariat.email, MOT_DE_PASSE)
    page.goto(f"/seances/{seance.pk}/ordre-du-jour/")

    page.get_by_role("button", name=f"Inscrire {saisine.numero}").press("Enter")
    page.locator("main").get_by_text(
        f"Dossier {menage.numero} inscrit en position 1."
    ).first.wait_for()
    examen = Examen.objects.get(menage=menage)
    attendre_focus(page, id=f"inscrit-{examen.pk}")  # the new row of the agenda
    annonce(page, "annonce-ordre-du-jour", f"Dossier {menage.numero} inscrit en position 1.")

    page.get_by_role("button", name=f"Retirer {menage.numero}").press("Enter")
    page.locator("main").get_by_text(
        f"Dossier {menage.numero} retiré de l’ordre du jour."
    ).first.wait_for()
    attendre_focus(page, contient="retiré de l’ordre du jour")
    annonce(page, "annonce-ordre-du-jour", "retiré de l’ordre du jour")
    assert not Examen.objects.filter(menage=menage).exists()

    # The session sheet: a recommendation added in place is confirmed with the focus.
    examen = ExamenFactory(seance=seance, avec_nom="Aubert")
    type_ = TypePreconisationFactory(departement=monde.departement)
    page.goto(f"/seances/{seance.pk}/feuille/")
    bloc = page.locator(f"#preconisations-{examen.pk}")
    bloc.get_by_label("Type", exact=True).select_option(str(type_.pk))
    bloc.get_by_label("Destinataire").select_option("menage")
    bloc.get_by_role("button", name="Ajouter la préconisation").press("Enter")
    page.locator("main").get_by_text(f"Préconisation « {type_.libelle} » ajoutée.").first.wait_for()
    attendre_focus(page, texte=f"Préconisation « {type_.libelle} » ajoutée.")
    annonce(page, f"annonce-preconisations-{examen.pk}", "ajoutée")
    assert page.erreurs_console == []


@pytest.mark.django_db(transaction=True)
def test_tri_focus_sur_le_resultat_et_raccourcis_desactivables(monde, page):
    premiere = saisine_de(monde.bailleur, nom="Aubert", commune=monde.commune)
    seconde = saisine_de(
        monde.bailleur,
        nom="Bernard",
        commune=monde.commune,
        soumise_le=timezone.now() - timedelta(days=3),
    )
    se_connecter(page, monde.secretariat.email, MOT_DE_PASSE)
    page.goto(f"/saisines/{premiere.pk}/")

    # Shortcuts are off by default: a single key does nothing.
    page.locator("body").press("r")
    assert focus(page)["id"] != "decision-recevable"
    page.get_by_label("Activer les raccourcis à une touche").check(force=True)
    page.locator("body").press("r")
    attendre_focus(page, id="decision-recevable")
    page.locator("body").press("c")
    attendre_focus(page, id="decision-complement")
    # Typing in a field never triggers them.
    page.locator("#id_complement-texte").press("s")
    assert page.url.endswith(f"/saisines/{premiere.pk}/")

    # A decision reloads the referral: its result has the focus.
    page.locator("#id_complement-texte").fill("Merci de joindre le DSF.")
    page.get_by_role("button", name="Demander au partenaire").press("Enter")
    page.wait_for_load_state("load")
    attendre_focus(page, contient="Demande de complément envoyée")
    assert "ccapex-messages" in page.evaluate("document.activeElement.className")

    # « s »: the next referral of the queue.
    page.locator("body").press("s")
    page.wait_for_url(f"**/saisines/{seconde.pk}/")
    # « Accepter et ouvrir la suivante » on the last one: back to the (empty) queue.
    page.get_by_role("button", name="Accepter et ouvrir la suivante").press("Enter")
    page.wait_for_url("**/saisines/")
    assert "Plus aucune saisine à trier." in page.locator(".ccapex-messages").inner_text()
    seconde.refresh_from_db()
    assert seconde.statut == StatutSaisine.RECEVABLE and seconde.menage is not None
    assert page.erreurs_console == []
