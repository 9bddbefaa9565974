"""Minimal factories of the commission's work (sessions, examinations, recommendations)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import factory
from factory.django import DjangoModelFactory

from dossiers.enums import NatureExamen, StatutSeance, TypeCommission
from dossiers.models import Commission, Examen, Preconisation, Seance, TypePreconisation
from tests.dossiers.factories import MenageFactory
from tests.partenaires.factories import DepartementFactory

PARIS = ZoneInfo("Europe/Paris")


def le(annee, mois, jour, heure=14):
    return datetime(annee, mois, jour, heure, tzinfo=PARIS)


class CommissionFactory(DjangoModelFactory):
    class Meta:
        model = Commission

    departement = factory.SubFactory(DepartementFactory)
    nom = factory.Sequence(lambda n: f"CCAPEX départementale {n}")
    type = TypeCommission.DEPARTEMENTALE


class SeanceFactory(DjangoModelFactory):
    class Meta:
        model = Seance

    commission = factory.SubFactory(CommissionFactory)
    date = le(2026, 5, 12)
    lieu = "Préfecture, salle 2"
    statut = StatutSeance.PUBLIEE


class TypePreconisationFactory(DjangoModelFactory):
    class Meta:
        model = TypePreconisation
        django_get_or_create = ("departement", "code")

    departement = factory.SubFactory(DepartementFactory)
    code = "reprise_paiement"
    libelle = "Reprise du paiement du loyer"


class ExamenFactory(DjangoModelFactory):
    class Meta:
        model = Examen

    seance = factory.SubFactory(SeanceFactory)
    menage = factory.SubFactory(
        MenageFactory, departement=factory.SelfAttribute("..seance.commission.departement")
    )
    nature = NatureExamen.PREMIER_EXAMEN
    avis = "Maintien dans les lieux sous réserve de la reprise du paiement."


class PreconisationFactory(DjangoModelFactory):
    class Meta:
        model = Preconisation

    examen = factory.SubFactory(ExamenFactory)
    type = factory.SubFactory(
        TypePreconisationFactory,
        departement=factory.SelfAttribute("..examen.seance.commission.departement"),
    )
    destinataire_menage = True
    texte = ""
