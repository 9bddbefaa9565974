"""Calendar arithmetic of procedural delays (code de procédure civile, art. 640 to 642)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import cache


def ajouter_mois(jour: date, mois: int) -> date:
    """CPC art. 641: a delay in months ends on the same day number of the last month, or on
    that month's last day when it has no such day (31 December + 2 months = end of February)."""
    index = jour.month - 1 + mois
    annee, mois_final = jour.year + index // 12, index % 12 + 1
    return date(annee, mois_final, min(jour.day, calendar.monthrange(annee, mois_final)[1]))


def ajouter_semaines(jour: date, semaines: int) -> date:
    """CPC art. 641: a delay in weeks ends on the same weekday of the last week."""
    return jour + timedelta(weeks=semaines)


def _paques(annee: int) -> date:
    """Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = annee % 19, annee // 100, annee % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ll = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ll) // 451
    mois = (h + ll - 7 * m + 114) // 31
    jour = (h + ll - 7 * m + 114) % 31 + 1
    return date(annee, mois, jour)


@cache
def jours_feries(annee: int) -> frozenset[date]:
    """Public holidays in metropolitan France (code du travail, art. L3133-1)."""
    paques = _paques(annee)
    fixes = [(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)]
    mobiles = [paques + timedelta(days=1), paques + timedelta(days=39), paques + timedelta(days=50)]
    return frozenset([date(annee, m, j) for m, j in fixes] + mobiles)


def report_jour_ouvrable(jour: date) -> date:
    """CPC art. 642: a delay ending on a Saturday, Sunday or public holiday runs to the next
    working day."""
    while jour.weekday() >= 5 or jour in jours_feries(jour.year):
        jour += timedelta(days=1)
    return jour
