"""The session sheet in a real browser: what is typed is saved without any click, so closing the
page loses nothing."""

import pytest

from commission.models import Examen
from tests.commission.factories import CommissionFactory, ExamenFactory, SeanceFactory
from tests.navigateur.conftest import se_connecter
from tests.partenaires.factories import MOT_DE_PASSE

SYNTHESE = "Reprise du paiement du loyer depuis mars ; dette ramenée à 1 200 €."


@pytest.mark.django_db(transaction=True)
def test_la_synthese_tapee_survit_a_la_fermeture_de_la_page(monde, page, captures):
    seance = SeanceFactory(commission=CommissionFactory(departement=monde.departement))
    examen = ExamenFactory(seance=seance, avec_nom="Lefèvre")
    se_connecter(page, monde.secretariat.email, MOT_DE_PASSE)
    url = f"/seances/{seance.pk}/feuille/"

    page.goto(url)
    synthese = page.locator(f"#id_examen{examen.pk}_synthese")
    synthese.press_sequentially(SYNTHESE, delay=5)  # real key strokes: `input` events
    statut = page.locator(f"#statut-examen-{examen.pk}")
    statut.get_by_text("Enregistré à").wait_for(timeout=10_000)
    page.screenshot(path=str(captures / "feuille-de-seance.png"), full_page=True)
    assert page.erreurs_console == []
    page.close()  # no Save button clicked

    nouvelle = page.context.new_page()
    nouvelle.goto(url)
    assert nouvelle.locator(f"#id_examen{examen.pk}_synthese").input_value() == SYNTHESE
    examen.refresh_from_db()
    assert examen.synthese == SYNTHESE

    # A second edit from the reopened page carries the new version: saved too, no conflict.
    avis = nouvelle.locator(f"#id_examen{examen.pk}_avis")
    avis.press_sequentially("Favorable.", delay=5)
    nouvelle.locator(f"#statut-examen-{examen.pk}").get_by_text("Enregistré à").wait_for()
    assert Examen.objects.get(pk=examen.pk).avis == "Favorable."


@pytest.mark.django_db(transaction=True)
def test_reordonner_l_ordre_du_jour_au_clavier(monde, page):
    seance = SeanceFactory(commission=CommissionFactory(departement=monde.departement))
    premier = ExamenFactory(seance=seance, avec_nom="Aubert", ordre=1)
    second = ExamenFactory(seance=seance, avec_nom="Bernard", ordre=2)
    se_connecter(page, monde.secretariat.email, MOT_DE_PASSE)
    page.goto(f"/seances/{seance.pk}/ordre-du-jour/")
    page.evaluate("window.pasDeRechargement = true")

    page.locator(f"#monter-{second.pk}").focus()
    page.keyboard.press("Enter")
    page.get_by_text(f"Dossier {second.menage.numero} en position 1.").wait_for()

    assert page.evaluate("window.pasDeRechargement") is True  # swapped in place
    lignes = page.locator("#ordre-du-jour tbody tr").all_inner_texts()
    assert "Bernard" in lignes[0] and "Aubert" in lignes[1]
    # The focus stayed on the moved row: Enter again moves it back down.
    assert page.evaluate("document.activeElement.id") == f"descendre-{second.pk}"
    page.keyboard.press("Enter")
    page.get_by_text(f"Dossier {second.menage.numero} en position 2.").wait_for()
    assert list(seance.examens.order_by("ordre").values_list("pk", flat=True)) == [
        premier.pk,
        second.pk,
    ]
    assert page.erreurs_console == []


@pytest.mark.django_db(transaction=True)
def test_fermer_la_page_aussitot_apres_la_frappe_ne_perd_rien(monde, page):
    """Closed within the 800 ms debounce: the page sends what is pending as it goes away."""
    import time

    seance = SeanceFactory(commission=CommissionFactory(departement=monde.departement))
    examen = ExamenFactory(seance=seance, avec_nom="Lefèvre")
    se_connecter(page, monde.secretariat.email, MOT_DE_PASSE)
    page.goto(f"/seances/{seance.pk}/feuille/")
    page.locator(f"#id_examen{examen.pk}_avis").press_sequentially("Favorable.", delay=5)
    page.close(run_before_unload=True)  # well before the autosave delay

    fin = time.monotonic() + 10
    while time.monotonic() < fin and Examen.objects.get(pk=examen.pk).avis != "Favorable.":
        time.sleep(0.2)
    assert Examen.objects.get(pk=examen.pk).avis == "Favorable."
