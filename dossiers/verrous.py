"""Locking households before recomputing what is derived from them (summary, search text).

Under READ COMMITTED, an UPDATE … FROM that computes its values and then waits for a row
locked by another transaction writes, once that one commits, values computed from its
snapshot of before the commit: PostgreSQL rechecks the target row, not the sub-selects. Locking
first, in a statement of its own, makes the computing statement take its snapshot after the
wait (`tests/dossiers/test_resume_concurrence.py`)."""

from collections.abc import Callable, Iterable

from django.db import connection


def verrouiller_menages(curseur, ids: list[int]) -> None:
    """Lock these households in id order (one lock order for every caller). FOR NO KEY UPDATE
    is the lock the UPDATE takes anyway; FOR UPDATE would also block the KEY SHARE lock of
    foreign key checks (any note, document or referral of the household, checked at commit).
    Hold it in a transaction: in autocommit it is released at once."""
    curseur.execute(
        "SELECT id FROM dossiers_menage WHERE id = ANY(%s) ORDER BY id FOR NO KEY UPDATE", [ids]
    )


def partager_les_procedures(curseur, menage_ids: list[int]) -> None:
    """Lock the procedures of these households FOR SHARE, in id order: no writer changes them
    until the holder commits, and a writer under way is waited for. Taken before the
    households: writers lock a procedure, then its households (summary, search text)."""
    curseur.execute(
        "SELECT p.id FROM procedure_procedure p WHERE p.id IN ("
        "SELECT mp.procedure_id FROM dossiers_menageprocedure mp WHERE mp.menage_id = ANY(%s)"
        ") ORDER BY p.id FOR SHARE OF p",
        [menage_ids],
    )


def partager_le_menage(curseur, menage_id: int) -> tuple[str, str | None]:
    """Lock the household FOR KEY SHARE; its status and the number of the dossier it was
    merged into. KEY SHARE conflicts with the merge's FOR UPDATE alone: a merge committed
    meanwhile is read, a later one waits, and the summary's locks of other writers don't."""
    curseur.execute(
        "SELECT m.statut, g.numero FROM dossiers_menage m "
        "LEFT JOIN dossiers_menage g ON g.id = m.fusionne_dans_id "
        "WHERE m.id = %s FOR KEY SHARE OF m",
        [menage_id],
    )
    return curseur.fetchone()


def reconstruire_par_tranches(
    a_changer: Callable[[str], str],
    actualiser: Callable[[list[int]], int],
    *,
    lot: int,
    departement_ids: Iterable[int] | None = None,
    parametres: dict | None = None,
) -> int:
    """Walk every household by ranges of `lot` ids (short statements, flat memory); returns
    rows changed. `a_changer(condition)` is the read-only SQL of the ids whose stored value
    differs, among the households of `condition` (on the alias `{t}`); only those go through
    `actualiser`, which locks, then recomputes: locking whole ranges would write every row's
    header (and WAL) for the few that moved, and computing before the lock wrote a value read
    before a writer's commit over the fresh one."""
    parametres = dict(parametres or {})
    condition = "{t}.id BETWEEN %(debut)s AND %(fin)s"
    if departement_ids is not None:
        condition += " AND {t}.departement_id = ANY(%(departements)s)"
        parametres["departements"] = list(departement_ids)
    sql = a_changer(condition)
    total = 0
    with connection.cursor() as curseur:
        curseur.execute("SELECT COALESCE(MIN(id), 0), COALESCE(MAX(id), -1) FROM dossiers_menage")
        debut, fin = curseur.fetchone()
        for borne in range(debut, fin + 1, lot):
            curseur.execute(sql, {**parametres, "debut": borne, "fin": borne + lot - 1})
            # Recomputed after the lock: a writer committed since the read is seen.
            total += actualiser([i for (i,) in curseur.fetchall()])
    return total
