"""ASVS 7.4.2: removing a membership (or disabling an account) ends every session of the
account at once and revokes its API keys; an open browser or a script stops working."""

from django.test import Client
from django.urls import reverse

from partenaires.models import Adhesion
from partenaires.services import fermer_les_acces
from tests.conftest import client_de
from tests.partenaires.factories import cle_api_de


def connecte(user):
    """A signed-in browser: `login` stores the account's session hash, checked each request."""
    return client_de(user)


def test_retirer_le_role_ferme_les_sessions_et_les_cles(monde):
    navigateur = connecte(monde.partenaire)
    autre_navigateur = connecte(monde.partenaire)
    cle = cle_api_de(monde.partenaire)
    api = Client(HTTP_AUTHORIZATION=f"Token {cle}")
    espace = reverse("commission:espace_partenaire")
    assert navigateur.get(espace).status_code == 200
    assert api.get("/api/v1/saisines/").status_code == 200
    temoin = connecte(monde.partenaire_autre_organisation)

    adhesion = Adhesion.objects.get(utilisateur=monde.partenaire)
    client_de(monde.administrateur).post(
        reverse("partenaires:desactiver_adhesion", args=[adhesion.pk])
    )

    for client in (navigateur, autre_navigateur):
        reponse = client.get(espace)
        assert reponse.status_code == 302 and reponse.url.startswith(reverse("connexion"))
    assert api.get("/api/v1/saisines/").status_code == 401
    assert temoin.get(reverse("commission:espace_partenaire")).status_code == 200


def test_fermer_les_acces_sans_changer_le_mot_de_passe(monde):
    navigateur = connecte(monde.secretariat)
    assert navigateur.get(reverse("commission:tableau_de_bord")).status_code == 200
    fermer_les_acces(monde.secretariat)
    assert navigateur.get(reverse("commission:tableau_de_bord")).status_code == 302
    # The account itself still works: signing in again opens a new session.
    monde.secretariat.refresh_from_db()
    assert connecte(monde.secretariat).get(reverse("commission:tableau_de_bord")).status_code == 200
