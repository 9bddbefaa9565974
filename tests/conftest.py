"""The cast of every permission story, on the real PostgreSQL."""

from dataclasses import dataclass

import pytest
from django.test import Client

from ccapex import rendus
from partenaires.enums import Role, TypeOrganisation
from tests.partenaires.factories import (
    CommuneFactory,
    DepartementFactory,
    OrganisationFactory,
    utilisateur_avec_role,
)


@pytest.fixture(autouse=True)
def _rendus_vides():
    """Rendered parts kept by the process (`ccapex.rendus`) never leak from a test."""
    rendus.vider()
    yield
    rendus.vider()


ACTEURS = [
    "anonyme",
    "secretariat",
    "membre",
    "partenaire",
    "pilotage",
    "administrateur",
    "secretariat_autre_departement",
    "partenaire_autre_organisation",
    "archives",
]


@dataclass
class Monde:
    """Two départements; in the first one, one user per role and a second partner."""

    departement: object
    autre_departement: object
    commune: object
    prefecture: object
    caf: object
    bailleur: object
    autre_bailleur: object
    secretariat: object
    membre: object
    partenaire: object
    pilotage: object
    administrateur: object
    secretariat_autre_departement: object
    partenaire_autre_organisation: object
    archives: object

    def utilisateur(self, acteur: str):
        return None if acteur == "anonyme" else getattr(self, acteur)


@pytest.fixture
def monde(db) -> Monde:
    departement = DepartementFactory(code="96", nom="Val-d’Orge-et-Bièvre")
    autre = DepartementFactory(code="97", nom="Autre département")
    commune = CommuneFactory(departement=departement)
    prefecture = OrganisationFactory(
        nom="Préfecture", type=TypeOrganisation.PREFECTURE, departement=departement
    )
    caf = OrganisationFactory(
        nom="CAF", type=TypeOrganisation.CAF, departement=departement, siege_commission=True
    )
    bailleur = OrganisationFactory(nom="Orge Habitat", departement=departement)
    autre_bailleur = OrganisationFactory(nom="Les Foyers", departement=departement)
    prefecture_autre = OrganisationFactory(
        nom="Préfecture voisine", type=TypeOrganisation.PREFECTURE, departement=autre
    )
    return Monde(
        departement=departement,
        autre_departement=autre,
        commune=commune,
        prefecture=prefecture,
        caf=caf,
        bailleur=bailleur,
        autre_bailleur=autre_bailleur,
        secretariat=utilisateur_avec_role(Role.SECRETARIAT, prefecture),
        membre=utilisateur_avec_role(Role.MEMBRE, caf),
        partenaire=utilisateur_avec_role(Role.PARTENAIRE, bailleur),
        pilotage=utilisateur_avec_role(Role.PILOTAGE, prefecture),
        administrateur=utilisateur_avec_role(Role.ADMINISTRATEUR, prefecture),
        secretariat_autre_departement=utilisateur_avec_role(Role.SECRETARIAT, prefecture_autre),
        partenaire_autre_organisation=utilisateur_avec_role(Role.PARTENAIRE, autre_bailleur),
        archives=utilisateur_avec_role(Role.ARCHIVES, prefecture),
    )


def client_de(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def clients(monde):
    """`clients["secretariat"]` is a signed-in test client for that actor."""
    return {acteur: client_de(monde.utilisateur(acteur)) for acteur in ACTEURS}


def pytest_configure(config):
    # WhiteNoise warns when STATIC_ROOT does not exist yet (fresh clone).
    from django.conf import settings

    settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)
