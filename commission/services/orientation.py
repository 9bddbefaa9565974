"""Orientation of administrative reports among the commission's members (décret n° 2026-83):
in bulk by rule (territory, parc, children) or one by one, to one or more members. Each
orientation is a decision of the commission (nature « orientation »), notified electronically:
the member sees it in its space and acknowledges it by taking the report in charge."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from commission.enums import STATUTS_EN_VIGUEUR, NatureDecision, StatutDecision
from commission.models import Decision, TypeDecision
from commission.services.decisions import accuser_execution, lever
from dossiers import journal
from dossiers.enums import CANAUX_ADMINISTRATIFS, PresenceEnfants, StatutSaisine
from dossiers.models import RegleOrientation, Saisine
from dossiers.services.saisines import changer_statut

BASE_LEGALE_ORIENTATION = (
    "Loi n° 90-449 du 31 mai 1990, art. 7-2 ; décret n° 2026-83 du 12 février 2026"
)


def signalements(departement_ids):
    """Administrative reports of the départements (imported or entered)."""
    return Saisine.objects.des_departements(departement_ids).filter(canal__in=CANAUX_ADMINISTRATIFS)


def criteres(regle: RegleOrientation) -> Q:
    """The reports a rule covers; an empty criterion covers everything. A household whose
    number of children is unknown counts as « sans enfant »."""
    q = Q(departement_id=regle.departement_id)
    if regle.canal:
        q &= Q(canal=regle.canal)
    if regle.commune_id:
        q &= Q(commune_id=regle.commune_id)
    if regle.epci_id:
        q &= Q(commune__epci_id=regle.epci_id)
    if regle.arrondissement_id:
        q &= Q(commune__arrondissement_id=regle.arrondissement_id)
    if regle.parc:
        q &= Q(parc=regle.parc)
    if regle.enfants == PresenceEnfants.AVEC:
        q &= Q(nb_enfants__gte=1)
    elif regle.enfants == PresenceEnfants.SANS:
        q &= Q(nb_enfants=0) | Q(nb_enfants__isnull=True)
    return q


def enregistrer_regle(regle: RegleOrientation, *, par) -> RegleOrientation:
    """Save a standing rule; whoever creates it is kept as its author."""
    if regle.pk is None:
        regle.cree_par = par
    regle.save()
    return regle


def supprimer_regle(regle: RegleOrientation, *, par) -> None:
    """Only the rule goes: what it dispatched stays dispatched."""
    regle.delete()


def a_orienter(regle: RegleOrientation):
    """Reports the rule would dispatch now: recorded, not yet dispatched."""
    return signalements([regle.departement_id]).filter(
        criteres(regle), statut=StatutSaisine.ENREGISTREE
    )


@transaction.atomic
def orienter_selon_regle(regle: RegleOrientation, *, par) -> int:
    """Dispatch every matching report in three queries whatever their number: lock and
    read the ids, one UPDATE, one bulk insert of journal lines. Applying the same rule
    twice dispatches nothing the second time (only recorded reports are taken)."""
    lignes = list(
        a_orienter(regle)
        .select_for_update(of=("self",))
        .order_by()
        .values_list("pk", "menage_id", "numero")
    )
    if not lignes:
        return 0
    maintenant = timezone.now()
    organisation = regle.organisation
    Saisine.objects.filter(pk__in=[pk for pk, _, _ in lignes]).update(
        statut=StatutSaisine.ORIENTEE,
        orientee_vers=organisation,
        orientee_le=maintenant,
        prise_en_charge_le=None,
        modifiee_le=maintenant,
    )
    journal.ecrire_en_masse(
        journal.ligne(
            journal.TypeEvenement.SIGNALEMENT_ORIENTE,
            f"Signalement orienté vers {organisation.nom}",
            par=par,
            quand=maintenant,
            donnees={"organisation_id": organisation.pk, "regle": regle.nom or "ponctuelle"},
            menage_id=menage_id,
            saisine_id=pk,
        )
        for pk, menage_id, _ in lignes
    )
    _decisions_d_orientation(
        [(pk, menage_id) for pk, menage_id, _ in lignes],
        [organisation],
        motif=f"Orientation selon la règle « {regle.nom or 'ponctuelle'} » du secrétariat.",
        par=par,
        quand=maintenant,
    )
    return len(lignes)


@transaction.atomic
def orienter(saisine: Saisine, *, organisation, par) -> Saisine:
    """Dispatch one report (or dispatch it again elsewhere); in bulk:
    `orienter_selon_regle`."""
    saisine = Saisine.objects.select_for_update().get(pk=saisine.pk)
    changer_statut(saisine, StatutSaisine.ORIENTEE)
    saisine.orientee_vers, saisine.orientee_le = organisation, timezone.now()
    saisine.prise_en_charge_le = None
    saisine.save(
        update_fields=[
            "statut",
            "orientee_vers",
            "orientee_le",
            "prise_en_charge_le",
            "modifiee_le",
        ]
    )
    journal.saisine_evenement(
        saisine,
        journal.TypeEvenement.SIGNALEMENT_ORIENTE,
        f"Signalement orienté vers {organisation.nom}",
        par=par,
        organisation_id=organisation.pk,
    )
    return saisine


@transaction.atomic
def prendre_en_charge(saisine: Saisine, *, par) -> Saisine:
    saisine = Saisine.objects.select_for_update().get(pk=saisine.pk)
    changer_statut(saisine, StatutSaisine.PRISE_EN_CHARGE)
    saisine.prise_en_charge_le = timezone.now()
    saisine.save(update_fields=["statut", "prise_en_charge_le", "modifiee_le"])
    # Taking the report in charge is the member's acknowledgement of its orientation, written
    # to the journal and the decision's history like any acknowledgement.
    for decision in Decision.objects.filter(
        saisine=saisine,
        destinataire_organisation_id=saisine.orientee_vers_id,
        type__nature=NatureDecision.ORIENTATION,
        statut=StatutDecision.NOTIFIEE,
    ).select_related("type", "menage", "saisine"):
        accuser_execution(decision, par=par)
    journal.saisine_evenement(
        saisine,
        journal.TypeEvenement.SIGNALEMENT_PRIS_EN_CHARGE,
        f"Pris en charge par {saisine.orientee_vers.nom}",
        par=par,
    )
    return saisine


def accuser_reception(decision: Decision, *, par) -> bool:
    """An addressee acknowledges a decision (page or API). For the member in charge of an
    oriented report, whatever its role (a partner or a member of the commission), this is
    taking the report in charge, which acknowledges the decision too. False when already
    acknowledged."""
    saisine = decision.saisine
    if (
        decision.type.nature == NatureDecision.ORIENTATION
        and saisine is not None
        and saisine.orientee_vers_id == decision.destinataire_organisation_id
        and saisine.statut == StatutSaisine.ORIENTEE
    ):
        prendre_en_charge(saisine, par=par)
        return True
    return accuser_execution(decision, par=par)


def type_orientation():
    """The national kind « orientation d’un signalement » (seeded by a migration)."""
    return TypeDecision.objects.get_or_create(
        departement=None,
        code="orientation_signalement",
        defaults={
            "libelle": "Orientation d’un signalement de commissaire de justice",
            "nature": NatureDecision.ORIENTATION,
            "base_legale": BASE_LEGALE_ORIENTATION,
        },
    )[0]


def _decisions_d_orientation(signalements, organisations, *, motif: str, par, quand):
    """One decision per report and member, notified at once: orientation is electronic."""
    type_ = type_orientation()
    decisions = Decision.objects.bulk_create(
        [
            Decision(
                saisine_id=saisine_id,
                menage_id=menage_id,
                type=type_,
                procedure_ecrite=True,
                base_legale=type_.base_legale or BASE_LEGALE_ORIENTATION,
                motifs=motif,
                destinataire_organisation=organisation,
                date_effet=timezone.localtime(quand).date(),
                statut=StatutDecision.NOTIFIEE,
                prise_le=quand,
                prise_par=par,
                notifiee_le=quand,
            )
            for saisine_id, menage_id in signalements
            for organisation in organisations
        ],
        batch_size=1000,
    )
    # The journal line is the report's own « orienté vers » event, written by the caller.
    return decisions


@transaction.atomic
def orienter_vers(saisine: Saisine, organisations, *, par, motif: str = "") -> Saisine:
    """Orient one report to one or more members: the first is the one that takes it in
    charge in the partner's list; each gets its decision."""
    organisations = list(organisations)
    if not organisations:
        raise ValidationError("Choisissez au moins un membre.")
    # Oriented again: the orientation decisions in force are lifted, not left beside the new.
    anciennes = Decision.objects.filter(
        saisine=saisine, type__nature=NatureDecision.ORIENTATION, statut__in=STATUTS_EN_VIGUEUR
    ).select_related("type", "menage", "saisine")
    for ancienne in anciennes:
        lever(
            ancienne,
            motif=f"Signalement orienté de nouveau le {timezone.localdate():%d/%m/%Y}.",
            par=par,
        )
    saisine = orienter(saisine, organisation=organisations[0], par=par)
    _decisions_d_orientation(
        [(saisine.pk, saisine.menage_id)],
        organisations,
        motif=motif.strip() or "Orientation décidée par le secrétariat de la commission.",
        par=par,
        quand=saisine.orientee_le,
    )
    return saisine


def signalements_orientes_vers(organisation):
    """Reports oriented to this member: as the one in charge, or by a decision."""
    return Saisine.objects.filter(
        Q(orientee_vers=organisation)
        | Q(
            decisions__destinataire_organisation=organisation,
            decisions__type__nature=NatureDecision.ORIENTATION,
            decisions__statut__in=STATUTS_EN_VIGUEUR,
        )
    ).distinct()


def non_orientes_depuis(departement_ids, limite):
    """Recorded reports received on or before `limite` (a date) and still not oriented."""
    return signalements(departement_ids).filter(
        statut=StatutSaisine.ENREGISTREE, soumise_le__date__lte=limite
    )
