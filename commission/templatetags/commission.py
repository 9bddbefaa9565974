from django import template

from commission.aide_logement import etat_de_l_aide
from commission.competence import commission_du_menage
from commission.forms.transferts import TransfertForm

register = template.Library()


@register.simple_tag
def etat_aide_logement(decisions, aujourd_hui):
    """The housing aid's state from the decisions already loaded by the page (no query)."""
    return etat_de_l_aide(decisions, aujourd_hui)


@register.simple_tag
def commission_en_charge(menage):
    """The commission in charge and the transfer form, for the dossier page (three queries)."""
    return {
        "commission": commission_du_menage(menage),
        "transferts": list(menage.transferts.select_related("vers", "depuis", "fait_par")[:20]),
        "form": TransfertForm(menage=menage),
    }
