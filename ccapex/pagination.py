"""Pagination that never counts a whole large result: the HTML list and the API share it.

A full `COUNT(*)` re-runs the list's query over every matching household (the filters on
stage and deadline evaluate their sub-selects for each row). Counting stops a little past
the page asked for, and at least at `PLAFOND`: a small result is counted exactly, a large
one reads « plus de 1 000 dossiers ». The page after the last counted one stays reachable,
so an agent can still walk the list page by page.
"""

from django.core.paginator import InvalidPage, Paginator
from django.utils.functional import cached_property
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from ccapex.api import Pagination
from ccapex.parametres import PAGE_MAX

PLAFOND = 1000


def _entier(valeur, defaut=1) -> int:
    try:
        return min(max(int(valeur), 1), PAGE_MAX)
    except (TypeError, ValueError):
        return defaut


class PaginateurPlafonne(Paginator):
    """`count` is exact up to `limite`; past it, `count == limite + 1` and `exact` is False."""

    def __init__(self, object_list, per_page, *, numero_demande=1, plafond=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        plafond = PLAFOND if plafond is None else plafond
        self.limite = max(plafond, _entier(numero_demande) * per_page)

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
        cles = list(self.object_list.values_list("pk", flat=True)[bas : bas + self.per_page])
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
