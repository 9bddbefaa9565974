import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from procedure.enums import IssueJugement, Motif, NatureBailleur, Parc, TypeActe
from procedure.models import ActeProcedure, EtatDette, Procedure, RegleJuridique
from procedure.referentiel import VERSIONS_INITIALES
from tests.partenaires.factories import CommuneFactory


class ProcedureFactory(DjangoModelFactory):
    class Meta:
        model = Procedure

    bailleur_nom = "SCI Les Tilleuls"
    bailleur_nature = NatureBailleur.PERSONNE_MORALE
    locataires = factory.Sequence(lambda n: f"M. et Mme Locataire{n}")
    adresse = factory.Sequence(lambda n: f"{n} rue des Lilas")
    commune = factory.SubFactory(CommuneFactory)
    parc = Parc.PRIVE
    motif = Motif.IMPAYES
    loyer_hc = Decimal("650.00")
    charges = Decimal("80.00")


class ActeFactory(DjangoModelFactory):
    class Meta:
        model = ActeProcedure

    procedure = factory.SubFactory(ProcedureFactory)
    type = TypeActe.CDP
    date = dt.date(2026, 1, 15)

    class Params:
        jugement_expulsion = factory.Trait(
            type=TypeActe.JUGEMENT, issue_jugement=IssueJugement.EXPULSION_ORDONNEE
        )


class EtatDetteFactory(DjangoModelFactory):
    class Meta:
        model = EtatDette

    procedure = factory.SubFactory(ProcedureFactory)
    date = dt.date(2026, 1, 15)
    montant = Decimal("1500.00")


def procedure_avec_actes(*actes, **kwargs) -> Procedure:
    """`procedure_avec_actes(("cdp", date), ("jugement", date, "expulsion_ordonnee"), ...)`."""
    procedure = ProcedureFactory(**kwargs)
    for type_, date, *issue in actes:
        ActeFactory(procedure=procedure, type=type_, date=date, issue_jugement=(issue or [""])[0])
    return procedure


def semer_les_regles() -> None:
    """The rows of migration 0003, again if a transactional test (browser tests with a live
    server) flushed the tables before this one."""
    if RegleJuridique.objects.exists():
        return
    RegleJuridique.objects.bulk_create(
        RegleJuridique(
            cle=v.cle,
            departement_code=v.departement_code,
            valeur=v.valeur,
            unite=v.unite,
            texte=v.texte,
            valide_du=v.valide_du,
            valide_jusqu_au=v.valide_jusqu_au,
            source=v.source,
            a_verifier=v.a_verifier,
        )
        for v in VERSIONS_INITIALES
    )
