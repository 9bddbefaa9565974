from django.core.files.base import ContentFile

from tests.commission.factories import (
    CommissionFactory,
    ExamenFactory,
    MembreCommissionFactory,
    ParticipationFactory,
    PreconisationFactory,
    SeanceFactory,
    TypePreconisationFactory,
)
from tests.dossiers.factories import MenageFactory

from .regles import regle


def commission(monde):
    return {"pk": CommissionFactory(departement=monde.departement).pk}


def membre(monde):
    return {"pk": MembreCommissionFactory(commission__departement=monde.departement).pk}


def seance(monde):
    return {"pk": SeanceFactory(commission__departement=monde.departement).pk}


def examen(monde):
    return {"pk": ExamenFactory(seance__commission__departement=monde.departement).pk}


def examen_et_sens(monde):
    return {**examen(monde), "sens": "monter"}


def preconisation(monde):
    objet = PreconisationFactory(examen__seance__commission__departement=monde.departement)
    return {"pk": objet.pk}


def numero_de_menage(monde):
    return {"numero": MenageFactory(departement=monde.departement).numero}


def type_preconisation(monde):
    return {"pk": TypePreconisationFactory(departement=monde.departement).pk}


def seance_publiee_invitant_la_caf(monde, version="reduit"):
    """A published session the member's organisation (the CAF) is invited to, with its files."""
    objet = SeanceFactory(commission__departement=monde.departement, publiee=True)
    ParticipationFactory(seance=objet, organisation=monde.caf)
    objet.ordre_du_jour_complet.save("c.pdf", ContentFile(b"%PDF-1.4"), save=False)
    objet.ordre_du_jour_reduit.save("r.pdf", ContentFile(b"%PDF-1.4"), save=True)
    return {"pk": objet.pk, "version": version}


def seance_membre(monde):
    return {"pk": seance_publiee_invitant_la_caf(monde)["pk"]}


# Other roles: 403 (not their page); another département's secretariat: 404 (out of scope).
def par_departement(kwargs, methode="get", secretariat=200):
    return regle(
        403,
        secretariat=secretariat,
        secretariat_autre_departement=404,
        kwargs=kwargs,
        methode=methode,
    )


SECRETARIAT = {"secretariat": 200, "secretariat_autre_departement": 200}

REGLES = {
    "commission:commissions": regle(**SECRETARIAT),
    "commission:nouvelle_commission": regle(**SECRETARIAT),
    "commission:commission": par_departement(commission),
    "commission:modifier_commission": par_departement(commission),
    "commission:representants_membre": par_departement(membre, "post", 302),
    "commission:retirer_membre": par_departement(membre, "post", 302),
    "commission:seances": regle(**SECRETARIAT),
    "commission:nouvelle_seance": regle(**SECRETARIAT),
    "commission:seance": par_departement(seance),
    "commission:modifier_seance": par_departement(seance),
    "commission:participations": par_departement(seance, "post", 302),
    "commission:ordre_du_jour": par_departement(seance),
    # Empty POSTs: a French message and back to the page, nothing changed.
    "commission:inscrire": par_departement(seance, "post", 302),
    # From the dossier page: no session chosen, a French message and back to the dossier.
    "commission:inscrire_menage": par_departement(numero_de_menage, "post", 302),
    "commission:publier_ordre_du_jour": par_departement(seance, "post", 302),
    "commission:retirer_examen": par_departement(examen, "post", 302),
    "commission:deplacer_examen": par_departement(examen_et_sens, "post", 302),
    "commission:feuille_de_seance": par_departement(seance),
    "commission:enregistrer_examen": par_departement(examen, "post", 302),
    "commission:ajouter_preconisation": par_departement(examen, "post", 302),
    "commission:supprimer_preconisation": par_departement(preconisation, "post", 302),
    # Files: what is out of the user's scope does not exist (404), whatever the role.
    "commission:fichier_ordre_du_jour": regle(
        404, secretariat=200, membre=200, kwargs=seance_publiee_invitant_la_caf
    ),
    "commission:types_preconisation": regle(administrateur=200),
    "commission:nouveau_type_preconisation": regle(administrateur=200),
    "commission:modifier_type_preconisation": regle(administrateur=200, kwargs=type_preconisation),
    "commission:types_preconisation_par_defaut": regle(administrateur=302, methode="post"),
    "commission:seance_membre": regle(membre=200, kwargs=seance_membre),
}
