"""Pagination that never counts a whole large result: the HTML list and the API share it.

A full `COUNT(*)` re-runs the list's query over every matching household (the filters on
stage and deadline evaluate their sub-selects for each row). Counting stops a little past
the page asked for, and at least at `PLAFOND`: a small result is counted exactly, a large
one reads « plus de 200 dossiers ». The page after the last counted one stays reachable,
so an agent can still walk the list page by page.

Counting a word's matches reads the département's households until the cap is reached, so
its cost is the cap divided by the word's frequency, whatever the size of the département.
At 1 000, « martin » (one household in 20 here) cost 23 000 rows read at 100 000 households
but only its 954 matches at 20 000: the count grew with the département until the cap was
reached. 200 (four pages) keeps it below any search an agent would page through.

A page past the middle is read from the other end: the order reversed, a small OFFSET from
the last row, the rows put back in order. Counting up to twice the page's offset tells
which half it is in (the count is then exact for any page of the second half), so no page
skips more than half of the result. Reversal gives the very same rows only if the order is
total: the paginator ends it with the primary key.
"""

from django.core.paginator import InvalidPage, Paginator
from django.utils.functional import cached_property
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from ccapex.api import Pagination
from ccapex.parametres import PAGE_MAX

PLAFOND = 200


def _entier(valeur, defaut=1) -> int:
    try:
        return min(max(int(valeur), 1), PAGE_MAX)
    except (TypeError, ValueError):
        return defaut


def _cle_unique(modele, cle) -> bool:
    nom = cle.lstrip("-") if isinstance(cle, str) else getattr(cle.expression, "name", None)
    if nom in ("pk", modele._meta.pk.name):
        return True
    try:
        return bool(nom) and modele._meta.get_field(nom).unique
    except Exception:  # an annotation or a relation path: not known to be unique
        return False


def ordre_total(queryset):
    """The queryset's order ended by the primary key, in the direction of its last key (so
    that one index gives the whole order), unless that key is already unique: equal keys
    would otherwise come in any order, and a page read backwards would differ."""
    ordre = list(queryset.query.order_by or queryset.model._meta.ordering or [])
    if ordre and _cle_unique(queryset.model, ordre[-1]):
        return queryset
    dernier = ordre[-1] if ordre else "pk"
    descendant = (
        dernier.startswith("-")
        if isinstance(dernier, str)
        else bool(getattr(dernier, "descending", False))
    )
    return queryset.order_by(*ordre, "-pk" if descendant else "pk")


class PaginateurPlafonne(Paginator):
    """`count` is exact up to `limite`; past it, `count == limite + 1` and `exact` is False."""

    def __init__(self, object_list, per_page, *, numero_demande=1, plafond=None, **kwargs):
        super().__init__(ordre_total(object_list), per_page, **kwargs)
        plafond = PLAFOND if plafond is None else plafond
        # Up to twice the rows before the page: any page of the second half is then counted
        # exactly, which lets `page` read it from the end.
        self.limite = max(plafond, 2 * _entier(numero_demande) * per_page)

    @cached_property
    def count(self) -> int:
        # Counting primary keys without ordering nor the displayed annotations: only the
        # filters run, and the LIMIT stops the scan once the answer is known.
        cles = self.object_list.order_by().values("pk")[: self.limite + 1]
        return cles.count()

    def page(self, number):
        """The page's ids first (filters and sort key only), then their rows with every
        displayed column: past page 1, OFFSET used to compute the summary's ten sub-selects
        for every skipped household (5.6 s for the middle page of 100 000)."""
        number = self.validate_number(number)
        bas = (number - 1) * self.per_page
        haut = bas + self.per_page
        if self.exact and bas > self.count - haut:
            # Fewer rows after the page than before it: read backwards from the end.
            haut = min(haut, self.count)
            inverse = self.object_list.reverse().values_list("pk", flat=True)
            cles = list(inverse[self.count - haut : self.count - bas])[::-1]
        else:
            cles = list(self.object_list.values_list("pk", flat=True)[bas:haut])
        lignes = self.object_list.order_by().filter(pk__in=cles).in_bulk()
        return self._get_page([lignes[c] for c in cles if c in lignes], number, self)

    @property
    def exact(self) -> bool:
        return self.count <= self.limite

    @property
    def minimum(self) -> int:
        """What can be said of the total: exact, or the lower bound (« plus de N »)."""
        return self.count if self.exact else self.limite


class PaginationPlafonnee(Pagination):
    """DRF pagination with the same bounded count; `count` is a lower bound when
    `count_exact` is false (then `next` is still given)."""

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        page_size = self.get_page_size(request)
        if not page_size:
            return None
        self.verifier_numero(request)
        numero = request.query_params.get(self.page_query_param) or 1
        if numero in self.last_page_strings:
            # The last page needs the exact total: counted in full, only when asked.
            paginator = PaginateurPlafonne(queryset, page_size, plafond=10**9)
            numero = paginator.num_pages
        else:
            paginator = PaginateurPlafonne(queryset, page_size, numero_demande=numero)
        try:
            self.page = paginator.page(numero)
        except InvalidPage as exc:
            message = self.invalid_page_message.format(page_number=numero, message=str(exc))
            raise NotFound(message) from exc
        return list(self.page)

    def get_paginated_response(self, data):
        paginator = self.page.paginator
        return Response(
            {
                "count": paginator.minimum,
                "count_exact": paginator.exact,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        reponse = super().get_paginated_response_schema(schema)
        reponse["properties"]["count_exact"] = {
            "type": "boolean",
            "description": "Faux quand le total dépasse ce qui a été compté : count est alors "
            "un minimum (« plus de N »).",
        }
        return reponse
