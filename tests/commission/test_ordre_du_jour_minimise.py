"""The members' minimised agenda never prints the referral's free text (issue 13 item 5):
the words of a referral name people and places."""

from django.urls import reverse

from commission.services import seances as services
from tests.commission.test_ordre_du_jour import publier, saisine_recevable
from tests.commission.test_ordre_du_jour import seance as seance
from tests.conftest import client_de
from tests.pdf import texte_pdf

TEXTE_LIBRE = (
    "Mme Josiane Karavelli, 12 impasse des Tilleuls, hébergée chez sa sœur Nadia Karavelli : "
    "demande un délai."
)
MORCEAUX = ["Karavelli", "Josiane", "Tilleuls", "Nadia", "délai"]


def test_ni_le_pdf_ni_la_page_des_membres_ne_contiennent_le_texte_libre(
    monde,
    seance,
    django_capture_on_commit_callbacks,
):
    saisine = saisine_recevable(monde, "Karavelli", demande=TEXTE_LIBRE)
    examen = services.inscrire(seance=seance, saisine=saisine, par=monde.secretariat)
    assert examen.question == TEXTE_LIBRE  # the secretariat's version keeps it
    reponse = publier(client_de(monde.secretariat), seance, django_capture_on_commit_callbacks)
    assert reponse.status_code == 302
    seance.refresh_from_db()
    assert "Tilleuls" in texte_pdf(seance.ordre_du_jour_complet.read())

    reduit = texte_pdf(seance.ordre_du_jour_reduit.read())
    membre = client_de(monde.membre)
    page = membre.get(reverse("commission:seance_membre", args=[seance.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    fichier = membre.get(reverse("commission:fichier_ordre_du_jour", args=[seance.pk, "reduit"]))
    telecharge = texte_pdf(b"".join(fichier.streaming_content))
    for texte in (reduit, html, telecharge):
        assert "K." in texte  # the household is there, by its initials
        for morceau in MORCEAUX:
            assert morceau not in texte
