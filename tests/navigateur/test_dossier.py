from datetime import timedelta

import pytest
from django.utils import timezone

from tests.navigateur.conftest import se_connecter
from tests.partenaires.factories import MOT_DE_PASSE


@pytest.mark.django_db(transaction=True)
def test_creer_un_dossier_puis_ajouter_un_acte_sans_recharger(monde, page, captures):
    se_connecter(page, monde.secretariat.email, MOT_DE_PASSE)
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Ménages"
    ).click()
    page.get_by_role("link", name="Nouveau dossier").click()
    page.get_by_label("Nom du titulaire du bail").fill("Lefèvre")
    page.get_by_label("Prénom").fill("Hélène")
    page.get_by_label("Adresse", exact=True).fill("12 rue des Lilas")
    page.get_by_label("Commune").select_option(label=str(monde.commune))
    page.get_by_role("button", name="Créer le dossier").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Hélène Lefèvre"

    page.get_by_role("link", name="Nouvelle procédure").first.click()
    page.get_by_label("Locataires (tels que nommés dans les actes)").fill("Mme Hélène Lefèvre")
    page.get_by_label("Parc").select_option("social")
    page.get_by_label("Motif").select_option("impayes")
    page.get_by_label("Nom du bailleur").fill("Orge Habitat")
    page.get_by_label("Nature du bailleur").select_option("bailleur_social")
    page.get_by_label("Loyer mensuel hors charges").fill("650")
    page.get_by_role("button", name="Enregistrer").click()

    # The act form redraws itself for the chosen type, then adds the act in place.
    page.evaluate("window.pasDeRechargement = true")
    acte = page.get_by_role("group", name="Ajouter un acte")
    acte.get_by_label("Type d’acte").select_option("cdp")
    acte.get_by_label("Mois d’impayés consécutifs").wait_for()
    jour = timezone.localdate() - timedelta(days=3)
    acte = page.get_by_role("group", name="Ajouter un acte")
    acte.get_by_label("Date", exact=True).fill(jour.isoformat())
    acte.get_by_label("Mois d’impayés consécutifs").fill("3")
    acte.get_by_label("Montant de la dette à cette date (€)").fill("1950")
    page.get_by_role("button", name="Ajouter l’acte").click()
    page.get_by_text("Acte ajouté.").wait_for()
    assert page.evaluate("window.pasDeRechargement") is True  # same page, no reload
    frise = page.locator(".ccapex-frise")
    assert "Commandement de payer" in frise.inner_text()
    # No lease date typed: the timeline gives both possible ends of the CDP period.
    assert "Fin du délai du commandement de payer (date du bail inconnue" in frise.inner_text()
    assert page.get_by_text("Commandement à signaler à la CCAPEX (seuil atteint)").is_visible()
    assert page.erreurs_console == []
    page.screenshot(path=str(captures / "dossier-frise.png"), full_page=True)
