"""Date rules of the follow-up after a session. Pure functions: dates come in, no clock, no ORM.

Months follow the civil rule already used for procedural delays (`procedure.calendrier`):
the same day number, or the last day of the month when it has none (31 August + 6 months
= 28 or 29 February).
"""

from __future__ import annotations

from datetime import date, timedelta

from procedure.calendrier import ajouter_mois

MOIS_SUIVI = 6
MOIS_BILAN = 12
MOIS_SIGNALEMENT = 20
JOURS_AVANT_RELANCE = 30
RELANCES_MAX = 3


def date_du_suivi(seance: date) -> date:
    """The day the addressee of a recommendation is asked whether it was done."""
    return ajouter_mois(seance, MOIS_SUIVI)


def date_du_bilan(seance: date) -> date:
    """The day the secretariat reviews the household's situation."""
    return ajouter_mois(seance, MOIS_BILAN)


def fin_des_signalements(seance: date) -> date:
    """Last day a partner may report a change of situation (included)."""
    return ajouter_mois(seance, MOIS_SIGNALEMENT)


def signalement_ouvert(seance: date, aujourd_hui: date) -> bool:
    return seance <= aujourd_hui <= fin_des_signalements(seance)


def relance_due(
    *,
    demande_le: date | None,
    relance_le: date | None,
    nb_relances: int,
    repondu: bool,
    aujourd_hui: date,
) -> bool:
    """A reminder is due 30 days after the question or the last reminder, at most 3 times."""
    if repondu or demande_le is None or nb_relances >= RELANCES_MAX:
        return False
    depuis = relance_le or demande_le
    return aujourd_hui >= depuis + timedelta(days=JOURS_AVANT_RELANCE)


def en_retard(*, demande_le: date | None, repondu: bool, aujourd_hui: date) -> bool:
    """An unanswered question older than 30 days."""
    if repondu or demande_le is None:
        return False
    return aujourd_hui >= demande_le + timedelta(days=JOURS_AVANT_RELANCE)
