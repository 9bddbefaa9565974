from datetime import date

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from procedure.enums import Stade, TypeActe

register = template.Library()


LIBELLES_STADE = dict(Stade.choices)


@register.filter
def libelle_stade(valeur):
    return LIBELLES_STADE.get(valeur, "")


BADGES_DE_STADE = {
    Stade.CFP_ACCORDE: "fr-badge--error",
    Stade.EXPULSION: "fr-badge--error",
    Stade.CQL: "fr-badge--warning",
    Stade.CFP_REQUIS: "fr-badge--warning",
    Stade.CFP_REFUSE: "fr-badge--warning",
    Stade.PROTOCOLE: "fr-badge--success",
}


@register.filter
def badge_stade(stade):
    """The stage's DSFR badge: a filter, not an include, since the list shows one per row
    (50 includes were a tenth of the page's rendering)."""
    if not stade:
        return mark_safe(
            '<span class="fr-badge fr-badge--sm fr-badge--no-icon">Sans procédure</span>'
        )
    return format_html(
        '<span class="fr-badge fr-badge--sm {} fr-badge--no-icon">{}</span>',
        BADGES_DE_STADE.get(stade, "fr-badge--info"),
        libelle_stade(stade),
    )


@register.filter
def libelle_acte(valeur):
    return TypeActe(valeur).label if valeur in TypeActe.values else valeur


@register.filter
def date_iso(valeur):
    """« 2026-01-31 » (as stored in JSON) → « 31/01/2026 »."""
    try:
        return date.fromisoformat(valeur).strftime("%d/%m/%Y")
    except (TypeError, ValueError):
        return valeur
