from tests.commission.factories import DecisionFactory

from .regles import API_ANONYME, regle


def _decision(monde, **kwargs):
    return DecisionFactory(
        seance__commission__departement=monde.departement,
        destinataire_organisation=monde.caf,
        **kwargs,
    )


def notifiee(monde):
    return {"pk": _decision(monde, notifiee=True).pk}


def a_notifier(monde):
    return {"pk": _decision(monde).pk}


def numero(monde):
    return {"numero": _decision(monde).menage.numero}


# The addressee (the CAF, the « membre » actor) sees what was notified to it; any other
# organisation, and other départements, get a 404.
VUE_PAR_LE_DESTINATAIRE = {
    "secretariat": 200,
    "membre": 200,
    "secretariat_autre_departement": 404,
    "partenaire": 404,
    "partenaire_autre_organisation": 404,
    "pilotage": 404,
    "administrateur": 404,
    "archives": 404,
}

REGLES = {
    "commission:decisions": regle(secretariat=200, secretariat_autre_departement=200),
    "commission:decision": regle(kwargs=notifiee, **VUE_PAR_LE_DESTINATAIRE),
    "commission:corriger_decision": regle(
        secretariat=200, secretariat_autre_departement=404, kwargs=a_notifier
    ),
    "commission:notifier_decision": regle(
        secretariat=302, secretariat_autre_departement=404, kwargs=a_notifier, methode="post"
    ),
    "commission:lever_decision": regle(
        secretariat=302,
        secretariat_autre_departement=404,
        kwargs=notifiee,
        methode="post",
        donnees={"motif": "Dette soldée"},
    ),
    "commission:nouvelle_decision": regle(
        secretariat=200, secretariat_autre_departement=404, kwargs=numero
    ),
    "commission:decisions_recues": regle(
        membre=200, partenaire=200, partenaire_autre_organisation=200
    ),
    "commission:accuser_execution": regle(
        membre=302,
        partenaire=404,
        partenaire_autre_organisation=404,
        kwargs=notifiee,
        methode="post",
    ),
    "api-decisions-list": regle(200, anonyme=API_ANONYME),
    "api-decisions-detail": regle(anonyme=API_ANONYME, kwargs=notifiee, **VUE_PAR_LE_DESTINATAIRE),
    "api-decisions-execution": regle(
        404, anonyme=API_ANONYME, membre=200, kwargs=notifiee, methode="post"
    ),
}

REGLES["commission:transferer_menage"] = regle(
    secretariat=302,
    secretariat_autre_departement=404,
    kwargs=numero,
    methode="post",
    donnees={"motif": "Situation complexe"},
)


def type_decision_du_departement(monde):
    from commission.models import TypeDecision

    type_ = TypeDecision.objects.create(
        departement=monde.departement, code="aide_locale", libelle="Aide locale", nature="autre"
    )
    return {"pk": type_.pk}


REGLES["commission:types_decision"] = regle(administrateur=200)
REGLES["commission:nouveau_type_decision"] = regle(administrateur=200)
REGLES["commission:modifier_type_decision"] = regle(
    administrateur=200, kwargs=type_decision_du_departement
)
