from functools import cache
from urllib.parse import quote

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.http import RFC3986_SUBDELIMS

from ccapex import formats

register = template.Library()

register.filter("nombre", formats.nombre)
register.filter("euros", formats.euros)
register.filter("date_longue", formats.date_longue)
# Aware datetimes in local time first, as Django's `date` filter has them.
register.filter("date_courte", formats.date_courte, expects_localtime=True)


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


@register.filter
def url_dossier(numero) -> str:
    """`{% url 'dossiers:menage' numero %}` without a reverse per row (1.3 ms of a 50-row
    list): the path is reversed once per process, the number quoted as `reverse` quotes it,
    the script prefix read per request (tests/ccapex/test_url_dossier.py)."""
    return f"{get_script_prefix()}{_chemin_dossier()}{quote(str(numero), safe=_SURS)}/"


_SURS = RFC3986_SUBDELIMS + "/~:@"


@cache
def _chemin_dossier() -> str:
    return reverse("dossiers:menage", args=["_"]).removeprefix(get_script_prefix())[:-2]
