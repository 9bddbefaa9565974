"""Dates of the commission's decisions: pure functions, no database.

Kept apart from the procedure's deadlines (procedure/deadlines.py) because they follow the
commission's acts, not the court's.
"""

from datetime import date

from procedure.calendrier import ajouter_mois

# Code de justice administrative, art. R.421-1: two months to bring an action against an
# administrative decision, from its notification; a recours gracieux first extends it.
MOIS_DE_RECOURS = 2


def effet_d_une_suspension(notifiee_le: date) -> date:
    """A suspension of the housing aid takes effect on the first day of the month after the
    month in which it is notified to the paying body (décret n° 2026-84 of 12 February 2026,
    for impayés reported from 1 January 2027)."""
    premier_du_mois = notifiee_le.replace(day=1)
    return ajouter_mois(premier_du_mois, 1)
