"""The household's stored summary: its current state, as the list, filters and API read it.

Computing it for every household on every list page (ten sub-selects per row, sorted on one
of them) grew linearly with the département: 1.7 s at 100 000 households. The columns
listed in `Menage.CHAMPS_RESUME` now hold it:

- the current procedure (the latest created), its stage (`procedure.stades.stade_de`:
  the latest stage-setting act, ties broken by the procedural rank), its next deadline and
  label (`Procedure.prochaine_echeance`, written by `procedure.services.recalculer_echeance`
  from `deadlines.prochaine_echeance`), whether that deadline is past, its motif, parc and
  court number, its latest debt and the date of its latest act;
- the name of the household's first member.

The pure rules stay the single source: the stage's SQL below is built from the same tables
(`RANG`, `STADE_PAR_TYPE`) and `tests/dossiers/test_resume.py` checks that stored values
equal the Python rules on random histories. `actualiser` is called in the same transaction by
every service that changes one of these inputs (dossiers services directly; procedure
services through the `procedure.signals.procedure_modifiee` signal, since procedure sits
below dossiers), by the import for each chunk, and nightly by `tasks.actualiser_les_resumes`
for what changes with the date alone. `manage.py reconstruire_resumes` rebuilds it all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from django.db import connection
from django.utils import timezone

from procedure.enums import IssueJugement, Stade, TypeActe
from procedure.stades import RANG, STADE_PAR_TYPE


def _litteral(valeur: str) -> str:
    # Enum values from the code, inlined into the SQL: checked to be plain slugs.
    if not re.fullmatch(r"[a-z0-9_]+", str(valeur)):
        raise ValueError(valeur)
    return f"'{valeur}'"


def _sql_rang() -> str:
    cas = " ".join(f"WHEN {_litteral(t)} THEN {r}" for t, r in RANG.items())
    return f"(CASE a.type {cas} ELSE 0 END)"


def _sql_stade() -> str:
    """SQL twin of `stades.stade_fixe_par`."""
    cas = " ".join(f"WHEN {_litteral(t)} THEN {_litteral(s)}" for t, s in STADE_PAR_TYPE.items())
    return (
        f"(CASE WHEN a.type = {_litteral(TypeActe.JUGEMENT)} "
        f"AND a.issue_jugement = {_litteral(IssueJugement.RADIATION_RENVOI)} "
        f"THEN {_litteral(Stade.ASSIGNATION)} ELSE (CASE a.type {cas} END) END)"
    )


_TYPES_DE_STADE = ", ".join(_litteral(t) for t in RANG)

# One statement for any set of households (`{condition}` on `m`): a join per input, each
# answered by an index on the procedure or household id; rows that would not change are
# not written (the nightly run rewrites only what moved). `calcul` is MATERIALIZED: inlined,
# its sub-selects ran twice for each changed row, once in the IS DISTINCT FROM test and once
# in SET (400 households of an import chunk at 100 000: 118 ms inlined, 102 materialized).
_MISE_A_JOUR = f"""
WITH cible AS (
    SELECT m.id FROM dossiers_menage m WHERE {{condition}}
), courante AS (
    SELECT DISTINCT ON (mp.menage_id) mp.menage_id, p.id AS procedure_id,
           p.prochaine_echeance, p.prochaine_echeance_libelle, p.motif, p.parc, p.numero_rg
      FROM dossiers_menageprocedure mp
      JOIN procedure_procedure p ON p.id = mp.procedure_id
     WHERE mp.menage_id IN (SELECT id FROM cible)
     ORDER BY mp.menage_id, p.cree_le DESC, p.id DESC
), calcul AS MATERIALIZED (
    SELECT c.id,
           cp.procedure_id,
           COALESCE(
               (SELECT {_sql_stade()} FROM procedure_acteprocedure a
                 WHERE a.procedure_id = cp.procedure_id AND a.type IN ({_TYPES_DE_STADE})
                 ORDER BY a.date DESC, {_sql_rang()} DESC, a.id DESC LIMIT 1),
               {_litteral(Stade.PREVENTION)}) AS stade,
           cp.prochaine_echeance,
           cp.prochaine_echeance_libelle,
           COALESCE(cp.prochaine_echeance < %(aujourd_hui)s, FALSE) AS echeance_depassee,
           cp.motif, cp.parc, cp.numero_rg,
           (SELECT d.montant FROM procedure_etatdette d WHERE d.procedure_id = cp.procedure_id
             ORDER BY d.date DESC, d.id DESC LIMIT 1) AS dette,
           (SELECT MAX(a.date) FROM procedure_acteprocedure a
             WHERE a.procedure_id = cp.procedure_id) AS date_dernier_acte,
           mm.nom, mm.prenom
      FROM cible c
      LEFT JOIN courante cp ON cp.menage_id = c.id
      LEFT JOIN LATERAL (
          SELECT x.nom, x.prenom FROM dossiers_membremenage x
           WHERE x.menage_id = c.id ORDER BY x.id LIMIT 1
      ) mm ON TRUE
)
UPDATE dossiers_menage AS t SET
    procedure_en_cours_id = calcul.procedure_id,
    stade = calcul.stade,
    prochaine_echeance = calcul.prochaine_echeance,
    prochaine_echeance_libelle = calcul.prochaine_echeance_libelle,
    echeance_depassee = calcul.echeance_depassee,
    motif = calcul.motif,
    parc = calcul.parc,
    numero_rg = calcul.numero_rg,
    dette = calcul.dette,
    date_dernier_acte = calcul.date_dernier_acte,
    nom_reference = calcul.nom,
    prenom_reference = calcul.prenom
