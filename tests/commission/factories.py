"""Commissions, sessions, examinations and recommendations, with traits that speak the domain.

seance = SeanceFactory(commission__departement=monde.departement, publiee=True)
examen = ExamenFactory(seance=seance, avec_preconisations=2)
MembreCommissionFactory(commission=seance.commission, organisation=monde.caf,
                        representants=[monde.membre])
ParticipationFactory(seance=seance, organisation=monde.caf, present=True)
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from commission.enums import NatureExamen, StatutSeance, TypeCommission, TypeSeance
from commission.models import (
    Commission,
    Decision,
    Examen,
    MembreCommission,
    ParticipationSeance,
    Preconisation,
    Seance,
    TypeDecision,
    TypePreconisation,
)
from tests.dossiers.factories import MembreFactory, MenageFactory
from tests.partenaires.factories import (
    ArrondissementFactory,
    DepartementFactory,
    OrganisationFactory,
)


def le(annee, mois, jour, heure=14):
    """A Paris date-time, for sessions and requests at fixed dates."""
    return datetime(annee, mois, jour, heure, tzinfo=ZoneInfo("Europe/Paris"))


class CommissionFactory(DjangoModelFactory):
    class Meta:
        model = Commission

    departement = factory.SubFactory(DepartementFactory, code="96")
    nom = factory.Sequence(lambda n: f"CCAPEX départementale {n}")
    type = TypeCommission.DEPARTEMENTALE

    class Params:
        # A local commission of an arrondissement of the département.
        locale = factory.Trait(
            type=TypeCommission.LOCALE,
            nom=factory.Sequence(lambda n: f"Commission locale {n}"),
            arrondissement=factory.SubFactory(
                ArrondissementFactory, departement=factory.SelfAttribute("..departement")
            ),
        )


class MembreCommissionFactory(DjangoModelFactory):
    class Meta:
        model = MembreCommission
        skip_postgeneration_save = True

    commission = factory.SubFactory(CommissionFactory)
    organisation = factory.SubFactory(
        OrganisationFactory, departement=factory.SelfAttribute("..commission.departement")
    )

    @factory.post_generation
    def representants(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.representants.set(extracted)


class SeanceFactory(DjangoModelFactory):
    class Meta:
        model = Seance

    commission = factory.SubFactory(CommissionFactory)
    date = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    lieu = "Préfecture, salle du conseil"
    type = TypeSeance.OPERATIONNELLE

    class Params:
        passee = factory.Trait(
            date=factory.LazyFunction(lambda: timezone.now() - timedelta(days=30))
        )
        publiee = factory.Trait(
            statut=StatutSeance.PUBLIEE,
            publiee_le=factory.LazyFunction(timezone.now),
            version_publiee=1,
            version_notifiee=1,
        )
        close = factory.Trait(
            statut=StatutSeance.CLOSE,
            date=factory.LazyFunction(lambda: timezone.now() - timedelta(days=7)),
            publiee_le=factory.LazyFunction(lambda: timezone.now() - timedelta(days=14)),
            close_le=factory.LazyFunction(timezone.now),
            version_publiee=1,
            version_notifiee=1,
        )


class ParticipationFactory(DjangoModelFactory):
    class Meta:
        model = ParticipationSeance

    seance = factory.SubFactory(SeanceFactory)
    organisation = factory.SubFactory(
        OrganisationFactory, departement=factory.SelfAttribute("..seance.commission.departement")
    )
    invite = True
    present = False


class TypePreconisationFactory(DjangoModelFactory):
    class Meta:
        model = TypePreconisation
        django_get_or_create = ["departement", "code"]

    departement = factory.SubFactory(DepartementFactory, code="96")
    code = factory.Sequence(lambda n: f"type-{n}")
    libelle = factory.Sequence(lambda n: f"Préconisation type {n}")
    ordre = factory.Sequence(lambda n: n)


class ExamenFactory(DjangoModelFactory):
    """An examination on a session's agenda; `avec_preconisations=N` adds N recommendations
    (to the household), `avec_nom="Dupont"` gives the household a member of that name."""

    class Meta:
        model = Examen
        skip_postgeneration_save = True

    seance = factory.SubFactory(SeanceFactory)
    menage = factory.SubFactory(
        MenageFactory, departement=factory.SelfAttribute("..seance.commission.departement")
    )
    nature = NatureExamen.PREMIER_EXAMEN
    ordre = factory.Sequence(lambda n: n + 1)
    question = "Quelles solutions pour le maintien dans le logement ?"

    class Params:
        reexamen = factory.Trait(nature=NatureExamen.REEXAMEN)
        bilan = factory.Trait(nature=NatureExamen.BILAN)
        examine = factory.Trait(
            synthese="Dette de loyer en baisse, reprise du paiement depuis trois mois.",
            avis="Favorable au maintien dans les lieux sous réserve d’un plan d’apurement.",
        )

    @factory.post_generation
    def avec_nom(obj, create, extracted, **kwargs):
        if create and extracted:
            MembreFactory(menage=obj.menage, nom=extracted)

    @factory.post_generation
    def avec_preconisations(obj, create, extracted, **kwargs):
        if create and extracted:
            for _ in range(int(extracted)):
                PreconisationFactory(examen=obj)


class PreconisationFactory(DjangoModelFactory):
    """To the household by default; `organisation=<Organisation>` addresses it to a body."""

    class Meta:
        model = Preconisation
        exclude = ["organisation"]

    examen = factory.SubFactory(ExamenFactory)
    type = factory.SubFactory(
        TypePreconisationFactory,
        departement=factory.SelfAttribute("..examen.seance.commission.departement"),
    )
    organisation = None
    destinataire_organisation = factory.SelfAttribute("organisation")
    destinataire_menage = factory.LazyAttribute(lambda o: o.organisation is None)
    texte = "Reprendre le paiement du loyer courant."
    echeance = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=90))


# The national kinds seeded by commission/0002_decisions, by nature.
TYPES_NATIONAUX = {
    "aide_maintien": ("maintien_aide", "Maintien de l’aide au logement"),
    "aide_suspension": ("suspension_aide", "Suspension de l’aide au logement"),
    "aide_reprise": ("reprise_aide", "Reprise du versement de l’aide au logement"),
    "saisine_fsl": ("saisine_fsl", "Saisine directe du fonds de solidarité pour le logement"),
    "saisine_siao": ("saisine_siao", "Saisine du SIAO"),
    "orientation": ("orientation_signalement", "Orientation d’un signalement"),
}


def type_decision(nature: str) -> TypeDecision:
    """The national kind of this nature (re-created when a transactional test flushed the
    tables); « autre » has no national kind: a département's own is made."""
    if nature == "autre":
        return TypeDecision.objects.get_or_create(
            departement=DepartementFactory(code="96"),
            code="autre_decision",
            defaults={"libelle": "Autre décision", "nature": "autre"},
        )[0]
    code, libelle = TYPES_NATIONAUX[nature]
    return TypeDecision.objects.get_or_create(
        departement=None, code=code, defaults={"libelle": libelle, "nature": nature}
    )[0]


