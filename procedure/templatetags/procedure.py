from datetime import date

from django import template

from procedure.enums import Stade, TypeActe

register = template.Library()


@register.filter
def libelle_stade(valeur):
    return Stade(valeur).label if valeur in Stade.values else ""


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
