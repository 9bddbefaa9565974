import factory
from factory.django import DjangoModelFactory

from dossiers.enums import LienMembre
from dossiers.models import MembreMenage, Menage
from tests.partenaires.factories import CommuneFactory, DepartementFactory


class MenageFactory(DjangoModelFactory):
    class Meta:
        model = Menage

    numero = factory.Sequence(lambda n: f"96-2026-{n + 1:05d}")
    departement = factory.SubFactory(DepartementFactory, code="96")
    adresse = factory.Sequence(lambda n: f"{n} avenue de la République")
    commune = factory.SubFactory(CommuneFactory, departement=factory.SelfAttribute("..departement"))


class MembreFactory(DjangoModelFactory):
    class Meta:
        model = MembreMenage

    menage = factory.SubFactory(MenageFactory)
    nom = factory.Sequence(lambda n: f"Nom{n}")
    prenom = "Alex"
    lien = LienMembre.DEMANDEUR
