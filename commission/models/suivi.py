from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from ccapex.portee import des_departements_via
from commission.enums import SituationLogement, StatutPreconisation
from commission.models.preconisation import Preconisation
from commission.models.seance import Examen
from dossiers.models.menage import Menage
from partenaires.models import Organisation


class SuiviPreconisation(models.Model):
    """The 6-month question to a recommendation's addressee, and its answer."""

    preconisation = models.OneToOneField(
        Preconisation, on_delete=models.CASCADE, related_name="suivi"
    )
    echeance = models.DateField("date de la demande de suivi")
    demande_le = models.DateTimeField("demandé le", null=True, blank=True)
    relance_le = models.DateTimeField("relancé le", null=True, blank=True)
    nb_relances = models.PositiveSmallIntegerField("nombre de relances", default=0)
    reponse = models.CharField(
        "réponse", max_length=20, choices=StatutPreconisation.choices, blank=True
    )
    commentaire = models.TextField("commentaire", blank=True)
    repondu_le = models.DateTimeField("répondu le", null=True, blank=True)
    repondu_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="répondu par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "suivi de préconisation"
        verbose_name_plural = "suivis de préconisation"
        ordering = ["echeance", "id"]

    def __str__(self):
        return f"Suivi de {self.preconisation}"


class Bilan(models.Model):
    """The 12-month review of a household after its first examination."""

    examen = models.OneToOneField(Examen, on_delete=models.PROTECT, related_name="bilan")
    echeance = models.DateField("échéance du bilan")
    situation = models.CharField(
        "situation du ménage", max_length=20, choices=SituationLogement.choices, blank=True
    )
    dette_soldee = models.BooleanField("dette soldée", default=False)
    surendettement_recevable = models.BooleanField(
        "dossier de surendettement recevable", default=False
    )
    fsl_accorde = models.BooleanField("FSL accordé", default=False)
    pcs_signe = models.BooleanField("protocole de cohésion sociale signé", default=False)
    commentaire = models.TextField("commentaire", blank=True)
    realise_le = models.DateTimeField("réalisé le", null=True, blank=True)
    realise_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="réalisé par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    objects = des_departements_via("examen__menage__departement", dossier="examen__menage")

    class Meta:
        verbose_name = "bilan à 12 mois"
        verbose_name_plural = "bilans à 12 mois"
        ordering = ["echeance", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(realise_le__isnull=True) | ~Q(situation=""),
                name="bilan_realise_avec_situation",
                violation_error_message="Un bilan réalisé indique la situation du ménage.",
            )
        ]

    def __str__(self):
        return f"Bilan à 12 mois — {self.examen.menage}"


class SignalementChangement(models.Model):
    """A partner reports a change in a household's situation (up to 20 months after a session)."""

    menage = models.ForeignKey(
        Menage, on_delete=models.CASCADE, related_name="signalements_changement"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    texte = models.TextField("changement signalé")
    cree_le = models.DateTimeField("signalé le", default=timezone.now)
    lu_le = models.DateTimeField("lu le", null=True, blank=True)

    objects = des_departements_via("menage__departement", dossier="menage")

    class Meta:
        verbose_name = "signalement de changement"
        verbose_name_plural = "signalements de changement"
        ordering = ["-cree_le"]

    def __str__(self):
        return f"Changement signalé — {self.menage}"
