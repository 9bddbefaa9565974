"""Commissions (the departmental CCAPEX and its local commissions) and their members."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from ccapex.portee import des_departements_via
from commission.enums import TypeCommission
from partenaires.models import Arrondissement, Departement, Epci, Organisation


class Commission(models.Model):
    """The departmental CCAPEX or one of its local commissions (arrondissement or EPCI)."""

    departement = models.ForeignKey(
        Departement, on_delete=models.PROTECT, related_name="commissions"
    )
    nom = models.CharField("nom", max_length=200)
    type = models.CharField("type", max_length=20, choices=TypeCommission.choices)
    arrondissement = models.ForeignKey(
        Arrondissement,
        verbose_name="arrondissement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    epci = models.ForeignKey(
        Epci, verbose_name="EPCI", on_delete=models.PROTECT, null=True, blank=True
    )
    active = models.BooleanField("active", default=True)

    objects = des_departements_via("departement")

    class Meta:
        verbose_name = "commission"
        ordering = ["type", "nom"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    type=TypeCommission.DEPARTEMENTALE,
                    arrondissement__isnull=True,
                    epci__isnull=True,
                )
                | Q(type=TypeCommission.LOCALE, arrondissement__isnull=False, epci__isnull=True)
                | Q(type=TypeCommission.LOCALE, arrondissement__isnull=True, epci__isnull=False),
                name="commission_perimetre",
                violation_error_message=(
                    "Une commission locale couvre un arrondissement ou un EPCI ; "
                    "la commission départementale, tout le département."
                ),
            )
        ]

    def __str__(self):
        return self.nom


class MembreCommission(models.Model):
    """An organisation sitting in a commission, with its representatives."""

    commission = models.ForeignKey(Commission, on_delete=models.CASCADE, related_name="membres")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    representants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="représentants", blank=True, related_name="+"
    )
    voix_deliberative = models.BooleanField("voix délibérative", default=True)

    objects = des_departements_via("commission__departement")

    class Meta:
        verbose_name = "membre de la commission"
        verbose_name_plural = "membres de la commission"
        constraints = [
            models.UniqueConstraint(
                fields=["commission", "organisation"], name="membre_commission_unique"
            )
        ]

    def __str__(self):
        return f"{self.organisation} — {self.commission}"
