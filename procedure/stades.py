"""The stage of a procedure, derived from its dated acts.

The stage is the one set by the most recent stage-setting act (ties on the same day broken by
the procedural order). Acts that do not move the procedure forward (a CAF report, the
landlord's prior referral, a hearing, the JEX's délai de grâce) leave the stage as it was;
with none, the procedure is at the prevention stage. The same rule exists in SQL
(`ProcedureQuerySet.avec_stade`); a test checks that both agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .enums import IssueJugement, Stade, TypeActe

# Procedural order of stage-setting acts; the rank breaks ties between acts of the same day.
RANG = {
    TypeActe.CDP: 1,
    TypeActe.ASSIGNATION: 2,
    TypeActe.JUGEMENT: 3,
    TypeActe.DEFAUT_ECHEANCIER: 4,
    TypeActe.CQL: 5,
    TypeActe.REQUISITION_CFP: 6,
    TypeActe.REFUS_CFP: 7,
    TypeActe.OCTROI_CFP: 8,
    TypeActe.EXPULSION: 9,
    TypeActe.DEPART_VOLONTAIRE: 9,
    TypeActe.PCS_SIGNE: 9,
}

STADE_PAR_TYPE = {
    TypeActe.CDP: Stade.CDP,
    TypeActe.ASSIGNATION: Stade.ASSIGNATION,
    TypeActe.JUGEMENT: Stade.JUGEMENT,
    # The first default on the judge's schedule ends the suspension of the termination
    # clause: the procedure is back at an enforceable judgment, the CQL may follow.
    TypeActe.DEFAUT_ECHEANCIER: Stade.JUGEMENT,
    TypeActe.CQL: Stade.CQL,
    TypeActe.REQUISITION_CFP: Stade.CFP_REQUIS,
    TypeActe.REFUS_CFP: Stade.CFP_REFUSE,
    TypeActe.OCTROI_CFP: Stade.CFP_ACCORDE,
    TypeActe.EXPULSION: Stade.EXPULSION,
    TypeActe.DEPART_VOLONTAIRE: Stade.DEPART,
    TypeActe.PCS_SIGNE: Stade.PROTOCOLE,
}

# Stages after which the household is no longer threatened by this procedure.
STADES_TERMINAUX = {Stade.EXPULSION, Stade.DEPART, Stade.PROTOCOLE}

# Order of the stages for sorting and for the annual balance (« stade à la saisine »).
ORDRE_DES_STADES = list(Stade)


@dataclass(frozen=True)
class Acte:
    """What the rules need of an act; `ActeProcedure` instances fit this shape too."""

    type: str
    date: date
    issue_jugement: str = ""
    id: int = 0


def stade_fixe_par(acte) -> str | None:
    """The stage an act sets, or None when it does not move the procedure."""
    if acte.type == TypeActe.JUGEMENT and acte.issue_jugement == IssueJugement.RADIATION_RENVOI:
        return Stade.ASSIGNATION  # struck out or postponed: back to awaiting judgment
    return STADE_PAR_TYPE.get(acte.type)


def stade_de(actes: Iterable, a_la_date: date | None = None) -> str:
    """Stage given the acts (optionally only those dated on or before `a_la_date`)."""
    candidats = [
        acte
        for acte in actes
        if acte.type in RANG and (a_la_date is None or acte.date <= a_la_date)
    ]
    if not candidats:
        return Stade.PREVENTION
    dernier = max(candidats, key=lambda a: (a.date, RANG[a.type], a.id or 0))
    return stade_fixe_par(dernier)
