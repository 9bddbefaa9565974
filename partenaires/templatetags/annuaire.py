from django import template

from partenaires.models import Dispositif, Referent
from partenaires.permissions import peut_consulter_annuaire

register = template.Library()

# Suggestions shown on a household's page; the directory has the rest.
SUGGESTIONS = 8


@register.simple_tag(takes_context=True)
def annuaire_de_la_commune(context, commune) -> dict:
    """Schemes and referents covering `commune`, for a signed-in user: two queries."""
    request = context.get("request")
    if commune is None or request is None or not peut_consulter_annuaire(request.user):
        return {"dispositifs": [], "referents": [], "autorise": False}
    dispositifs = (
        Dispositif.objects.visibles()
        .couvrant(commune)
        .select_related("organisation", "type")
        .order_by("type__ordre", "nom")
    )
    referents = (
        Referent.objects.visibles().couvrant(commune).select_related("organisation").order_by("nom")
    )
    return {
        "dispositifs": list(dispositifs[:SUGGESTIONS]),
        "referents": list(referents[:SUGGESTIONS]),
        "autorise": True,
    }
