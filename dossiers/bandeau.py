"""The dossier page's summary band: what an agent must see on the first screen, computed
from what the page already loaded (no query)."""

from __future__ import annotations

from datetime import date

from dossiers.enums import StatutSaisine

# Referrals still waiting for the secretariat or the commission.
SAISINES_OUVERTES = {
    StatutSaisine.SOUMISE,
    StatutSaisine.INCOMPLETE,
    StatutSaisine.COMPLETEE,
    StatutSaisine.RECEVABLE,
    StatutSaisine.INSCRITE,
}


def tendance(dettes) -> str:
    """`hausse`, `baisse`, `stable` from the last two statements (dated order), else ``."""
    ordonnees = sorted(dettes, key=lambda d: (d.date, d.id or 0))
    if len(ordonnees) < 2:
        return ""
    avant, apres = ordonnees[-2].montant, ordonnees[-1].montant
    if apres > avant:
        return "hausse"
    if apres < avant:
        return "baisse"
    return "stable"


def alertes_uniques(echeances) -> list:
    """Each alert once, even when several acts raise it (two CDPs: one « à signaler »)."""
    vues, resultat = set(), []
    for echeance in echeances:
        cle = (echeance.code, echeance.libelle)
        if echeance.alerte and cle not in vues:
            vues.add(cle)
            resultat.append(echeance)
    return resultat


def resume(procedures: list[dict], saisines: list, aujourd_hui: date) -> dict:
    """`procedures` are the page's blocks (most recent first)."""
    principale = procedures[0] if procedures else None
    echeances = [e for bloc in procedures for e in bloc["echeances_ouvertes"]]
    datees = sorted(
        (e for e in echeances if e.date is not None and not e.alerte), key=lambda e: e.date
    )
    a_venir = [e for e in datees if e.date >= aujourd_hui and not e.en_retard]
    depassees = [e for e in datees if e.en_retard]
    expulsions = [b["expulsion_au_plus_tot"] for b in procedures if b["expulsion_au_plus_tot"]]
    dettes = principale["dettes"] if principale else []
    derniere = max(dettes, key=lambda d: (d.date, d.id or 0)) if dettes else None
    ouvertes = [s for s in saisines if s.statut in SAISINES_OUVERTES]
    alertes = alertes_uniques(echeances)
    return {
        "principale": principale,
        "prochaine_echeance": a_venir[0] if a_venir else None,
        "echeances_depassees": len(depassees),
        "expulsion": min(expulsions, key=lambda e: e.date) if expulsions else None,
        "dette": derniere,
        "tendance": tendance(dettes),
        "saisines_ouvertes": ouvertes,
        "premiere_saisine": ouvertes[0] if ouvertes else None,
        "alertes": alertes,
        "premiere_alerte": alertes[0] if alertes else None,
    }
