"""Writes on procedures, acts and debts. Keyword arguments, `par=user`, one transaction each.

Journal entries are written by the dossiers layer, which wraps these functions.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from ccapex.concurrence import sauvegarder_versionne

from .deadlines import prochaine_echeance
from .models import ActeProcedure, EtatDette, Procedure, RegleJuridique
from .regles import erreurs_de_l_acte, erreurs_de_la_suppression
from .signals import procedure_modifiee


class ActeEnDouble(ValidationError):
    """An act of the same type is already recorded a few days apart: ask before adding."""


def acte_du_meme_type_proche(existants, *, type: str, jour: date, delai_jours: int):
    """Pure: the recorded act of `type` closest to `jour` within `delai_jours`, or None."""
    proches = [a for a in existants if a.type == type and abs((a.date - jour).days) <= delai_jours]
    return min(proches, key=lambda a: abs((a.date - jour).days), default=None)


def verrouiller(procedure_id: int) -> None:
    """Lock a procedure before checking its sequence of acts. FOR NO KEY UPDATE: an import
    chunk checks the foreign keys of its rows at commit (KEY SHARE on the procedure) after
    locking its households; FOR UPDATE here, then the household's summary, was a deadlock."""
    Procedure.objects.select_for_update(no_key=True).only("pk").get(pk=procedure_id)


@transaction.atomic
def creer_procedure(*, par, **champs) -> Procedure:
    procedure = Procedure(**champs)
    procedure.full_clean()
    procedure._history_user = par
    procedure.save()
    return procedure


def modifier_procedure(procedure: Procedure, *, par, version_lue: int, **champs) -> Procedure:
    for nom, valeur in champs.items():
        setattr(procedure, nom, valeur)
    procedure.full_clean()
    with transaction.atomic():
        sauvegarder_versionne(procedure, version_lue=version_lue, par=par)
        # The lease's dates set the CDP's delay: the deadline (and the households' summary,
        # through the signal) moves now, not at the nightly recomputation.
        recalculer_echeance(procedure)
    return procedure


@transaction.atomic
def ajouter_acte(
    procedure: Procedure,
    *,
    par,
    aujourd_hui: date | None = None,
    montant_dette=None,
    doublon_accepte: bool = True,
    **champs,
) -> ActeProcedure:
    """Record an act; refused (ValidationError, French) if the sequence becomes impossible.

    With `doublon_accepte=False` (an agent's form), an act of the same type within
    `settings.DELAI_ACTE_EN_DOUBLE_JOURS` raises `ActeEnDouble` until confirmed."""
    # Lock the procedure: two agents adding acts at once are checked one after the other.
    verrouiller(procedure.pk)
    acte = ActeProcedure(procedure=procedure, **champs)
    acte.full_clean()
    existants = list(procedure.actes.all())
    if not doublon_accepte:
        proche = acte_du_meme_type_proche(
            existants,
            type=acte.type,
            jour=acte.date,
            delai_jours=settings.DELAI_ACTE_EN_DOUBLE_JOURS,
        )
        if proche is not None:
            ecart = abs((proche.date - acte.date).days)
            raise ActeEnDouble(
                f"Un acte « {proche.get_type_display()} » est déjà enregistré le "
                f"{proche.date:%d/%m/%Y} ({ecart} jour{'s' if ecart > 1 else ''} d’écart) : "
                "cochez « Enregistrer quand même » s’il s’agit bien d’un nouvel acte."
            )
    regles = procedure.referentiel()
    erreurs = erreurs_de_l_acte(acte, existants, aujourd_hui or timezone.localdate(), regles)
    if erreurs:
        raise ValidationError(erreurs)
    acte._history_user = par
    acte.save()
    if montant_dette is not None:
        enregistrer_dette(procedure, date=acte.date, montant=montant_dette, par=par, acte=acte)
    recalculer_echeance(procedure)
    return acte


@transaction.atomic
def corriger_acte(
    acte: ActeProcedure, *, par, version_lue: int, aujourd_hui: date | None = None, **champs
) -> ActeProcedure:
    """Correct an act (history is kept); the whole sequence must stay possible."""
    verrouiller(acte.procedure_id)
    for nom, valeur in champs.items():
        setattr(acte, nom, valeur)
    acte.full_clean()
    autres = [a for a in acte.procedure.actes.all() if a.pk != acte.pk]
    jour = aujourd_hui or timezone.localdate()
    regles = acte.procedure.referentiel()
    erreurs = erreurs_de_l_acte(acte, autres, jour, regles)
    for suivant in autres:
        erreurs += [
            f"{suivant} : {message}"
            for message in erreurs_de_l_acte(suivant, [*autres, acte], jour, regles)
            if suivant.date <= jour
        ]
    if erreurs:
        raise ValidationError(erreurs)
    sauvegarder_versionne(acte, version_lue=version_lue, par=par)
    recalculer_echeance(acte.procedure)
    return acte


