"""The session sheet in a real browser: what is typed is saved without any click, so closing the
page loses nothing."""

import pytest

from dossiers.models import Examen
from tests.dossiers.factories_seances import CommissionFactory, ExamenFactory, SeanceFactory
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
