"""Statuses of the plumbing shared by every app."""

from django.db import models


class StatutTraitement(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente"
    EN_COURS = "en_cours", "En cours"
    TERMINE = "termine", "Terminé"
    ECHEC = "echec", "Échec"
