from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from partenaires.models import Departement, Organisation

from .referentiel import CHOIX_DECLARABLES, IndicateurCharte


class ObjectifCharte(models.Model):
    """A target of the département's charter (e.g. presence at the hearing 70 % in 2028 from
    40 %): the targets differ by département, so they are settings, not code."""

    departement = models.ForeignKey(
        Departement, on_delete=models.CASCADE, related_name="objectifs_charte"
    )
    indicateur = models.CharField("indicateur", max_length=40, choices=IndicateurCharte.choices)
    annee_cible = models.PositiveSmallIntegerField("année cible")
    valeur_depart = models.DecimalField("valeur de départ (%)", max_digits=5, decimal_places=1)
    cible = models.DecimalField("cible (%)", max_digits=5, decimal_places=1)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "objectif de la charte"
        verbose_name_plural = "objectifs de la charte"
        ordering = ["departement", "indicateur"]
        constraints = [
            models.UniqueConstraint(
                fields=["departement", "indicateur"],
                name="objectif_charte_unique",
                violation_error_message="Cet indicateur a déjà un objectif dans ce département.",
            ),
            models.CheckConstraint(
                condition=Q(
                    valeur_depart__gte=0, valeur_depart__lte=100, cible__gte=0, cible__lte=100
                ),
                name="objectif_charte_pourcentages",
                violation_error_message="Un taux est compris entre 0 et 100 %%.",
            ),
        ]

    def __str__(self):
        return f"{self.get_indicateur_display()} : {self.cible} % en {self.annee_cible}"


class DonneeDeclaree(models.Model):
    """A yearly figure the application does not hold row by row, entered by the partner that
    owns it (CAF, tribunal, conseil départemental…) and shown in the balance with its source."""

    indicateur = models.CharField("indicateur", max_length=40, choices=CHOIX_DECLARABLES)
    annee = models.PositiveSmallIntegerField("année")
    departement = models.ForeignKey(Departement, on_delete=models.CASCADE, related_name="+")
    territoire = models.CharField(
        "territoire", max_length=20, help_text="Code du territoire : D-91, A-912, E-…, C-91228."
    )
    valeur = models.DecimalField("valeur", max_digits=14, decimal_places=2)
    source_organisation = models.ForeignKey(
        Organisation, verbose_name="source", on_delete=models.PROTECT, related_name="+"
    )
    saisie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="saisie par",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    saisie_le = models.DateTimeField("saisie le", default=timezone.now)

    class Meta:
        verbose_name = "donnée déclarée"
        verbose_name_plural = "données déclarées"
        ordering = ["-annee", "indicateur"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicateur", "annee", "territoire"],
                name="donnee_declaree_unique",
                violation_error_message="Cette donnée est déjà déclarée pour cette année.",
            ),
            models.CheckConstraint(
                condition=Q(valeur__gte=0),
                name="donnee_declaree_positive",
                violation_error_message="Une donnée déclarée ne peut pas être négative.",
            ),
        ]

    def __str__(self):
        return f"{self.get_indicateur_display()} {self.annee} ({self.territoire})"
