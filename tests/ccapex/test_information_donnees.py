"""The privacy notice (RGPD art. 13-14): built from what the deployer fills in, public, and
linked from the forms, e-mails and letters households receive."""

from django.test import Client, override_settings
from django.urls import reverse

INFORMATION = {
    "responsable": "Le préfet du Val-d’Orge et le président du conseil départemental",
    "dpo": "dpo@val-dorge.gouv.example, 1 place de la Préfecture",
    "conservation": "2 ans après le dernier contact, puis archive intermédiaire",
    "destinataires": "Les membres de la commission, pour les dossiers inscrits",
}


@override_settings(INFORMATION_DONNEES=INFORMATION)
def test_notice_publique_remplie_par_le_deploiement(db):
    reponse = Client().get(reverse("donnees_personnelles"))
    assert reponse.status_code == 200
    html = reponse.content.decode()
    for valeur in INFORMATION.values():
        assert valeur.replace("’", "&#x27;") in html or valeur in html, valeur
    for rubrique in ("Qui est responsable", "Pourquoi", "Base légale", "Qui les reçoit",
                     "Combien de temps", "Vos droits", "CNIL"):  # fmt: skip
        assert rubrique in html


def test_formulaire_public_lie_a_la_notice(monde):
    page = Client().get(
        reverse("dossiers:saisine_publique", args=[monde.departement.code]), follow=True
    )
    assert reverse("donnees_personnelles") in page.content.decode()
