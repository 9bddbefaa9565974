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