FROM calcul
WHERE t.id = calcul.id AND {{condition_t}} AND (
    t.procedure_en_cours_id, t.stade, t.prochaine_echeance, t.prochaine_echeance_libelle,
    t.echeance_depassee, t.motif, t.parc, t.numero_rg, t.dette, t.date_dernier_acte,
    t.nom_reference, t.prenom_reference
) IS DISTINCT FROM (
    calcul.procedure_id, calcul.stade, calcul.prochaine_echeance,
    calcul.prochaine_echeance_libelle, calcul.echeance_depassee, calcul.motif, calcul.parc,
    calcul.numero_rg, calcul.dette, calcul.date_dernier_acte, calcul.nom, calcul.prenom
)
"""


def actualiser(menage_ids: Iterable[int], *, aujourd_hui: date | None = None) -> int:
    """Recompute the summary of these households (one UPDATE); returns rows changed."""
    ids = sorted({i for i in menage_ids if i is not None})
    if not ids:
        return 0
    with connection.cursor() as curseur:
        curseur.execute(
            _MISE_A_JOUR.format(condition="m.id = ANY(%(ids)s)", condition_t="t.id = ANY(%(ids)s)"),
            {"ids": ids, "aujourd_hui": aujourd_hui or timezone.localdate()},
        )
        return curseur.rowcount


def actualiser_des_procedures(procedure_ids: Iterable[int]) -> int:
    """The summaries of the households these procedures belong to."""
    from dossiers.models import MenageProcedure

    ids = [i for i in procedure_ids if i is not None]
    if not ids:
        return 0
    return actualiser(
        MenageProcedure.objects.filter(procedure_id__in=ids).values_list("menage_id", flat=True)
    )


def reconstruire(
    *, lot: int = 20000, departement_ids: Iterable[int] | None = None, aujourd_hui=None
) -> int:
    """Every household's summary, by ranges of ids (short statements, flat memory)."""
    parametres = {"aujourd_hui": aujourd_hui or timezone.localdate()}
    # The target is restricted too: otherwise the planner may hash the whole table.
    condition = "{t}.id BETWEEN %(debut)s AND %(fin)s"
    if departement_ids is not None:
        condition += " AND {t}.departement_id = ANY(%(departements)s)"
        parametres["departements"] = list(departement_ids)
    total = 0
    with connection.cursor() as curseur:
        curseur.execute("SELECT COALESCE(MIN(id), 0), COALESCE(MAX(id), -1) FROM dossiers_menage")
        debut, fin = curseur.fetchone()
        for borne in range(debut, fin + 1, lot):
            curseur.execute(
                _MISE_A_JOUR.format(
                    condition=condition.format(t="m"), condition_t=condition.format(t="t")
                ),
                {**parametres, "debut": borne, "fin": borne + lot - 1},
            )
            total += curseur.rowcount
    return total


def actualiser_les_echeances_depassees(*, aujourd_hui: date | None = None) -> int:
    """What changes with the date alone: a deadline that became past (or, after a
    correction of the clock, no longer is). Indexed on (département, deadline)."""
    jour = aujourd_hui or timezone.localdate()
    with connection.cursor() as curseur:
        curseur.execute(
            "UPDATE dossiers_menage SET echeance_depassee = "
            "COALESCE(prochaine_echeance < %s, FALSE) "
            "WHERE echeance_depassee IS DISTINCT FROM COALESCE(prochaine_echeance < %s, FALSE)",
            [jour, jour],
        )
        return curseur.rowcount
