"""Issue 14 item 3 in a real Chromium: the secretariat's home page by urgency at 1280 × 900,
a follow-up marked done from the keyboard, the focus on the result, the message announced."""

import pytest
from django.urls import reverse

from tests.commission.test_accueil_urgence import echeance, suivi
from tests.navigateur.conftest import attendre_focus, focus
from tests.navigateur.test_saisine_partenaire import Clavier, connecter


def tab_jusqu_au_bouton(page, clavier, texte: str, maximum: int = 80) -> None:
    """Tab until the button reading `texte` has the focus (keyboard only)."""
    for _ in range(maximum):
        clavier.press("Tab")
        if focus(page)["texte"] == texte:
            return
    pytest.fail(f"« {texte} » jamais atteint au clavier")


@pytest.mark.django_db(transaction=True)
def test_accueil_par_urgence_et_suivi_marque_fait_au_clavier(monde, page, live_server, captures):
    for nom, jours in [("Bernard", -6), ("Petit", -2), ("Moreau", 1), ("Garnier", 4),
                       ("Roux", 11)]:  # fmt: skip
        echeance(monde, nom, jours)
    cible = suivi(monde, "Lefevre", organisation=monde.bailleur)
    suivi(monde, "Fontaine", jours=35)
    suivi(monde, "Mercier", organisation=monde.bailleur, jours=10)
    page.set_viewport_size({"width": 1280, "height": 900})
    connecter(page, live_server, monde.secretariat)
    page.goto(reverse("commission:tableau_de_bord"))
    page.wait_for_load_state("networkidle")

    # The first screen shows what is late, each line naming its household.
    urgent = page.locator("#titre-urgent")
    assert urgent.inner_text() == "En retard ou à décider (2)"
    assert urgent.bounding_box()["y"] < page.locator("#titre-semaine").bounding_box()["y"] < 900
    assert page.get_by_role("link", name="Bernard").first.is_visible()
    page.screenshot(path=str(captures / "accueil.png"))

    # Keyboard only: Tab to « Marquer fait » of the late follow-up, Enter.
    clavier = Clavier(page)
    numero = cible.preconisation.examen.menage.numero
    tab_jusqu_au_bouton(page, clavier, f"Marquer fait : {numero}")
    clavier.press("Enter")
    ligne = page.locator(f"#suivi-{cible.pk}")
    ligne.get_by_text("marqué fait").wait_for()
    # The focus is on the line's result, and the live region announces it.
    attendre_focus(page, id=f"suivi-{cible.pk}")
    annonce = page.locator("#annonces-accueil")
    assert annonce.get_attribute("aria-live") == "polite"
    assert annonce.inner_text() == f"Suivi du dossier {numero} marqué fait."
    cible.refresh_from_db()
    assert cible.reponse == "faite"
    assert page.erreurs_console == []


@pytest.mark.django_db(transaction=True)
def test_suivi_relance_au_clavier_focus_sur_le_resultat(monde, page, live_server):
    """The other in-place action of the home page (audit of issue 14: it had no focus test)."""
    cible = suivi(monde, "Lefevre", organisation=monde.bailleur)
    page.set_viewport_size({"width": 1280, "height": 900})
    connecter(page, live_server, monde.secretariat)
    page.goto(reverse("commission:tableau_de_bord"))
    page.wait_for_load_state("networkidle")
    clavier = Clavier(page)
    numero = cible.preconisation.examen.menage.numero
    tab_jusqu_au_bouton(page, clavier, f"Relancer : {numero}")
    clavier.press("Enter")
    ligne = page.locator(f"#suivi-{cible.pk}")
    ligne.get_by_text("Relance envoyée").wait_for()
    # Reminded, still awaited: the badge must not say « Fait ».
    assert ligne.locator(".fr-badge").text_content().strip() == "Relancé"
    attendre_focus(page, id=f"suivi-{cible.pk}")
    annonce = page.locator("#annonces-accueil")
    assert annonce.get_attribute("aria-live") == "polite"
    assert annonce.inner_text() == f"Relance envoyée pour le dossier {numero}."
    cible.refresh_from_db()
    assert cible.nb_relances == 1
    assert page.erreurs_console == []
