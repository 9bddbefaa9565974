"""The household's search text: one accent-free, lower-case column with a trigram index.

Searching used to OR the household's columns with sub-selects on members and procedures,
which no index can answer. `Menage.texte_recherche` gathers the dossier number, the address
and commune, the members' names and, for each procedure, the court (RG) number, the tenants
as named in the acts and the address. It is derived data: the services that change one of
these values call `actualiser` in the same transaction (creation, edit, members, procedure
linked or edited, merge, report import), and `manage.py reconstruire_recherche` rebuilds it.
"""

from collections.abc import Iterable

from django.db import connection, transaction

from dossiers.verrous import reconstruire_par_tranches, verrouiller_menages

# One statement for any set of households: the text is computed in SQL so that the
# services, the import, the demo and the rebuild command all produce exactly the same value.
_TEXTE = """
    SELECT m.id, LOWER(immutable_unaccent(concat_ws(' ',
        m.numero, m.adresse, c.nom,
        (SELECT string_agg(concat_ws(' ', mm.nom, mm.prenom), ' ' ORDER BY mm.id)
           FROM dossiers_membremenage mm WHERE mm.menage_id = m.id),
        (SELECT string_agg(concat_ws(' ', p.numero_rg, p.locataires, p.adresse), ' '
                           ORDER BY p.id)
           FROM dossiers_menageprocedure mp
           JOIN procedure_procedure p ON p.id = mp.procedure_id
          WHERE mp.menage_id = m.id)
    ))) AS texte
    FROM dossiers_menage m JOIN partenaires_commune c ON c.id = m.commune_id
"""

# The households of `{condition}` (on `m`) whose stored text differs from the computed one.
_CALCUL = f"({_TEXTE} WHERE {{condition}}) AS calcul"
_DIFFERE = "cible.id = calcul.id AND cible.texte_recherche IS DISTINCT FROM calcul.texte"

_MISE_A_JOUR = f"""
    UPDATE dossiers_menage AS cible SET texte_recherche = calcul.texte
    FROM {_CALCUL} WHERE {_DIFFERE}
"""

# The same comparison, read-only: what `reconstruire` hands to `actualiser`.
_A_CHANGER = f"SELECT cible.id FROM dossiers_menage AS cible, {_CALCUL} WHERE {_DIFFERE}"


def actualiser(menage_ids: Iterable[int]) -> int:
    """Recompute the search text of these households (one UPDATE); returns rows changed."""
    ids = sorted({i for i in menage_ids if i is not None})
    if not ids:
        return 0
    # Locked first, as for the summary: a text computed before a concurrent writer's commit
    # would overwrite the fresh one, and no nightly run repairs the search text.
    with transaction.atomic(savepoint=False), connection.cursor() as curseur:
        verrouiller_menages(curseur, ids)
        curseur.execute(_MISE_A_JOUR.format(condition="m.id = ANY(%s)"), [ids])
        return curseur.rowcount


def reconstruire(*, lot: int = 20000, departement_ids: Iterable[int] | None = None) -> int:
    """Every household's text (`verrous.reconstruire_par_tranches`, as `resume.reconstruire`);
    returns rows changed."""
    return reconstruire_par_tranches(
        lambda condition: _A_CHANGER.format(condition=condition.format(t="m")),
        actualiser,
        lot=lot,
        departement_ids=departement_ids,
    )
