"""Issue 4, item 1: organisations of every kind, users in several organisations with a role."""

import re

from django.core import mail
from django.urls import reverse

from partenaires.enums import Role, TypeOrganisation
from partenaires.models import Adhesion, Organisation
from tests.conftest import client_de
from tests.partenaires.factories import MOT_DE_PASSE, ArrondissementFactory

# Every kind of organisation DOMAIN.md names (secretariat, members, referrers, addressees of
# recommendations, local bodies).
DU_DOMAINE = {
    "préfecture, DDETS, DRIHL": "prefecture",
    "conseil départemental": "conseil_departemental",
    "CAF": "caf",
    "MSA": "msa",
    "bailleur social": "bailleur_social",
    "propriétaire privé, agence, mandataire": "bailleur_prive",
    "service social départemental (MDS)": "service_social",
    "CCAS": "ccas",
    "association": "association",
    "UDAF, mandataire": "udaf",
    "commission de surendettement (Banque de France)": "banque_de_france",
    "COMED (DALO)": "comed",
    "ADIL": "adil",
    "commissaire de justice": "commissaire_justice",
    "tribunal": "tribunal",
    "SIAO": "siao",
    "Action Logement": "action_logement",
    "commune (la Ville)": "commune",
    # The FSL is run by the département (or a body it delegates to: « autre »).
    "FSL": "conseil_departemental",
}


def test_chaque_type_d_organisation_du_domaine_existe():
    manquants = {k: v for k, v in DU_DOMAINE.items() if v not in TypeOrganisation.values}
    assert manquants == {}


def test_organisation_creee_a_l_ecran_avec_territoire_siret_contact_et_siege(monde):
    arrondissement = ArrondissementFactory(departement=monde.departement, nom="Palaiseau")
    admin = client_de(monde.administrateur)
    formulaire = admin.get(reverse("partenaires:nouvelle_organisation")).content.decode()
    for libelle in ("Type", "Arrondissement", "EPCI", "SIRET", "Adresse électronique de contact",
                    "Siège à la commission"):  # fmt: skip
        assert libelle in formulaire, libelle
    reponse = admin.post(
        reverse("partenaires:nouvelle_organisation"),
        {
            "nom": "Fonds de solidarité logement 96",
            "type": TypeOrganisation.CONSEIL_DEPARTEMENTAL,
            "arrondissement": arrondissement.pk,
            "siret": "73282932000074",
            "email_contact": "fsl@departement96.fr",
            "siege_commission": "on",
            "active": "on",
        },
    )
    organisation = Organisation.objects.get(nom="Fonds de solidarité logement 96")
    assert reponse.url == reverse("partenaires:organisation", args=[organisation.pk])
    assert (organisation.type, organisation.arrondissement, organisation.siret) == (
        "conseil_departemental",
        arrondissement,
        "73282932000074",
    )
    assert organisation.email_contact == "fsl@departement96.fr" and organisation.siege_commission
    assert organisation.departement == monde.departement
    liste = admin.get(reverse("partenaires:organisations")).content.decode()
    assert "Fonds de solidarité logement 96" in liste


def test_une_personne_dans_deux_organisations_choisit_au_nom_de_laquelle_elle_agit(
    monde, django_capture_on_commit_callbacks
):
    admin = client_de(monde.administrateur)
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(
            reverse("partenaires:inviter"),
            {"email": monde.partenaire.email, "organisation": monde.caf.pk, "role": Role.MEMBRE},
        )
    chemin = re.search(r"(/invitation/\S+/)", mail.outbox[0].body).group(1)
    mot = "Autre-mot-de-passe-2026"
    client_de(None).post(
        chemin, {"prenom": "X", "nom": "Y", "mot_de_passe": mot, "confirmation": mot}
    )
    adhesions = Adhesion.objects.filter(utilisateur=monde.partenaire, active=True)
    assert sorted(adhesions.values_list("organisation__nom", "role")) == [
        ("CAF", "membre"),
        ("Orge Habitat", "partenaire"),
    ]
    monde.partenaire.refresh_from_db()
    assert monde.partenaire.check_password(MOT_DE_PASSE)  # an existing account is kept as is
    personne = client_de(monde.partenaire)
    membre = adhesions.get(role=Role.MEMBRE)
    personne.post(reverse("partenaires:compte"), {"adhesion": membre.pk})
    page = personne.get(reverse("partenaires:compte"))
    assert page.context["request"].user.adhesion == membre
    utilisateurs = admin.get(reverse("partenaires:utilisateurs")).content.decode()
    assert utilisateurs.count(f"<td>{monde.partenaire.email}</td>") == 2
