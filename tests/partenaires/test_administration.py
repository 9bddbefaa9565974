import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from partenaires.enums import Role, TypeOrganisation
from partenaires.models import Adhesion, Invitation, Organisation, Utilisateur
from tests.conftest import client_de
from tests.partenaires.factories import OrganisationFactory


def test_creer_une_organisation_avec_siret_controle(monde):
    admin = client_de(monde.administrateur)
    donnees = {
        "nom": "Habitat 96",
        "type": TypeOrganisation.BAILLEUR_SOCIAL,
        "siret": "73282932000075",
        "email_contact": "contact@habitat96.fr",
    }
    reponse = admin.post(reverse("partenaires:nouvelle_organisation"), donnees)
    assert "clé de contrôle" in reponse.content.decode()
    reponse = admin.post(
        reverse("partenaires:nouvelle_organisation"), donnees | {"siret": "73282932000074"}
    )
    organisation = Organisation.objects.get(nom="Habitat 96")
    assert organisation.departement == monde.departement
    assert reponse.url == reverse("partenaires:organisation", args=[organisation.pk])


def test_organisation_d_un_autre_departement_introuvable(monde):
    autre = OrganisationFactory(departement=monde.autre_departement)
    admin = client_de(monde.administrateur)
    assert admin.get(reverse("partenaires:organisation", args=[autre.pk])).status_code == 404
    assert (
        admin.get(reverse("partenaires:modifier_organisation", args=[autre.pk])).status_code == 404
    )


def test_invitation_envoyee_acceptee_puis_inutilisable(
    monde, client, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://ccapex.exemple.gouv.fr"
    admin = client_de(monde.administrateur)
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(
            reverse("partenaires:inviter"),
            {
                "email": "Lea.Roux@Bailleur.fr",
                "organisation": monde.bailleur.pk,
                "role": Role.PARTENAIRE,
            },
        )
    (message,) = mail.outbox
    assert message.to == ["lea.roux@bailleur.fr"] and monde.bailleur.nom in message.body
    chemin = re.search(r"https://ccapex\.exemple\.gouv\.fr(/invitation/\S+/)", message.body).group(
        1
    )
    page = client.get(chemin)
    assert "lea.roux@bailleur.fr" in page.content.decode()
    mauvais = client.post(
        chemin, {"prenom": "Léa", "nom": "Roux", "mot_de_passe": "court", "confirmation": "court"}
    )
    assert "Le formulaire contient" in mauvais.content.decode()
    assert not Utilisateur.objects.filter(email="lea.roux@bailleur.fr").exists()
    mot = "Un-bon-mot-de-passe-2026"
    reponse = client.post(
        chemin, {"prenom": "Léa", "nom": "Roux", "mot_de_passe": mot, "confirmation": mot}
    )
    assert reponse.url == reverse("connexion")
    adhesion = Adhesion.objects.get(utilisateur__email="lea.roux@bailleur.fr")
    assert adhesion.organisation == monde.bailleur and adhesion.role == Role.PARTENAIRE
    assert client.get(chemin).status_code == 410  # used once


def test_invitation_expiree(monde, client):
    Invitation.objects.create(
        email="x@exemple.fr",
        organisation=monde.bailleur,
        role=Role.PARTENAIRE,
        jeton=Invitation.empreinte_de("abc"),
        expire_le=timezone.now() + timedelta(days=7),
    )
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        reponse = client.get(reverse("partenaires:invitation", args=["abc"]))
    assert reponse.status_code == 410
    assert "n’est plus valable" in reponse.content.decode()


def test_retirer_un_role(monde):
    admin = client_de(monde.administrateur)
    adhesion = monde.partenaire.adhesions.get()
    admin.post(reverse("partenaires:desactiver_adhesion", args=[adhesion.pk]))
    adhesion.refresh_from_db()
    assert not adhesion.active
    monde.partenaire.refresh_from_db()  # signing in again reads the account as it is now
    assert client_de(monde.partenaire).get("/").status_code == 403  # no role left
    propre = monde.administrateur.adhesions.get()
    admin.post(reverse("partenaires:desactiver_adhesion", args=[propre.pk]))
    propre.refresh_from_db()
    assert propre.active


@pytest.mark.parametrize(
    ("role", "organisation", "message"),
    [
        (Role.SECRETARIAT, "bailleur", "réservé à la préfecture et au conseil départemental"),
        (Role.ADMINISTRATEUR, "caf", "réservé à la préfecture et au conseil départemental"),
        (Role.MEMBRE, "bailleur", "ne siège pas à la commission"),
    ],
)
def test_un_role_qui_ouvre_le_departement_reste_aux_services_de_l_etat(
    monde, role, organisation, message
):
    """Inviting a landlord's employee as secretariat would open every dossier to them."""
    reponse = client_de(monde.administrateur).post(
        reverse("partenaires:inviter"),
        {"email": "x@exemple.fr", "organisation": getattr(monde, organisation).pk, "role": role},
    )
    assert message in reponse.content.decode()
    assert not Invitation.objects.exists() and not mail.outbox


def test_le_role_n_est_jamais_choisi_par_defaut(monde):
    page = client_de(monde.administrateur).get(reverse("partenaires:inviter")).content.decode()
    assert '<option value="" selected>Choisir un rôle</option>' in page
