from dossiers.enums import CanalSaisine, NatureSaisine, StatutSaisine
from tests.dossiers.factories_saisines import saisine_de

from .regles import regle


def du_bailleur(monde, **champs):
    return {"pk": saisine_de(monde.bailleur, **champs).pk}


def brouillon(monde):
    return du_bailleur(monde, statut=StatutSaisine.BROUILLON)


def signalement_oriente(monde):
    saisine = saisine_de(
        monde.caf,
        nature=NatureSaisine.ADMINISTRATIVE,
        canal=CanalSaisine.CDP,
        statut=StatutSaisine.ORIENTEE,
        orientee_vers=monde.bailleur,
    )
    return {"pk": saisine.pk}


def departement(monde):
    return {"code": monde.departement.code}


PARTENAIRE = {"partenaire": 200}
SECRETARIAT = {"secretariat": 200, "secretariat_autre_departement": 404}


REGLES = {
    # Issue 14: the form is filled in step by step; its first address leads to the first step.
    "dossiers:nouvelle_saisine": regle(partenaire=302, partenaire_autre_organisation=302),
    "dossiers:nouvelle_saisine_etape": regle(
        partenaire=200, partenaire_autre_organisation=200, kwargs=lambda monde: {"etape": "menage"}
    ),
    # The other partner organisation: not found, whatever the URL.
    "dossiers:modifier_saisine": regle(
        403, partenaire=302, partenaire_autre_organisation=404, kwargs=brouillon
    ),
    "dossiers:modifier_saisine_etape": regle(
        403,
        partenaire=200,
        partenaire_autre_organisation=404,
        kwargs=lambda monde: brouillon(monde) | {"etape": "procedure"},
    ),
    "dossiers:saisine_partenaire": regle(
        403, partenaire=200, partenaire_autre_organisation=404, kwargs=du_bailleur
    ),
    "commission:prendre_en_charge": regle(
        403,
        partenaire=302,
        partenaire_autre_organisation=404,
        kwargs=signalement_oriente,
        methode="post",
    ),
    "dossiers:file_de_tri": regle(secretariat=200, secretariat_autre_departement=200),
    "dossiers:saisine": regle(403, **SECRETARIAT, kwargs=du_bailleur),
    # An empty POST: the page is shown again with the form's errors.
    "dossiers:demander_complement": regle(403, **SECRETARIAT, kwargs=du_bailleur, methode="post"),
    "dossiers:declarer_irrecevable": regle(403, **SECRETARIAT, kwargs=du_bailleur, methode="post"),
    "dossiers:accepter_saisine": regle(403, **SECRETARIAT, kwargs=du_bailleur, methode="post"),
    "dossiers:saisine_publique": regle(302, anonyme=302, kwargs=departement),
    "dossiers:saisine_publique_etape": regle(
        200, anonyme=200, kwargs=lambda monde: departement(monde) | {"etape": "recapitulatif"}
    ),
    "dossiers:confirmer_saisine": regle(
        404, anonyme=404, kwargs=lambda monde: {"jeton": "inconnu"}
    ),
}