class DecisionFactory(DjangoModelFactory):
    """A decision taken in a past session that examined the household, to the CAF-like
    addressee given as `destinataire_organisation`.

    `nature="saisine_fsl"` picks the national kind of that nature (a suspension of the
    housing aid by default). Traits: `notifiee`, `executee`, `levee`, `expiree` (notified,
    then that outcome), `remplacee` (notified then replaced: give the new decision
    `remplace=<it>`), `par_procedure_ecrite` (no session)."""

    class Meta:
        model = Decision
        skip_postgeneration_save = True

    seance = factory.SubFactory(SeanceFactory, passee=True)
    menage = factory.SubFactory(
        MenageFactory, departement=factory.SelfAttribute("..seance.commission.departement")
    )
    type = factory.LazyAttribute(lambda o: type_decision(o.nature))
    base_legale = "Loi n° 90-449 du 31 mai 1990, art. 7-2"
    motifs = "Aucune reprise du paiement depuis six mois malgré le plan proposé."
    destinataire_organisation = factory.SubFactory(
        OrganisationFactory, departement=factory.SelfAttribute("..menage.departement")
    )
    date_effet = factory.LazyFunction(timezone.localdate)

    class Params:
        nature = "aide_suspension"
        notifiee = factory.Trait(statut="notifiee", notifiee_le=factory.LazyFunction(timezone.now))
        executee = factory.Trait(
            statut="executee",
            notifiee_le=factory.LazyFunction(timezone.now),
            executee_le=factory.LazyAttribute(lambda o: o.notifiee_le + timedelta(days=3)),
        )
        levee = factory.Trait(
            statut="levee",
            notifiee_le=factory.LazyFunction(timezone.now),
            terminee_le=factory.LazyAttribute(lambda o: o.notifiee_le + timedelta(days=30)),
            motif_fin="Reprise du paiement du loyer courant.",
        )
        expiree = factory.Trait(
            statut="expiree",
            notifiee_le=factory.LazyFunction(timezone.now),
            date_fin=factory.LazyAttribute(lambda o: o.date_effet),
            terminee_le=factory.LazyAttribute(lambda o: o.notifiee_le + timedelta(days=1)),
        )
        remplacee = factory.Trait(
            statut="remplacee",
            notifiee_le=factory.LazyFunction(timezone.now),
            terminee_le=factory.LazyAttribute(lambda o: o.notifiee_le + timedelta(days=10)),
        )
        par_procedure_ecrite = factory.Trait(seance=None, procedure_ecrite=True)

    @factory.post_generation
    def examen(obj, create, extracted, **kwargs):
        # The session that took it examined the household.
        if create and obj.seance_id and not obj.seance.examens.filter(menage=obj.menage).exists():
            ExamenFactory(seance=obj.seance, menage=obj.menage)
