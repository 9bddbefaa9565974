"""Pure arithmetic of the balance: changes, shares, rates, gaps in points. No ORM here."""

from decimal import ROUND_HALF_UP, Decimal


def _arrondi(valeur: Decimal, decimales: int) -> Decimal:
    return valeur.quantize(Decimal(1).scaleb(-decimales), rounding=ROUND_HALF_UP)


def arrondi_evolution(valeur) -> float | None:
    """Round a change (in %) the way the seeds' balances print it.

    Rule, checked against every change of the Paris 2019–2024 table:
    - below 2 % in absolute value, two decimals: 1780→1788 gives +0,45 %, 983→998 +1,53 %,
      5452→5415 −0,68 % (small changes are worth showing precisely);
    - otherwise the nearest unit, unless the value rounded to one decimal is a half, which is
      kept: 9604→10782 (+12,27 %) gives +12 %, 2702→2909 (+7,66 %) +8 %, but 2641→2971
      (+12,495 %, one decimal 12,5) gives +12,5 %.
    Halves are rounded away from zero (ROUND_HALF_UP), as a person would.
    """
    if valeur is None:
        return None
    exact = Decimal(str(valeur))
    if abs(exact) < 2:
        return float(_arrondi(exact, 2))
    un_chiffre = _arrondi(exact, 1)
    if (un_chiffre * 2) == (un_chiffre * 2).to_integral_value():
        return float(un_chiffre)
    return float(_arrondi(exact, 0))


def evolution_pourcentage(avant, apres, arrondir: bool = True) -> float | None:
    """Change from `avant` to `apres` in %, rounded by `arrondi_evolution`; None without a base.

    >>> evolution_pourcentage(4215, 4382)
    4.0
    """
    if avant in (None, 0) or apres is None:
        return None
    exact = (Decimal(apres) - Decimal(avant)) * 100 / Decimal(avant)
    return arrondi_evolution(exact) if arrondir else float(exact)


def part_pourcentage(partie, total, decimales: int = 1) -> float | None:
    """Share of `partie` in `total` in %, one decimal by default; None when the total is 0."""
    if not total or partie is None:
        return None
    return float(_arrondi(Decimal(partie) * 100 / Decimal(total), decimales))


def taux(numerateur, denominateur, decimales: int = 1) -> float | None:
    """A rate in % (same as a share; named for the charter's conversion rates)."""
    return part_pourcentage(numerateur, denominateur, decimales)


def ecart_points(part_apres, part_avant, decimales: int = 1) -> float | None:
    """Change of a share in percentage points (59 % after 50 % gives +9 points)."""
    if part_apres is None or part_avant is None:
        return None
    return float(_arrondi(Decimal(str(part_apres)) - Decimal(str(part_avant)), decimales))


def progression_objectif(valeur, depart, cible) -> float | None:
    """How far a rate has gone from its starting value towards its target, in % (may exceed 100
    or be negative); None when the target equals the start or a value is missing."""
    if valeur is None or depart is None or cible is None or cible == depart:
        return None
    fait = (
        (Decimal(str(valeur)) - Decimal(str(depart)))
        * 100
        / (Decimal(str(cible)) - Decimal(str(depart)))
    )
    return float(_arrondi(fait, 0))
