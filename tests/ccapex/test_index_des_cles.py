"""Every foreign key of our models is the first column of a whole (non-partial) index.

Without one, `WHERE fk = x` and the cascade or PROTECT check run when the referenced row is
deleted read the whole table. Single-column FK indexes were dropped where a composite index
starts with the column (9058a2d: Saisine.departement/organisation, EvenementJournal.menage,
ActeProcedure.procedure): this keeps that true when a composite index changes."""

from django.apps import apps
from django.db import connection, models

NOS_APPS = ["partenaires", "procedure", "dossiers", "commission", "indicateurs"]

# Is there an index on the table, without a condition, whose first key is the column?
_INDEXEE = """
    SELECT EXISTS (
        SELECT 1 FROM pg_index i
        JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
        WHERE i.indrelid = %s::regclass AND a.attname = %s AND i.indpred IS NULL
    )
"""


def cles_sans_index() -> list[tuple[str, str]]:
    manquantes = []
    with connection.cursor() as curseur:
        for label in NOS_APPS:
            for modele in apps.get_app_config(label).get_models():
                if not modele._meta.managed or modele._meta.proxy:
                    continue
                for champ in modele._meta.concrete_fields:
                    if not isinstance(champ, models.ForeignKey):
                        continue
                    table = modele._meta.db_table
                    curseur.execute(_INDEXEE, [table, champ.column])
                    if not curseur.fetchone()[0]:
                        manquantes.append((table, champ.column))
    return manquantes


def test_chaque_cle_etrangere_a_un_index_qui_commence_par_elle(db):
    assert cles_sans_index() == []


def test_un_index_composite_retire_est_vu(db):
    """The check can fail: without the (menage, -quand) index, the journal's household key
    has no index left (its own was dropped)."""
    from dossiers.models import EvenementJournal

    (nom,) = [i.name for i in EvenementJournal._meta.indexes if i.fields == ["menage", "-quand"]]
    with connection.cursor() as curseur:
        curseur.execute(f'DROP INDEX "{nom}"')  # rolled back with the test's transaction
    assert ("dossiers_evenementjournal", "menage_id") in cles_sans_index()
