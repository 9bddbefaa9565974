import factory
from factory.django import DjangoModelFactory

from partenaires.enums import Role, TypeOrganisation
from partenaires.models import (
    Adhesion,
    Arrondissement,
    Commune,
    Departement,
    Epci,
    Organisation,
    Utilisateur,
)

MOT_DE_PASSE = "mot-de-passe-de-test-2026"


class DepartementFactory(DjangoModelFactory):
    class Meta:
        model = Departement
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"{n % 1000:03d}")
    nom = factory.Sequence(lambda n: f"Département {n}")


class ArrondissementFactory(DjangoModelFactory):
    class Meta:
        model = Arrondissement

    departement = factory.SubFactory(DepartementFactory)
    code = factory.Sequence(lambda n: f"A{n % 1000:03d}")
    nom = factory.Sequence(lambda n: f"Arrondissement {n}")


class EpciFactory(DjangoModelFactory):
    class Meta:
        model = Epci

    departement = factory.SubFactory(DepartementFactory)
    siren = factory.Sequence(lambda n: f"2{n % 100000000:08d}")
    nom = factory.Sequence(lambda n: f"Communauté d’agglomération {n}")


class CommuneFactory(DjangoModelFactory):
    class Meta:
        model = Commune

    code_insee = factory.Sequence(lambda n: f"{n % 100000:05d}")
    nom = factory.Sequence(lambda n: f"Commune {n}")
    departement = factory.SubFactory(DepartementFactory)
    arrondissement = factory.SubFactory(
        ArrondissementFactory, departement=factory.SelfAttribute("..departement")
    )
    epci = factory.SubFactory(EpciFactory, departement=factory.SelfAttribute("..departement"))


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    nom = factory.Sequence(lambda n: f"Organisation {n}")
    type = TypeOrganisation.BAILLEUR_SOCIAL
    departement = factory.SubFactory(DepartementFactory)
    email_contact = factory.Sequence(lambda n: f"contact{n}@organisation.example")


class UtilisateurFactory(DjangoModelFactory):
    class Meta:
        model = Utilisateur
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"utilisateur{n}@ccapex.example")
    prenom = "Dominique"
    nom = factory.Sequence(lambda n: f"Agent{n}")
    password = factory.PostGenerationMethodCall("set_password", MOT_DE_PASSE)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class AdhesionFactory(DjangoModelFactory):
    class Meta:
        model = Adhesion

    utilisateur = factory.SubFactory(UtilisateurFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.PARTENAIRE


def utilisateur_avec_role(role: str, organisation: Organisation, **kwargs) -> Utilisateur:
    return AdhesionFactory(role=role, organisation=organisation, **kwargs).utilisateur


def cle_api_de(utilisateur: Utilisateur) -> str:
    """A valid API key of a (human) user, for tests of the API's permissions."""
    from partenaires.services import creer_cle_api

    return creer_cle_api(
        utilisateur=utilisateur, organisation=utilisateur.organisation, nom="Test", par=None
    )


# --- Directory ---------------------------------------------------------------------


class TypeDispositifFactory(DjangoModelFactory):
    class Meta:
        model = "partenaires.TypeDispositif"
        django_get_or_create = ["departement", "code"]

    departement = factory.SubFactory(DepartementFactory)
    code = "fsl-maintien"
    libelle = "FSL — maintien dans le logement"


class ReferentFactory(DjangoModelFactory):
    """A referent of the whole département of its organisation (no EPCI nor commune)."""

    class Meta:
        model = "partenaires.Referent"

    organisation = factory.SubFactory(OrganisationFactory)
    departement = factory.SelfAttribute("organisation.departement")
    nom = factory.Sequence(lambda n: f"Référent {n}")
    fonction = "Conseillère sociale"
    telephone = "01 96 00 00 01"
    email = factory.Sequence(lambda n: f"referent{n}@organisation.example")


class DispositifFactory(DjangoModelFactory):
    class Meta:
        model = "partenaires.Dispositif"

    organisation = factory.SubFactory(OrganisationFactory)
    departement = factory.SelfAttribute("organisation.departement")
    type = factory.SubFactory(
        TypeDispositifFactory, departement=factory.SelfAttribute("..departement")
    )
    nom = factory.Sequence(lambda n: f"Dispositif {n}")
    comment_joindre = "Par téléphone."
    telephone = "01 96 00 00 02"
    horaires = "Lundi au vendredi, 9 h – 12 h"
