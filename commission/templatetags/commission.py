from django import template

from commission.aide_logement import etat_de_l_aide

register = template.Library()


@register.simple_tag
def etat_aide_logement(decisions, aujourd_hui):
    """The housing aid's state from the decisions already loaded by the page (no query)."""
    return etat_de_l_aide(decisions, aujourd_hui)
