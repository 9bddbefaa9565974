from django import template

from procedure.enums import Stade

register = template.Library()


@register.filter
def libelle_stade(valeur):
    return Stade(valeur).label if valeur in Stade.values else ""
