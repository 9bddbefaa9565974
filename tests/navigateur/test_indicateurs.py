import subprocess
from urllib.parse import parse_qs, urlparse

import pytest

from tests.indicateurs.test_parc import deux_parcs
from tests.indicateurs.test_queries import remplir
from tests.navigateur.conftest import se_connecter
from tests.partenaires.factories import MOT_DE_PASSE
from tests.pdf import texte_pdf


def choisir_au_clavier(page, libelle: str, option: str) -> None:
    """Focus a select and type the start of an option's label, as a keyboard user does."""
    page.get_by_label(libelle, exact=True).focus()
    page.keyboard.type(option)


@pytest.mark.django_db(transaction=True)
def test_tableau_de_bord_puis_bilan_pdf_sans_recharger(monde, page, captures):
    remplir(monde, 5)
    deux_parcs(monde)
    arrondissement = monde.commune.arrondissement.nom
    se_connecter(page, monde.pilotage.email, MOT_DE_PASSE)
    assert page.url.endswith("/indicateurs/")

    # Year, territory and parc, with the keyboard only, then « Afficher » with Enter.
    choisir_au_clavier(page, "Année", "2024")
    choisir_au_clavier(page, "Territoire", f"Arrondissement — {arrondissement}")
    choisir_au_clavier(page, "Parc", "Parc social")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Afficher"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    parametres = parse_qs(urlparse(page.url).query)
    assert parametres["annee"] == ["2024"] and parametres["parc"] == ["social"]
    assert parametres["territoire"][0].startswith("A-")
    assert page.get_by_role("heading", level=1).inner_text() == "Indicateurs 2024"
    assert f"{arrondissement} — Parc social" in page.locator(".fr-text--lead").inner_text()

    # Every chart is a visible SVG beside a table with a caption.
    blocs = page.locator("[id^=tableau-]")
    graphiques = 0
    for i in range(blocs.count()):
        bloc = blocs.nth(i)
        assert bloc.locator("table caption").inner_text().strip()
        if bloc.locator("svg").count():
            graphiques += 1
            svg = bloc.locator("svg").first
            assert svg.is_visible()
            boite = svg.bounding_box()
            assert boite["width"] > 200 and boite["height"] > 100
    assert graphiques >= 5
    # No table is wider than its column (they scroll inside the DSFR wrapper at most).
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.erreurs_console == []  # e.g. an inline script or style blocked by the CSP
    fichier = captures / "indicateurs-tableau-de-bord.png"
    page.screenshot(path=str(fichier), full_page=True)
    assert fichier.stat().st_size > 50_000

    # The annual balance: the job's state appears in place and updates itself.
    page.evaluate("window.pasDeRechargement = true")
    page.get_by_role("button", name="Générer le bilan annuel (PDF)").click()
    etat = page.locator("#etat-bilan")
    etat.get_by_text("Terminé").wait_for(timeout=30_000)
    assert "Parc social" in etat.inner_text()
    assert page.evaluate("window.pasDeRechargement") is True
    lien = etat.get_by_role("link", name="Télécharger le résultat")
    with page.expect_download() as telechargement:
        lien.click()
    pdf = captures / "bilan-annuel-parc-social.pdf"
    telechargement.value.save_as(pdf)
    texte = texte_pdf(pdf.read_bytes())
    assert "Bilan annuel 2024" in texte and "Parc social" in texte
    assert page.erreurs_console == []
    # Pages as images, for a person to look at (var/captures/bilan-annuel-parc-social-N.png).
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", str(pdf), str(captures / "bilan-annuel-parc-social")],
        check=True,
    )
