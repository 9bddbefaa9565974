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


@register.filter
def capfirst_verbose_plural(modele):
    """« Membres du ménage » from a model class (formset headings)."""
    nom = str(modele._meta.verbose_name_plural)
    return nom[:1].upper() + nom[1:]


@register.filter
def age(date_naissance):
    """Age in whole years today (empty when the birth date is unknown)."""
    from django.utils import timezone

    if not date_naissance:
        return ""
    aujourd_hui = timezone.localdate()
    anniversaire_passe = (aujourd_hui.month, aujourd_hui.day) >= (
        date_naissance.month,
        date_naissance.day,
    )
    return aujourd_hui.year - date_naissance.year - (0 if anniversaire_passe else 1)
