from commission.models import Bilan, SignalementChangement, SuiviPreconisation
from tests.commission.factories import PreconisationFactory, le

from .regles import regle


def _preconisation(monde, **kwargs):
    return PreconisationFactory(
        examen__seance__commission__departement=monde.departement,
        examen__seance__statut="close",
        examen__seance__date=le(2026, 5, 12),
        **kwargs,
    )


def un_suivi(monde):
    preconisation = _preconisation(monde)
    suivi = SuiviPreconisation.objects.create(
        preconisation=preconisation, echeance="2026-11-12", demande_le=le(2026, 11, 12)
    )
    return {"pk": suivi.pk}


def un_suivi_du_bailleur(monde):
    preconisation = _preconisation(
        monde, destinataire_menage=False, destinataire_organisation=monde.bailleur
    )
    suivi = SuiviPreconisation.objects.create(
        preconisation=preconisation, echeance="2026-11-12", demande_le=le(2026, 11, 12)
    )
    return {"pk": suivi.pk}


def un_examen_du_bailleur(monde):
    preconisation = _preconisation(
        monde, destinataire_menage=False, destinataire_organisation=monde.bailleur
    )
    return {"pk": preconisation.examen.pk}


def un_bilan(monde):
    bilan = Bilan.objects.create(examen=_preconisation(monde).examen, echeance="2027-05-12")
    return {"pk": bilan.pk}


def un_signalement(monde):
    examen = _preconisation(monde).examen
    signalement = SignalementChangement.objects.create(
        menage=examen.menage, organisation=monde.bailleur, texte="Relogé"
    )
    return {"pk": signalement.pk}


REGLES = {
    "commission:suivis": regle(secretariat=200, secretariat_autre_departement=200),
    "commission:repondre_suivi": regle(
        secretariat=200, secretariat_autre_departement=404, kwargs=un_suivi
    ),
    "commission:bilan": regle(secretariat=200, secretariat_autre_departement=404, kwargs=un_bilan),
    "commission:marquer_signalement_lu": regle(
        secretariat=302, secretariat_autre_departement=404, kwargs=un_signalement, methode="post"
    ),
    # Issue 14: in place from the secretariat's home page (the household's follow-up: marked
    # done; a reminder to the household is refused with a message, back to the page).
    "commission:suivi_fait_accueil": regle(
        secretariat=302, secretariat_autre_departement=404, kwargs=un_suivi, methode="post"
    ),
    "commission:relancer_suivi_accueil": regle(
        secretariat=302, secretariat_autre_departement=404, kwargs=un_suivi, methode="post"
    ),
    "commission:suivis_partenaire": regle(partenaire=200, partenaire_autre_organisation=200),
    "commission:repondre_suivi_partenaire": regle(
        partenaire=200, partenaire_autre_organisation=404, kwargs=un_suivi_du_bailleur
    ),
    "commission:signaler_changement": regle(
        partenaire=200, partenaire_autre_organisation=404, kwargs=un_examen_du_bailleur
    ),
}
