"""A partner fills in the referral form with the keyboard only (Tab, typing, Space, Enter)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dossiers.enums import StatutSaisine
from dossiers.models import Saisine

# Counts every mouse or touch press on any page of the browsing context.
SANS_SOURIS = """
for (const type of ["mousedown", "pointerdown", "touchstart"]) {
  document.addEventListener(type, (event) => {
    if (event.pointerType !== "" ) {
      sessionStorage.souris = (Number(sessionStorage.souris) || 0) + 1;
    }
  }, true);
}
"""


def connecter(page, live_server, utilisateur) -> None:
    """The session cookie of a signed-in user (signing in is not the journey tested)."""
    client = Client()
    client.force_login(utilisateur)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def focus(page) -> str:
    return page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()")


def tabuler_jusqua(page, cible: str, maximum: int = 60) -> None:
    """Press Tab until the element `#cible` (or the button named `cible`) has the focus."""
    vus = []
    for _ in range(maximum):
        page.keyboard.press("Tab")
        vus.append(focus(page))
        if vus[-1] == cible:
            return
    pytest.fail(f"{cible} jamais atteint au clavier ; parcours : {vus}")


def taper(page, champ: str, texte: str) -> None:
    tabuler_jusqua(page, champ)
    page.keyboard.type(texte)


def choisir(page, champ: str, valeur: str) -> None:
    """A closed <select> changes with the arrow keys, as a keyboard user does."""
    tabuler_jusqua(page, champ)
    valeurs = page.evaluate(f"[...document.getElementById('{champ}').options].map(o => o.value)")
    actuelle = page.evaluate(f"document.getElementById('{champ}').selectedIndex")
    for _ in range(valeurs.index(valeur) - actuelle):
        page.keyboard.press("ArrowDown")
    assert page.locator(f"#{champ}").input_value() == valeur


def ordre_des_dates(page) -> str:
    """The order in which this browser's date fields take the day and the month (its UI
    locale: the headless system Chromium keeps en-US whatever the page's language)."""
    essai = page.context.new_page()
    essai.set_content('<input type="date" id="d">')
    essai.focus("#d")
    essai.keyboard.type("01021999")
    ordre = "%d%m%Y" if essai.input_value("#d") == "1999-02-01" else "%m%d%Y"
    essai.close()
    return ordre


def saisir_date(page, champ: str, jour) -> None:
    """A date field typed digit by digit, as a keyboard user does."""
    tabuler_jusqua(page, champ)
    page.keyboard.type(jour.strftime(page.ordre_des_dates))
    assert page.locator(f"#{champ}").input_value() == jour.isoformat()


def cocher(page, champ: str) -> None:
    tabuler_jusqua(page, champ)
    page.keyboard.press("Space")
    assert page.locator(f"#{champ}").is_checked()


def envoyer(page) -> None:
    tabuler_jusqua(page, "Envoyer la saisine")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")


@pytest.mark.django_db(transaction=True)
def test_saisine_remplie_au_clavier_erreur_puis_envoi(monde, page, live_server, captures):
    page.context.add_init_script(SANS_SOURIS)
    page.ordre_des_dates = ordre_des_dates(page)
    connecter(page, live_server, monde.partenaire)
    page.goto(reverse("dossiers:nouvelle_saisine"))
    aujourd_hui = timezone.localdate()

    # The skip link first, as a keyboard user starts.
    page.keyboard.press("Tab")
    assert "contenu" in focus(page).lower()
    page.keyboard.press("Enter")

    taper(page, "id_nom", "Lefèvre")
    taper(page, "id_prenom", "Hélène")
    saisir_date(page, "id_date_naissance", aujourd_hui.replace(year=1980, month=5, day=4))
    taper(page, "id_telephone", "0611223344")
    taper(page, "id_adresse", "12 rue des Lilas")
    choisir(page, "id_commune", str(monde.commune.pk))
    taper(page, "id_nb_adultes", "1")
    taper(page, "id_nb_enfants", "2")
    choisir(page, "id_bailleur_organisation", str(monde.bailleur.pk))
    choisir(page, "id_bailleur_nature", "bailleur_social")
    choisir(page, "id_parc", "social")
    taper(page, "id_loyer_hc", "620")
    choisir(page, "id_motif", "impayes")
    # From the summons on, the date of the summons is required: left empty on purpose.
    choisir(page, "id_stade_declare", "assignation")
    saisir_date(page, "id_date_cdp", aujourd_hui - timedelta(days=150))
    taper(page, "id_montant_dette", "2480")
    taper(page, "id_mois_impayes", "4")
    taper(page, "id_demande", "Des délais de paiement et une aide du FSL.")
    cocher(page, "id_consentement_saisine")
    # The consent to share the data is forgotten.
    taper(page, "id_consentement_recueilli_par", "Sophie Lemaire, conseillère sociale")
    saisir_date(page, "id_consentement_date", aujourd_hui - timedelta(days=1))
    choisir(page, "id_consentement_mode", "ecrit")
    envoyer(page)

    # Shown again: the French summary at the top has the focus and names both errors.
    assert not Saisine.objects.exists()
    assert focus(page) == "resume-erreurs"
    resume = page.locator("#resume-erreurs")
    assert resume.get_by_role("heading").inner_text() == "La saisine n’est pas encore complète"
    liens = resume.get_by_role("link").all_inner_texts()
    assert liens == [
        "Date de l’assignation : Obligatoire à ce stade de la procédure.",
        "Le ménage accepte que ses données (dont le DSF) soient partagées avec les membres de la "
        "commission, tenus au secret professionnel : Sans l’accord du ménage, la saisine ne peut "
        "pas être envoyée.",
    ]
    page.screenshot(path=str(captures / "saisine-clavier-erreurs.png"), full_page=True)

    # Each link of the summary takes the focus to its field.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert focus(page) == "id_date_assignation"
    page.keyboard.type((aujourd_hui - timedelta(days=60)).strftime(page.ordre_des_dates))
    # Then on through the form to the forgotten box.
    cocher(page, "id_consentement_partage")
    envoyer(page)

    saisine = Saisine.objects.get()
    assert saisine.statut == StatutSaisine.SOUMISE
    assert page.get_by_text(f"Saisine envoyée : numéro {saisine.numero}").is_visible()
    assert saisine.stade_declare == "assignation" and saisine.commune == monde.commune
    assert [a["type"] for a in saisine.actes_connus] == ["cdp", "assignation"]
    assert page.evaluate("sessionStorage.souris") is None, "la souris a servi"
    assert page.erreurs_console == []
    page.screenshot(path=str(captures / "saisine-clavier-envoyee.png"), full_page=True)
