"""Accent- and case-insensitive matching that PostgreSQL can answer from a trigram index.

`unaccent()` is not IMMUTABLE, so no index can use it; `immutable_unaccent()` (created by
partenaires/migrations/0002_extensions.py) wraps it with a fixed dictionary. The lookup
`champ__sans_accents__contains="lefevre"` compares UPPER(immutable_unaccent(champ)) with the
same transformation of the searched text, and `SansAccents("champ")` is the expression the
GIN trigram indexes are built on, so both sides match exactly.
"""

from django.db.models import CharField, Func, TextField, Transform


class SansAccents(Func):
    template = "UPPER(immutable_unaccent((%(expressions)s)::text))"
    output_field = TextField()


class TransformSansAccents(Transform):
    lookup_name = "sans_accents"
    template = SansAccents.template
    bilateral = True  # the searched text goes through the same function
    output_field = TextField()


def enregistrer():
    CharField.register_lookup(TransformSansAccents)
    TextField.register_lookup(TransformSansAccents)


class TexteSimplifie(Func):
    """Lower case, no accent: the form of `Menage.texte_recherche` and of a searched word.

    Applied to a constant, PostgreSQL folds it at planning time (the function is IMMUTABLE),
    so `texte_recherche LIKE '%' || TexteSimplifie(mot) || '%'` can use the trigram index."""

    template = "LOWER(immutable_unaccent((%(expressions)s)::text))"
    output_field = TextField()


class NumeroRg(Func):
    """The first court (RG) number inside a value as typed (« RG 25/01234 - Portalis … »
    gives « 25/01234 »): a B-tree on it answers the search of a whole RG number, whose
    trigrams (« 25 », shared by every procedure of the year) the GIN index reads by the
    thousand. IMMUTABLE, so it can be indexed; digits and slash only, so no collation issue."""

    template = "substring((%(expressions)s)::text from '[0-9]{2}/[0-9]+')"
    output_field = TextField()


# A value with two slashes or more: several RG numbers, or a date before it (« 12/03/2026 RG
# 25/01234 »), whose later numbers `NumeroRg` does not give. With a single slash the value
# holds at most one RG number, the one `NumeroRg` gives, so a prefix of it is exactly a
# fragment of the value: those two conditions together find what LIKE '%25/01234%' finds.
PLUSIEURS_NUMEROS_RG = "/.*/"
