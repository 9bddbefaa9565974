"""Statuses and reference choices of the commission's work. Values are lowercase slugs."""

from django.db import models


class TypeCommission(models.TextChoices):
    DEPARTEMENTALE = "departementale", "Commission départementale"
    LOCALE = "locale", "Commission locale"


class TypeSeance(models.TextChoices):
    OPERATIONNELLE = "operationnelle", "Opérationnelle"
    PLENIERE = "pleniere", "Plénière"
    RESTREINTE = "restreinte", "Restreinte"
    DEDIEE = "dediee", "Dédiée (par exemple DALO)"


class StatutSeance(models.TextChoices):
    EN_PREPARATION = "en_preparation", "En préparation"
    PUBLIEE = "publiee", "Ordre du jour publié"
    CLOSE = "close", "Close"


class NatureExamen(models.TextChoices):
    PREMIER_EXAMEN = "premier_examen", "Premier examen"
    REEXAMEN = "reexamen", "Réexamen"
    BILAN = "bilan", "Bilan à 12 mois"


class StatutPreconisation(models.TextChoices):
    A_SUIVRE = "a_suivre", "Préconisée"
    FAITE = "faite", "Réalisée"
    EN_COURS = "en_cours", "En cours"
    NON_FAITE = "non_faite", "Non réalisée"
    SANS_OBJET = "sans_objet", "Sans objet"
    SANS_REPONSE = "sans_reponse", "Sans réponse du destinataire"


# Answers an addressee may give at 6 months.
REPONSES_SUIVI = [
    StatutPreconisation.FAITE,
    StatutPreconisation.EN_COURS,
    StatutPreconisation.NON_FAITE,
    StatutPreconisation.SANS_OBJET,
]


class SituationLogement(models.TextChoices):
    """Where the household is 12 months after its first examination (one answer)."""

    DANS_LE_LOGEMENT = "dans_le_logement", "Toujours dans le logement"
    RELOGE_SOCIAL = "reloge_social", "Relogé dans le parc social"
    RELOGE_PRIVE = "reloge_prive", "Relogé dans le parc privé"
    PARTI_HEBERGE = "parti_heberge", "Parti, hébergé"
    PARTI_SES_MOYENS = "parti_ses_moyens", "Parti par ses propres moyens"
    EXPULSE = "expulse", "Expulsé"
    INCONNUE = "inconnue", "Situation inconnue"


class TypeCourrier(models.TextChoices):
    PRECONISATION = "preconisation", "Courrier de préconisations"
    PREVENTION = "prevention", "Courrier de prévention"
    RELANCE = "relance", "Relance"
    DECISION = "decision", "Notification de décision"


class NatureDecision(models.TextChoices):
    """What a decision of the commission does (loi 90-449 art. 7-2, décrets 2026-83/84).

    The types an administrator adds each carry one of these natures, which says who must act.
    """

    AIDE_MAINTIEN = "aide_maintien", "Maintien de l’aide au logement"
    AIDE_SUSPENSION = "aide_suspension", "Suspension de l’aide au logement"
    AIDE_REPRISE = "aide_reprise", "Reprise du versement de l’aide au logement"
    SAISINE_FSL = "saisine_fsl", "Saisine directe du FSL"
    SAISINE_SIAO = "saisine_siao", "Saisine du SIAO"
    ORIENTATION = "orientation", "Orientation d’un signalement vers un membre"
    AUTRE = "autre", "Autre décision"


NATURES_AIDE_LOGEMENT = {
    NatureDecision.AIDE_MAINTIEN,
    NatureDecision.AIDE_SUSPENSION,
    NatureDecision.AIDE_REPRISE,
}


class StatutDecision(models.TextChoices):
    PRISE = "prise", "Prise"
    NOTIFIEE = "notifiee", "Notifiée"
    EXECUTEE = "executee", "Exécutée par le destinataire"
    LEVEE = "levee", "Levée"
    EXPIREE = "expiree", "Expirée"
    REMPLACEE = "remplacee", "Remplacée"


# Allowed transitions; anything else is refused by the services (and by a DB trigger for
# the content of a notified decision).
TRANSITIONS_DECISION = {
    StatutDecision.PRISE: {StatutDecision.NOTIFIEE, StatutDecision.REMPLACEE},
    StatutDecision.NOTIFIEE: {
        StatutDecision.EXECUTEE,
        StatutDecision.LEVEE,
        StatutDecision.EXPIREE,
        StatutDecision.REMPLACEE,
    },
    StatutDecision.EXECUTEE: {
        StatutDecision.LEVEE,
        StatutDecision.EXPIREE,
        StatutDecision.REMPLACEE,
    },
    StatutDecision.LEVEE: set(),
    StatutDecision.EXPIREE: set(),
    StatutDecision.REMPLACEE: set(),
}
STATUTS_EN_VIGUEUR = {StatutDecision.NOTIFIEE, StatutDecision.EXECUTEE}
