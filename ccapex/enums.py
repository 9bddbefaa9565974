"""Statuses of the plumbing shared by every app."""

from django.db import models


class StatutTraitement(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente"
    EN_COURS = "en_cours", "En cours"
    TERMINE = "termine", "Terminé"
    ECHEC = "echec", "Échec"


class EtatAnalyse(models.TextChoices):
    """Antivirus state of an uploaded file; only SERVABLES are ever served."""

    EN_COURS = "en_cours", "En cours d’analyse"
    SAIN = "sain", "Analysé, sain"
    INFECTE = "infecte", "Refusé : virus détecté"
    NON_ANALYSE = "non_analyse", "Non analysé (antivirus non configuré)"


SERVABLES = (EtatAnalyse.SAIN, EtatAnalyse.NON_ANALYSE)
