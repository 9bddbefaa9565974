"""Writing many rows with COPY: what `bulk_create` does, without its per-value preparation.

`bulk_create` prepares every value through the field (`get_db_prep_save`) and builds one
parameterised INSERT; for an import chunk of 1 000 rows that is most of the time spent.
Here the ids are reserved from the table's sequence in one query, then the rows are streamed
with `COPY … FROM STDIN`, psycopg adapting the Python values (str, int, date, datetime,
Decimal, bool, list) itself; JSON columns are serialised. Only for models whose fields need no
conversion beyond that (checked by `_colonnes`), and no signal is sent (as with bulk_create).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from json import dumps
from operator import itemgetter

from django.db import connection, models
from django.db.models.base import ModelState

_SIMPLES = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.DateField,  # includes DateTimeField
    models.DecimalField,
    models.BooleanField,
    models.ForeignKey,
    models.AutoField,
    models.BigAutoField,
)


def _colonnes(modele) -> list[tuple[str, str, bool]]:
    """(column, attribute, is_json) for each concrete field; refuses unknown field types."""
    colonnes = []
    for champ in modele._meta.concrete_fields:
        if isinstance(champ, models.UUIDField):
            colonnes.append((champ.column, champ.attname, False))  # psycopg adapts UUID
            continue
        json = isinstance(champ, models.JSONField)
        tableau = champ.get_internal_type() == "ArrayField"
        if not (json or tableau or isinstance(champ, _SIMPLES)):
            raise TypeError(f"{modele.__name__}.{champ.name} : type non géré par COPY")
        colonnes.append((champ.column, champ.attname, json))
    return colonnes


@cache
def _sequence(table: str, colonne: str) -> str:
    """The name of the sequence behind a table's id, looked up once per process:
    `pg_get_serial_sequence` called for each id was three quarters of `identifiants`."""
    with connection.cursor() as curseur:
        curseur.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, colonne])
        return curseur.fetchone()[0]


def identifiants(modele, nombre: int) -> list[int]:
    """`nombre` ids from the table's sequence, in one query."""
    if not nombre:
        return []
    sequence = _sequence(modele._meta.db_table, modele._meta.pk.column)
    with connection.cursor() as curseur:
        curseur.execute(
            "SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [sequence, nombre]
        )
        return [cle for (cle,) in curseur.fetchall()]


def reserver(modele, objets: Sequence[models.Model]) -> None:
    """Give unsaved instances their ids from the table's sequence (one query), so that
    related managers can be used before the rows are written."""
    sans_id = [o for o in objets if o.pk is None]
    for objet, cle in zip(sans_id, identifiants(modele, len(sans_id)), strict=True):
        objet.pk = cle


def inserer(modele, objets: Iterable[models.Model]) -> None:
    """Insert unsaved instances (their pk is set, as `bulk_create` does).

    A list gets its missing ids first. A generator's instances must come with their ids
    (`identifiants`): each is written as soon as it is built, and the server indexes the rows
    already sent while the next ones are built, instead of after them all."""
    if isinstance(objets, Sequence):
        if not objets:
            return
        reserver(modele, objets)
    table = modele._meta.db_table
    colonnes = _colonnes(modele)
    with connection.cursor() as curseur:
        # `auto_now` dates are set by the field, as `bulk_create` does through `pre_save`.
        automatiques = [
            c
            for c in modele._meta.concrete_fields
            if getattr(c, "auto_now", False) or getattr(c, "auto_now_add", False)
        ]
        noms = ", ".join(connection.ops.quote_name(c) for c, _, _ in colonnes)
        # One C-level getter for the whole row, on the instance's `__dict__` (an unsaved
        # instance holds every field there; the attribute descriptors cost a Python call per
        # value). JSON columns are serialised afterwards (as text, which the server reads
        # into jsonb: cheaper than psycopg's Jsonb wrapper).
        lire = itemgetter(*(a for _, a, _ in colonnes))
        cle = modele._meta.pk.attname
        jsons = [i for i, (_, _, json) in enumerate(colonnes) if json]
        # psycopg's own cursor: its errors are turned into Django's, as for any other query,
        # so that a unique-key clash with a concurrent import reaches `appliquer`'s retry.
        with (
            connection.wrap_database_errors,
            curseur.cursor.copy(f"COPY {table} ({noms}) FROM STDIN") as copie,
        ):
            for objet in objets:
                valeurs = objet.__dict__
                if valeurs.get(cle) is None:
                    raise ValueError(f"{modele.__name__} sans identifiant : voir `identifiants`")
                etat = objet._state
                etat.adding = False
                # Read through `__dict__`: the descriptor would create an empty cache per row.
                if etat.__dict__.get("fields_cache"):
                    # A related object saved after being assigned: copy its new id (as
                    # bulk_create). Rows built by `nouvelle` hold ids only and skip this.
                    objet._prepare_related_fields_for_save(operation_name="inserer")
                for champ in automatiques:
                    champ.pre_save(objet, add=True)
                ligne = lire(valeurs)
                if jsons:
                    ligne = list(ligne)
                    for i in jsons:
                        ligne[i] = dumps(ligne[i])
                copie.write_row(ligne)


@cache
def _defauts(modele) -> tuple[dict, tuple, frozenset]:
    """Read once per model: the fields' constant defaults (what `Field.get_default` gives
    when the default is not a callable), the callable ones (a clock, a UUID, `list`: called
    per row, as the constructor does) and the known attribute names."""
    constantes, appels = {}, []
    for champ in modele._meta.concrete_fields:
        if champ.has_default() and callable(champ.default):
            appels.append((champ.attname, champ.default))
        else:
            constantes[champ.attname] = champ._get_default()
    noms = frozenset(c.attname for c in modele._meta.concrete_fields)
    return constantes, tuple(appels), noms


def nouvelle(modele, **valeurs):
    """An unsaved instance, as `modele(**valeurs)` gives, for `inserer`; values are given by
    attribute (`procedure_id`, not `procedure`). `Model.__init__` (descriptors, signals, per
    field checks) was 40 % of an import's time for 50 000 rows × 5 models; no model written
    here has `pre_init`/`post_init` receivers."""
    constantes, appels, noms = _defauts(modele)
    attributs = {**constantes, **valeurs}
    for attribut, defaut in appels:
        if attribut not in valeurs:
            attributs[attribut] = defaut()
    if len(attributs) != len(noms):  # every field is there: more keys are unknown ones
        raise TypeError(f"{modele.__name__} : champs inconnus {sorted(set(valeurs) - noms)}")
    objet = modele.__new__(modele)
    objet.__dict__ = attributs
    objet._state = ModelState()
    return objet
