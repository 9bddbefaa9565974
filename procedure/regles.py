"""Which sequences of acts are possible. Pure functions: the acts and `today` in, French
messages out. The services refuse an act that would make the procedure impossible."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .deadlines import (
    TITRES_D_EXPULSION,
    dans_la_treve,
    erreur_delai_grace,
    erreur_delais_paiement,
    est_titre_d_expulsion,
)
from .enums import IssueJugement, TypeActe
from .referentiel import REFERENTIEL_PAR_DEFAUT, Referentiel

# An act of this type needs an earlier (or same-day) act satisfying the predicate.
PREREQUIS = {
    TypeActe.AUDIENCE: (
        lambda a: a.type == TypeActe.ASSIGNATION,
        "Une audience suppose une assignation enregistrée à une date antérieure.",
    ),
    TypeActe.JUGEMENT: (
        lambda a: a.type == TypeActe.ASSIGNATION,
        "Un jugement suppose une assignation enregistrée à une date antérieure.",
    ),
    # The first default on the judge's schedule ends the suspension of the termination
    # clause (loi 89-462 art. 24 VII): the landlord may then proceed.
    TypeActe.DEFAUT_ECHEANCIER: (
        lambda a: a.type == TypeActe.JUGEMENT and a.issue_jugement == IssueJugement.DELAIS_ACCORDES,
        "Un défaut de paiement de l’échéancier suppose un jugement accordant des délais de "
        "paiement à une date antérieure.",
    ),
    TypeActe.CQL: (
        est_titre_d_expulsion,
        f"Un commandement de quitter les lieux suppose un {TITRES_D_EXPULSION} "
        "à une date antérieure.",
    ),
    TypeActe.DELAI_GRACE: (
        est_titre_d_expulsion,
        f"Un délai de grâce du juge de l’exécution suppose un {TITRES_D_EXPULSION} "
        "à une date antérieure.",
    ),
    TypeActe.REQUISITION_CFP: (
        lambda a: a.type == TypeActe.CQL,
        "Une réquisition de la force publique suppose un commandement de quitter les lieux "
        "à une date antérieure.",
    ),
    TypeActe.OCTROI_CFP: (
        lambda a: a.type == TypeActe.REQUISITION_CFP,
        "L’octroi du concours de la force publique suppose une réquisition à une date antérieure.",
    ),
    TypeActe.REFUS_CFP: (
        lambda a: a.type == TypeActe.REQUISITION_CFP,
        "Le refus du concours de la force publique suppose une réquisition à une date antérieure.",
    ),
    TypeActe.EXPULSION: (
        lambda a: a.type == TypeActe.OCTROI_CFP,
        "Une expulsion suppose l’octroi du concours de la force publique à une date antérieure.",
    ),
}


def erreurs_de_l_acte(
    acte, autres: Iterable, aujourd_hui: date, regles: Referentiel = REFERENTIEL_PAR_DEFAUT
) -> list[str]:
    """Why `acte` cannot stand beside the other acts of its procedure (empty if it can).
    Bounds on delays are the versions in force on the act's date (`regles`)."""
    autres = list(autres)
    erreurs = []
    if acte.date > aujourd_hui:
        erreurs.append(
            f"La date {acte.date:%d/%m/%Y} est dans le futur : un acte se saisit une fois délivré."
        )
    if acte.type in PREREQUIS:
        predicat, message = PREREQUIS[acte.type]
        if not any(predicat(autre) and autre.date <= acte.date for autre in autres):
            erreurs.append(message)
    if acte.type == TypeActe.JUGEMENT:
        erreur = erreur_delais_paiement(
            getattr(acte, "delais_paiement_mois", None), acte.date, regles
        )
        if erreur:
            erreurs.append(erreur)
    if acte.type == TypeActe.DELAI_GRACE:
        erreur = erreur_delai_grace(getattr(acte, "delai_grace_mois", None), acte.date, regles)
        if erreur:
            erreurs.append(erreur)
    if acte.type == TypeActe.EXPULSION and dans_la_treve(acte.date, regles):
        # CPCE L412-6 to L412-8: an exception needs its legal ground, on this act or before.
        motif = getattr(acte, "motif_exception_treve", "") or any(
            getattr(a, "motif_exception_treve", "") and a.date <= acte.date for a in autres
        )
        if not (getattr(acte, "exception_treve", False) and motif):
            erreurs.append(
                "Aucune expulsion pendant la trêve hivernale (1er novembre – 31 mars), sauf "
                "exception prévue par la loi : cochez « exception à la trêve hivernale » et "
                "indiquez son motif (CPCE, art. L412-6 à L412-8)."
            )
    return erreurs


def erreurs_de_la_suppression(acte, autres: Iterable) -> list[str]:
    """Removing an act must not leave a later act without its prerequisite."""
    restants = [a for a in autres if a is not acte and a.pk != acte.pk]
    erreurs = []
    for suivant in restants:
        if suivant.type in PREREQUIS:
            predicat, message = PREREQUIS[suivant.type]
            if not any(predicat(a) and a.date <= suivant.date for a in restants):
                erreurs.append(f"{suivant} : {message}")
    return erreurs
