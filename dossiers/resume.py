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

Every write locks the households first, then computes in a separate statement: under READ
COMMITTED, a computation whose snapshot predates another writer's commit would otherwise
overwrite that writer's fresh summary with a stale one (`test_resume_concurrence.py`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from dossiers.models.menage import CHAMPS_RESUME, Menage
from dossiers.verrous import reconstruire_par_tranches, verrouiller_menages
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

# The summary of any set of households (`{condition}` on `m`, `{condition_t}` on `t`, the same
# restriction: otherwise the planner may hash the whole table): a join per input, each answered
# by an index on the procedure or household id. `calcul` is MATERIALIZED: inlined, its
# sub-selects ran twice for each changed row, once in the IS DISTINCT FROM test and once in SET
# (400 households of an import chunk at 100 000: 118 ms inlined, 102 materialized).
_CALCUL = f"""
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
)"""

# Stored column of `t` ← computed column of `calcul`, for the SET list and the comparison:
# the stored fields are the model's (`CHAMPS_RESUME`); three are computed under another name.
_CALCULES_AUTREMENT = {
    "procedure_en_cours": "procedure_id",
    "nom_reference": "nom",
    "prenom_reference": "prenom",
}
_COLONNES = tuple(
    (Menage._meta.get_field(champ).column, _CALCULES_AUTREMENT.get(champ, champ))
    for champ in CHAMPS_RESUME
)

# The rows whose stored summary differs from the computed one: only those are written.
_DIFFERE = f"""t.id = calcul.id AND {{condition_t}} AND (
    {", ".join(f"t.{stocke}" for stocke, _ in _COLONNES)}
) IS DISTINCT FROM (
    {", ".join(f"calcul.{calcule}" for _, calcule in _COLONNES)}
)"""

_MISE_A_JOUR = f"""{_CALCUL}
UPDATE dossiers_menage AS t SET
    {", ".join(f"{stocke} = calcul.{calcule}" for stocke, calcule in _COLONNES)}
FROM calcul
WHERE {_DIFFERE}
"""

# The same comparison, read-only: what `reconstruire` hands to `actualiser`.
_A_CHANGER = f"""{_CALCUL}
SELECT t.id FROM dossiers_menage t JOIN calcul ON t.id = calcul.id
WHERE {_DIFFERE}
"""


def actualiser(menage_ids: Iterable[int], *, aujourd_hui: date | None = None) -> int:
    """Recompute the summary of these households; returns rows changed. The rows are locked
    first (`verrous`): the UPDATE then takes its snapshot after any writer it waited for."""
    ids = sorted({i for i in menage_ids if i is not None})
    if not ids:
        return 0
    # No savepoint inside an outer transaction; in autocommit, holds the lock until the UPDATE.
    with transaction.atomic(savepoint=False), connection.cursor() as curseur:
        verrouiller_menages(curseur, ids)
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
    """Every household's summary (`verrous.reconstruire_par_tranches`); returns rows changed."""
    jour = aujourd_hui or timezone.localdate()
    return reconstruire_par_tranches(
        lambda condition: _A_CHANGER.format(
            condition=condition.format(t="m"), condition_t=condition.format(t="t")
        ),
        lambda ids: actualiser(ids, aujourd_hui=jour),
        lot=lot,
        departement_ids=departement_ids,
        parametres={"aujourd_hui": jour},
    )
