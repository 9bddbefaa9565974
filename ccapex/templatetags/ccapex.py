from django import template

from ccapex import formats

register = template.Library()

register.filter("nombre", formats.nombre)
register.filter("euros", formats.euros)
register.filter("date_longue", formats.date_longue)


@register.filter
def pourcent(valeur, decimales=1):
    return formats.pourcent(valeur, int(decimales))


@register.filter
def evolution(valeur, decimales=1):
    """A signed percentage change: « +12 % »."""
    return formats.pourcent(valeur, int(decimales), signe=True)


@register.filter
def points(valeur):
    return formats.points(valeur)
