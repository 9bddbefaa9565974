import pytest

from tests.navigateur.conftest import se_connecter
from tests.partenaires.factories import MOT_DE_PASSE

ACCUEILS = {
    "secretariat": ("/secretariat/", "Tableau de bord du secrétariat", ["Tableau de bord"]),
    "membre": ("/membre/", "Espace membre de la commission", ["Mon espace"]),
    "partenaire": ("/partenaire/", "Espace partenaire", ["Mon espace"]),
    "pilotage": ("/indicateurs/", "Indicateurs", ["Indicateurs"]),
    "administrateur": ("/administration/", "Administration", ["Organisations", "Utilisateurs"]),
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("acteur", sorted(ACCUEILS))
def test_accueil_de_chaque_role(acteur, monde, page, captures):
    user = getattr(monde, acteur)
    chemin, titre, menu = ACCUEILS[acteur]
    se_connecter(page, user.email, MOT_DE_PASSE)

    assert page.url.endswith(chemin)
    assert page.get_by_role("heading", level=1).inner_text().startswith(titre)
    entete = page.get_by_role("banner")
    assert user.organisation.nom in entete.inner_text()
    navigation = page.get_by_role("navigation", name="Menu principal")
    for entree in menu:
        assert navigation.get_by_role("link", name=entree).is_visible()
    # Skip links come first, for keyboard users (RGAA 12.7).
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Contenu"
    assert page.erreurs_console == []  # e.g. a script blocked by the CSP

    fichier = captures / f"accueil-{acteur}.png"
    page.screenshot(path=str(fichier), full_page=True)
    assert fichier.stat().st_size > 10_000


@pytest.mark.django_db(transaction=True)
def test_page_404_en_francais(monde, page):
    se_connecter(page, monde.partenaire.email, MOT_DE_PASSE)
    reponse = page.goto("/nulle-part/")
    assert reponse.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Page introuvable"
