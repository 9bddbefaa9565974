"""French formatting of numbers, amounts, rates and dates: 10 782 ; 1 234,50 € ; 12,5 % ;
24 novembre 2026. One place, used by pages, PDFs and exports alike."""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

# Narrow no-break space: the French thousands separator and the space before « % » and « € ».
ESPACE = "\u202f"

MOIS = [
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
]  # fmt: skip


def _groupes(entier: str) -> str:
    signe = "-" if entier.startswith("-") else ""
    chiffres = entier.lstrip("-")
    groupes = []
    while chiffres:
        groupes.insert(0, chiffres[-3:])
        chiffres = chiffres[:-3]
    return signe + ESPACE.join(groupes or ["0"])


def nombre(valeur, decimales: int = 0) -> str:
    """10782 → « 10 782 » ; nombre(12.345, 1) → « 12,3 »."""
    if valeur is None:
        return "—"
    quantum = Decimal(1).scaleb(-decimales)
    arrondi = Decimal(str(valeur)).quantize(quantum, rounding=ROUND_HALF_UP)
    texte = f"{arrondi:f}"
    entier, _, fraction = texte.partition(".")
    return _groupes(entier) + ("," + fraction if fraction else "")


def euros(valeur, decimales: int = 2) -> str:
    return "—" if valeur is None else f"{nombre(valeur, decimales)}{ESPACE}€"


def pourcent(valeur, decimales: int = 1, signe: bool = False) -> str:
    """12.5 → « 12,5 % » ; with signe=True, « +12,5 % » / « −3 % ». Trailing ,0 dropped."""
    if valeur is None:
        return "—"
    texte = nombre(abs(valeur) if signe else valeur, decimales)
    if "," in texte:
        texte = texte.rstrip("0").rstrip(",")
    if signe:
        texte = ("+" if valeur >= 0 else "−") + texte
    return f"{texte}{ESPACE}%"


def points(valeur, decimales: int = 1) -> str:
    """A change in percentage points: « +2 pts »."""
    if valeur is None:
        return "—"
    texte = nombre(abs(valeur), decimales)
    if "," in texte:
        texte = texte.rstrip("0").rstrip(",")
    return ("+" if valeur >= 0 else "−") + texte + f"{ESPACE}pt" + ("s" if abs(valeur) >= 2 else "")


def date_courte(valeur: date | datetime | None) -> str:
    """24/11/2026, as Django's `date:"d/m/Y"` writes it (nothing for no date): its format
    parser cost a tenth of the household list's rendering, for one date per row."""
    try:
        return f"{valeur.day:02}/{valeur.month:02}/{valeur.year:04}" if valeur else ""
    except AttributeError:  # not a date (a wrong variable): nothing, as Django's filter
        return ""


def date_longue(valeur: date | datetime | None) -> str:
    """24 novembre 2026 ; 1er mars 2026."""
    if valeur is None:
        return "—"
    jour = "1er" if valeur.day == 1 else str(valeur.day)
    return f"{jour} {MOIS[valeur.month - 1]} {valeur.year}"
