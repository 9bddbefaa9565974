import factory
from factory.django import DjangoModelFactory

from dossiers import recherche, resume
from dossiers.enums import LienMembre
from dossiers.models import MembreMenage, Menage
from tests.partenaires.factories import CommuneFactory, DepartementFactory


class MenageFactory(DjangoModelFactory):
    """Built directly, so it writes the search text as the services do."""

    class Meta:
        model = Menage

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        menage = super()._create(model_class, *args, **kwargs)
        recherche.actualiser([menage.pk])
        resume.actualiser([menage.pk])
        return menage

    # Year 1999: never one the numbering service gives in tests.
    numero = factory.Sequence(lambda n: f"96-1999-{n + 1:05d}")
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

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        membre = super()._create(model_class, *args, **kwargs)
        recherche.actualiser([membre.menage_id])
        resume.actualiser([membre.menage_id])
        return membre


def menage_avec_procedure(departement, *, nom="Martin", actes=(), dettes=(), **champs):
    """A household of the département with one procedure and its acts and debts.

    `actes` are (type, date) or (type, date, issue_jugement); `dettes` (date, montant)."""
    from dossiers.models import MenageProcedure
    from procedure.models import EtatDette
    from procedure.services import recalculer_echeance
    from tests.procedure.factories import procedure_avec_actes

    menage = MenageFactory(departement=departement, **champs)
    MembreFactory(menage=menage, nom=nom)
    procedure = procedure_avec_actes(*actes, commune=menage.commune)
    for jour, montant in dettes:
        EtatDette.objects.create(procedure=procedure, date=jour, montant=montant)
    MenageProcedure.objects.create(menage=menage, procedure=procedure)
    recherche.actualiser([menage.pk])
    recalculer_echeance(procedure)  # and, through its signal, the household's summary
    return menage
