"""The housing aid (APL, ALF, ALS) of a household under décret n° 2026-84, from 1 Jan. 2027.

By default the aid is kept, even once the lease is terminated; it is suspended only by a
notified decision of the commission, from that decision's effective date, until a decision
to keep or resume it. These are pure functions over the decisions; the queries that feed
them are in `a_decider` and the dossier page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Q

from commission.enums import NATURES_AIDE_LOGEMENT, STATUTS_EN_VIGUEUR, NatureDecision
from commission.models import Decision
from procedure.enums import CleRegle


@dataclass(frozen=True)
class EtatAide:
    suspendue: bool
    depuis: date | None = None  # effective date of the decision behind the state
    decision_id: int | None = None
    suspension_a_venir: date | None = None  # a notified suspension not yet in effect

    @property
    def libelle(self) -> str:
        if self.suspendue:
            return f"Suspendue depuis le {self.depuis:%d/%m/%Y} par décision de la commission"
        if self.suspension_a_venir:
            return f"Maintenue ; suspension décidée à compter du {self.suspension_a_venir:%d/%m/%Y}"
        if self.decision_id:
            return f"Maintenue par décision de la commission (effet au {self.depuis:%d/%m/%Y})"
        return "Maintenue (par défaut, aucune décision de suspension)"


def etat_de_l_aide(decisions, aujourd_hui: date) -> EtatAide:
    """The aid's state today from the household's decisions (any order, any kind).

    Only decisions in force (notified, not lifted, expired or replaced) about the housing aid
    count; among those already in effect, the latest effective one wins."""
    en_vigueur = [
        d
        for d in decisions
        if d.statut in STATUTS_EN_VIGUEUR and d.type.nature in NATURES_AIDE_LOGEMENT
    ]
    en_effet = sorted(
        (d for d in en_vigueur if d.date_effet <= aujourd_hui),
        key=lambda d: (d.date_effet, d.notifiee_le, d.pk),
    )
    a_venir = [
        d.date_effet
        for d in en_vigueur
        if d.date_effet > aujourd_hui and d.type.nature == NatureDecision.AIDE_SUSPENSION
    ]
    if not en_effet:
        return EtatAide(suspendue=False, suspension_a_venir=min(a_venir, default=None))
    derniere = en_effet[-1]
    return EtatAide(
        suspendue=derniere.type.nature == NatureDecision.AIDE_SUSPENSION,
        depuis=derniere.date_effet,
        decision_id=derniere.pk,
        suspension_a_venir=min(a_venir, default=None),
    )


def debut_du_regime(regles) -> date | None:
    """From when a paying body's impayé report calls for the commission's decision: the first
    version of the impayé rule in the dated reference data (décret n° 2026-84: 1 Jan. 2027)."""
    versions = [
        v
        for cle in (CleRegle.IMPAYE_AL_SEUIL, CleRegle.IMPAYE_AL_DELAI)
        for v in regles.versions_de(cle)
        if v.valeur is not None
    ]
    return min((v.valide_du for v in versions), default=None)


def a_decider(saisines, depuis: date | None):
    """Impayés reported by the paying body (CAF/MSA) from `depuis` (debut_du_regime) on which the
    commission has not yet decided: no housing-aid decision taken since the report. A report
    not yet attached to a household stays listed too (it must be attached, then decided)."""
    decidee = Decision.objects.filter(
        menage=OuterRef("menage"),
        type__nature__in=NATURES_AIDE_LOGEMENT,
        prise_le__gte=OuterRef("soumise_le"),
    )
    if depuis is None:
        return saisines.none()
    return saisines.filter(Q(soumise_le__date__gte=depuis)).exclude(Exists(decidee))
