from tests.partenaires.factories import DispositifFactory, ReferentFactory, TypeDispositifFactory

from .regles import regle, tous_connectes

# The organisation's own members (the partner of « Orge Habitat ») and the département's
# administrator edit; everybody else of the département reads only (403).
APRES_SUPPRESSION = dict.fromkeys(
    [
        "pilotage",
        "administrateur",
        "secretariat_autre_departement",
        "partenaire_autre_organisation",
        "archives",
    ],
    404,
)
MODIFIER = {"partenaire": 200, "administrateur": 200, "secretariat_autre_departement": 404}


def organisation(monde):
    ReferentFactory(organisation=monde.bailleur)
    DispositifFactory(organisation=monde.bailleur)
    return {"pk": monde.bailleur.pk}


def organisation_pk(monde):
    return {"organisation_pk": monde.bailleur.pk}


def referent(monde):
    return {"pk": ReferentFactory(organisation=monde.bailleur).pk}


def dispositif(monde):
    return {"pk": DispositifFactory(organisation=monde.bailleur).pk}


def type_dispositif(monde):
    return {"pk": TypeDispositifFactory(departement=monde.departement).pk}


def campagne(monde):
    from partenaires.services_annuaire import lancer_campagne

    return {"pk": lancer_campagne(departement=monde.departement, annee=2026).pk}


REGLES = {
    "partenaires:annuaire": tous_connectes(),
    "partenaires:annuaire_mon_organisation": tous_connectes(302),
    "partenaires:annuaire_organisation": regle(
        200, secretariat_autre_departement=404, kwargs=organisation
    ),
    "partenaires:annuaire_confirmer": regle(
        partenaire=302,
        administrateur=302,
        secretariat_autre_departement=404,
        kwargs=organisation,
        methode="post",
    ),
    "partenaires:annuaire_nouveau_referent": regle(**MODIFIER, kwargs=organisation_pk),
    "partenaires:annuaire_modifier_referent": regle(**MODIFIER, kwargs=referent),
    "partenaires:annuaire_nouveau_dispositif": regle(**MODIFIER, kwargs=organisation_pk),
    "partenaires:annuaire_modifier_dispositif": regle(**MODIFIER, kwargs=dispositif),
    # The partner removes the entry (actors are asked in order): the actors after it find
    # nothing (404); that they may not remove it (403) is tested in tests/partenaires.
    "partenaires:annuaire_supprimer_referent": regle(
        partenaire=302,
        **APRES_SUPPRESSION,
        kwargs=referent,
        methode="post",
    ),
    "partenaires:annuaire_supprimer_dispositif": regle(
        partenaire=302,
        **APRES_SUPPRESSION,
        kwargs=dispositif,
        methode="post",
    ),
    "partenaires:annuaire_types": regle(administrateur=200),
    "partenaires:annuaire_nouveau_type": regle(administrateur=200),
    "partenaires:annuaire_modifier_type": regle(administrateur=200, kwargs=type_dispositif),
    "partenaires:annuaire_types_par_defaut": regle(administrateur=302, methode="post"),
    "partenaires:annuaire_campagnes": regle(secretariat=200, secretariat_autre_departement=200),
    "partenaires:annuaire_lancer_campagne": regle(
        secretariat=302, secretariat_autre_departement=302, methode="post"
    ),
    "partenaires:annuaire_campagne": regle(
        secretariat=200, secretariat_autre_departement=404, kwargs=campagne
    ),
}
