"""Sessions, who takes part in them, and the households examined at each."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from ccapex.portee import des_departements_via
from commission.enums import NatureExamen, StatutSeance, TypeSeance
from commission.models.commission import Commission
from dossiers.models.menage import Menage
from dossiers.models.saisine import Saisine
from partenaires.models import Organisation


class SeanceQuerySet(models.QuerySet):
    def des_departements(self, departement_ids):
        return self.filter(commission__departement_id__in=departement_ids)

    def invitant(self, organisation):
        """Sessions this organisation is invited to."""
        return self.filter(participations__organisation=organisation, participations__invite=True)

    def a_venir(self):
        return self.filter(date__gte=timezone.now()).order_by("date")

    def passees(self):
        return self.filter(date__lt=timezone.now()).order_by("-date")


class Seance(models.Model):
    commission = models.ForeignKey(Commission, on_delete=models.PROTECT, related_name="seances")
    date = models.DateTimeField("date et heure")
    lieu = models.CharField("lieu", max_length=200)
    type = models.CharField(
        "type", max_length=20, choices=TypeSeance.choices, default=TypeSeance.OPERATIONNELLE
    )
    statut = models.CharField(
        "statut", max_length=20, choices=StatutSeance.choices, default=StatutSeance.EN_PREPARATION
    )
    publiee_le = models.DateTimeField("ordre du jour publié le", null=True, blank=True)
    close_le = models.DateTimeField("close le", null=True, blank=True)
    ordre_du_jour_complet = models.FileField(
        "ordre du jour complet (PDF)", upload_to="seances/", null=True, blank=True
    )
    ordre_du_jour_reduit = models.FileField(
        "ordre du jour des membres (PDF)", upload_to="seances/", null=True, blank=True
    )
    cree_le = models.DateTimeField("créée le", default=timezone.now, editable=False)
    # Bumped on every change of the agenda; the files and e-mails carry the version they
    # were made for, so that publishing again the same version sends nothing twice.
    version_ordre_du_jour = models.PositiveIntegerField("version de l’ordre du jour", default=1)
    version_publiee = models.PositiveIntegerField("version publiée", default=0)
    version_notifiee = models.PositiveIntegerField("version notifiée aux membres", default=0)

    objects = SeanceQuerySet.as_manager()

    class Meta:
        verbose_name = "séance"
        ordering = ["-date"]

    def __str__(self):
        return f"{self.commission} — {timezone.localtime(self.date):%d/%m/%Y}"

    @property
    def a_republier(self) -> bool:
        """The agenda changed since it was last published."""
        return self.version_publiee > 0 and self.version_publiee != self.version_ordre_du_jour


class ParticipationSeance(models.Model):
    seance = models.ForeignKey(Seance, on_delete=models.CASCADE, related_name="participations")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    utilisateur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="représentant",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    invite = models.BooleanField("invité", default=True)
    present = models.BooleanField("présent", default=False)

    class Meta:
        verbose_name = "participation à une séance"
        verbose_name_plural = "participations aux séances"
        constraints = [
            models.UniqueConstraint(fields=["seance", "organisation"], name="participation_unique")
        ]

    def __str__(self):
        return f"{self.organisation} — {self.seance}"


class Examen(models.Model):
    """A situation on a session's agenda, then the commission's examination of it."""

    seance = models.ForeignKey(Seance, on_delete=models.PROTECT, related_name="examens")
    menage = models.ForeignKey(Menage, on_delete=models.PROTECT, related_name="examens")
    saisine = models.ForeignKey(
        Saisine, on_delete=models.PROTECT, null=True, blank=True, related_name="examens"
    )
    nature = models.CharField("nature", max_length=20, choices=NatureExamen.choices)
    ordre = models.PositiveSmallIntegerField("ordre de passage", default=0)
    question = models.TextField("question posée à la commission", blank=True)
    synthese = models.TextField("synthèse de la situation", blank=True)
    informations_membres = models.TextField("informations apportées par les membres", blank=True)
    avis = models.TextField("avis de la commission", blank=True)
    a_reexaminer = models.BooleanField("à réexaminer", default=False)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)
    version = models.PositiveIntegerField("version", default=1)

    history = HistoricalRecords(excluded_fields=["modifie_le"])

    objects = des_departements_via("seance__commission__departement", dossier="menage")

    class Meta:
        verbose_name = "examen"
        ordering = ["seance", "ordre", "id"]
        constraints = [
            models.UniqueConstraint(fields=["seance", "menage"], name="examen_unique_par_seance")
        ]

    def __str__(self):
        return f"{self.menage} — {self.seance}"
