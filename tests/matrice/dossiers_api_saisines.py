from tests.dossiers.factories_saisines import saisine_de

from .regles import API_ANONYME, regle


def numero_du_bailleur(monde):
    return {"numero": saisine_de(monde.bailleur).numero}


REGLES = {
    # A partner's software: its own organisation's referrals; another organisation gets 404.
    "api-saisines-list": regle(
        403, partenaire=200, partenaire_autre_organisation=200, anonyme=API_ANONYME
    ),
    "api-saisines-detail": regle(
        403,
        partenaire=200,
        partenaire_autre_organisation=404,
        anonyme=API_ANONYME,
        kwargs=numero_du_bailleur,
    ),
}