@transaction.atomic
def supprimer_acte(acte: ActeProcedure, *, par) -> None:
    verrouiller(acte.procedure_id)
    erreurs = erreurs_de_la_suppression(acte, list(acte.procedure.actes.all()))
    if erreurs:
        raise ValidationError(erreurs)
    acte._history_user = par
    procedure = acte.procedure
    acte.delete()
    recalculer_echeance(procedure)


def enregistrer_dette(
    procedure: Procedure,
    *,
    date: date,
    montant,
    par,
    mois_impayes: int | None = None,
    acte: ActeProcedure | None = None,
    commentaire: str = "",
) -> EtatDette:
    dette = EtatDette(
        procedure=procedure,
        date=date,
        montant=montant,
        mois_impayes=mois_impayes,
        acte=acte,
        commentaire=commentaire,
    )
    dette.full_clean()
    dette._history_user = par
    dette.save()
    recalculer_echeance(procedure)
    return dette


def recalculer_echeance(procedure: Procedure) -> None:
    """Keep `prochaine_echeance` equal to what the pure rules say (acts, debts, lease dates and
    the reference data in force, read from the database)."""
    procedure = (
        Procedure.objects.select_related("commune__departement")
        .prefetch_related("actes", "dettes")
        .get(pk=procedure.pk)
    )
    prochaine = prochaine_echeance(procedure.echeances(timezone.localdate()))
    Procedure.objects.filter(pk=procedure.pk).update(
        prochaine_echeance=prochaine.date if prochaine else None,
        prochaine_echeance_libelle=prochaine.libelle if prochaine else "",
    )
    # The households of this procedure show its stage, deadline and debt: kept in step.
    procedure_modifiee.send(sender=Procedure, procedure_ids=[procedure.pk])


def enregistrer_echeances(procedures) -> None:
    """Write the deadlines already computed on these procedures (any objects with `pk`,
    `prochaine_echeance` and `prochaine_echeance_libelle`), for the bulk writers (import,
    demo): one UPDATE from arrays, where `bulk_update` builds a CASE of one branch per row and
    a VALUES list costs psycopg more to parse than the UPDATE takes. An unchanged deadline is
    not rewritten: a new row version means an entry in every index of the table. The
    households' summaries are the caller's to refresh, once per lot. Call it in a transaction
    (the lock is held until the caller's commit)."""
    if not procedures:
        return
    with connection.cursor() as curseur:
        # Locked first, in id order, as the merge and `verrouiller_actif` do: the UPDATE meets
        # its rows in the plan's order (table or array), and two writers sharing two
        # procedures in opposite orders deadlocked (`test_verrous_concurrence.py`).
        curseur.execute(
            f"SELECT id FROM {Procedure._meta.db_table} WHERE id = ANY(%s::bigint[]) "
            "ORDER BY id FOR NO KEY UPDATE",
            [sorted(p.pk for p in procedures)],
        )
        curseur.execute(
            f"UPDATE {Procedure._meta.db_table} AS p SET prochaine_echeance = v.jour, "
            "prochaine_echeance_libelle = v.libelle "
            "FROM unnest(%s::bigint[], %s::date[], %s::text[]) AS v(id, jour, libelle) "
            "WHERE p.id = v.id AND (p.prochaine_echeance, p.prochaine_echeance_libelle) "
            "IS DISTINCT FROM (v.jour, v.libelle)",
            [
                [p.pk for p in procedures],
                [p.prochaine_echeance for p in procedures],
                [p.prochaine_echeance_libelle for p in procedures],
            ],
        )


@transaction.atomic
def enregistrer_regle(regle: RegleJuridique, *, par) -> RegleJuridique:
    """Save a version of a legal rule (history kept); the deadlines of every procedure are
    recomputed tonight by `tasks.recalculer_les_echeances`, pages read the table directly."""
    regle.full_clean()
    regle._history_user = par
    regle.save()
    return regle
