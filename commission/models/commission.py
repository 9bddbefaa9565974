"""Commissions (the departmental CCAPEX and its local commissions) and their members."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

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


class Transfert(models.Model):
    """A household's case moved to another commission of its département (a local commission
    to the central one, or back), with the reason; the latest one says who is in charge."""

    menage = models.ForeignKey(
        "dossiers.Menage", on_delete=models.CASCADE, related_name="transferts"
    )
    depuis = models.ForeignKey(
        Commission, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    vers = models.ForeignKey(
        Commission,
        verbose_name="commission",
        on_delete=models.PROTECT,
        related_name="transferts_recus",
    )
    motif = models.TextField("motif", error_messages={"blank": "Indiquez le motif du transfert."})
    fait_le = models.DateTimeField("transféré le", default=timezone.now)
    fait_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = des_departements_via("menage__departement", dossier="menage")

    class Meta:
        verbose_name = "transfert de dossier"
        verbose_name_plural = "transferts de dossier"
        ordering = ["-fait_le", "-id"]
        indexes = [models.Index(fields=["menage", "-fait_le"], name="transfert_menage_recent")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(motif=""),
                name="transfert_motive",
                violation_error_message="Indiquez le motif du transfert.",
            )
        ]

    def __str__(self):
        return f"{self.menage_id} → {self.vers}"
