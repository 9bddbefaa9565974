from django import template
from django.utils import timezone

from commission.aide_logement import etat_de_l_aide
from commission.competence import commission_du_menage
from commission.enums import StatutDecision, StatutPreconisation
from commission.forms.transferts import TransfertForm
from commission.services.seances import seances_ouvertes_pour

register = template.Library()


@register.simple_tag
def etat_aide_logement(decisions, aujourd_hui):
    """The housing aid's state from the decisions already loaded by the page (no query)."""
    return etat_de_l_aide(decisions, aujourd_hui)


@register.simple_tag
def transferts_du_menage(menage):
    """The household's transfers and the transfer form, for the dossier page (one query; the
    commission in charge is `resume_commission`'s, not read a second time)."""
    return {
        "transferts": list(menage.transferts.select_related("vers", "depuis", "fait_par")[:20]),
        "form": TransfertForm(menage=menage),
    }


@register.simple_tag
def resume_commission(menage, examens, decisions, aujourd_hui):
    """The commission's part of the dossier page's summary band and of its "put on the
    agenda" action: next session, coming sessions to choose from, open recommendations and
    decisions, housing aid state (three queries; examinations and decisions are the page's)."""
    maintenant = timezone.now()
    commission = commission_du_menage(menage)
    seances = list(seances_ouvertes_pour(menage, commission)[:12])
    inscrits = sorted(
        (e for e in examens if e.seance.date >= maintenant), key=lambda e: e.seance.date
    )
    ouvertes = {StatutPreconisation.A_SUIVRE, StatutPreconisation.EN_COURS}
    preconisations = [p for e in examens for p in e.preconisations.all() if p.statut in ouvertes]
    decisions_ouvertes = [
        d for d in decisions if d.statut in (StatutDecision.PRISE, StatutDecision.NOTIFIEE)
    ]
    deja = {e.seance_id for e in inscrits}
    return {
        "commission": commission,
        "inscrit": inscrits[0] if inscrits else None,
        "prochaine_seance": inscrits[0].seance if inscrits else (seances[0] if seances else None),
        "seances": [s for s in seances if s.pk not in deja],
        "preconisations_ouvertes": len(preconisations),
        "decisions_ouvertes": len(decisions_ouvertes),
        "etat_aide": etat_de_l_aide(decisions, aujourd_hui),
    }
