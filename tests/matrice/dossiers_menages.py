from datetime import date

from procedure.enums import TypeActe
from tests.dossiers.factories import menage_avec_procedure

from .regles import regle

SECRETARIAT = {"secretariat": 200}


def numero(monde):
    menage = menage_avec_procedure(monde.departement, actes=[(TypeActe.CDP, date(2026, 1, 5))])
    return {"numero": menage.numero}


def numero_et_procedure(monde):
    menage = menage_avec_procedure(monde.departement, actes=[(TypeActe.CDP, date(2026, 1, 5))])
    return {"numero": menage.numero, "pk": menage.procedures.get().pk}


def numero_et_acte(monde):
    menage = menage_avec_procedure(monde.departement, actes=[(TypeActe.CDP, date(2026, 1, 5))])
    return {"numero": menage.numero, "pk": menage.procedures.get().actes.get().pk}


def deux_numeros(monde):
    premier = menage_avec_procedure(monde.departement)
    second = menage_avec_procedure(monde.departement)
    return {"numero": premier.numero, "doublon": second.numero}


# Other roles: 403 (the page is not for them); another département's secretariat: 404.
def par_dossier(kwargs, methode="get", secretariat=200):
    return regle(
        403,
        secretariat=secretariat,
        secretariat_autre_departement=404,
        kwargs=kwargs,
        methode=methode,
    )


REGLES = {
    "dossiers:liste": regle(secretariat=200, secretariat_autre_departement=200),
    "dossiers:export_csv": regle(secretariat=200, secretariat_autre_departement=200),
    "dossiers:creer": regle(secretariat=200, secretariat_autre_departement=200),
    "dossiers:menage": par_dossier(numero),
    "dossiers:modifier": par_dossier(numero),
    "dossiers:doublons": par_dossier(numero),
    # An empty note: a French message and back to the dossier (nothing written).
    "dossiers:ecrire_note": par_dossier(numero, "post", secretariat=302),
    "dossiers:fusionner": par_dossier(deux_numeros),
    "dossiers:nouvelle_procedure": par_dossier(numero),
    "dossiers:modifier_procedure": par_dossier(numero_et_procedure),
    "dossiers:formulaire_acte": par_dossier(numero_et_procedure),
    # An empty POST: the form is redrawn with its errors (no htmx: in the whole page).
    "dossiers:ajouter_acte": par_dossier(numero_et_procedure, "post"),
    "dossiers:ajouter_dette": par_dossier(numero_et_procedure, "post"),
    "dossiers:corriger_acte": par_dossier(numero_et_acte),
    "dossiers:supprimer_acte": par_dossier(numero_et_acte, "post", secretariat=302),
    "dossiers:export_consultations": regle(administrateur=200, archives=200),
    "api-dossiers-list": regle(secretariat=200, secretariat_autre_departement=200, anonyme=401),
    "api-dossiers-detail": regle(
        403, secretariat=200, secretariat_autre_departement=404, anonyme=401, kwargs=numero
    ),
    "api-procedures-list": regle(secretariat=200, secretariat_autre_departement=200, anonyme=401),
    "api-procedures-detail": regle(
        403,
        secretariat=200,
        secretariat_autre_departement=404,
        anonyme=401,
        kwargs=lambda monde: {"pk": numero_et_procedure(monde)["pk"]},
    ),
}
