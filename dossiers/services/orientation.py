"""Dispatch of administrative reports to the organisation that will support the household:
in bulk by rule (territory, parc, children) or one by one (`saisines.orienter`)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from dossiers import journal
from dossiers.enums import CANAUX_ADMINISTRATIFS, PresenceEnfants, StatutSaisine
from dossiers.models import RegleOrientation, Saisine


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
    return len(lignes)
