from django.conf import settings
from django.db import models
from django.utils import timezone

from dossiers.models.menage import Menage


class EvenementJournal(models.Model):
    """One line of a dossier's journal: who did what, when. Written by `dossiers.journal`."""

    # Indexed by (menage, -quand) below.
    menage = models.ForeignKey(
        Menage,
        on_delete=models.CASCADE,
        related_name="journal",
        null=True,
        blank=True,
        db_index=False,
    )
    # Before it is accepted, a referral has no household yet: its events wait on it.
    saisine = models.ForeignKey(
        "dossiers.Saisine",
        on_delete=models.CASCADE,
        related_name="journal",
        null=True,
        blank=True,
    )
    type = models.CharField("type d’événement", max_length=50)
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="auteur",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    quand = models.DateTimeField("date", default=timezone.now, db_index=True)
    description = models.CharField("description", max_length=500)
    donnees = models.JSONField("données", default=dict, blank=True)

    class Meta:
        verbose_name = "événement du journal"
        verbose_name_plural = "événements du journal"
        ordering = ["-quand", "-id"]
        indexes = [models.Index(fields=["menage", "-quand"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(menage__isnull=False) | models.Q(saisine__isnull=False),
                name="evenement_rattache",
                violation_error_message="Un événement concerne un ménage ou une saisine.",
            )
        ]

    def __str__(self):
        return self.description


class Consultation(models.Model):
    """Access log: every consultation of a dossier page or a document (who, when, what)."""

    utilisateur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="utilisateur",
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    quand = models.DateTimeField("date", default=timezone.now, db_index=True)
    menage = models.ForeignKey(
        Menage, verbose_name="ménage", on_delete=models.SET_NULL, null=True, blank=True
    )
    objet = models.CharField("objet consulté", max_length=50)
    objet_id = models.CharField("identifiant de l’objet", max_length=40)
    chemin = models.CharField("adresse consultée", max_length=300)

    class Meta:
        verbose_name = "consultation"
        ordering = ["-quand", "-id"]

    def __str__(self):
        return f"{self.utilisateur} — {self.objet} {self.objet_id}"
