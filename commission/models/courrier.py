from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from ccapex.portee import des_departements_via
from commission.enums import TypeCourrier
from commission.models.seance import Seance
from dossiers.models.menage import Menage
from partenaires.models import Departement, Organisation


class ModeleCourrier(models.Model):
    """A letter template the administrator edits; placeholders such as {{ menage.numero }}."""

    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="+")
    type = models.CharField("type", max_length=20, choices=TypeCourrier.choices)
    pour_menage = models.BooleanField("destiné au ménage", default=False)
    objet = models.CharField("objet", max_length=200)
    corps = models.TextField("corps du courrier")
    version = models.PositiveIntegerField("version", default=1)
    actif = models.BooleanField("actif", default=True)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "modèle de courrier"
        verbose_name_plural = "modèles de courrier"
        ordering = ["type", "-version"]

    def __str__(self):
        return f"{self.get_type_display()} (v{self.version})"


class Courrier(models.Model):
    """A rendered letter (PDF) attached to a dossier; regenerating keeps older versions."""

    menage = models.ForeignKey(Menage, on_delete=models.CASCADE, related_name="courriers")
    seance = models.ForeignKey(
        Seance, on_delete=models.PROTECT, null=True, blank=True, related_name="courriers"
    )
    type = models.CharField("type", max_length=20, choices=TypeCourrier.choices)
    modele = models.ForeignKey(ModeleCourrier, on_delete=models.PROTECT, null=True, blank=True)
    destinataire_organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisation destinataire",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="courriers_recus",
    )
    destinataire_menage = models.BooleanField("adressé au ménage", default=False)
    fichier = models.FileField("fichier PDF", upload_to="courriers/%Y/%m/", max_length=200)
    version = models.PositiveIntegerField("version", default=1)
    remplace = models.ForeignKey(
        "self",
        verbose_name="remplace le courrier",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="remplace_par",
    )
    genere_le = models.DateTimeField("généré le", default=timezone.now)
    genere_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="généré par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decision = models.ForeignKey(
        "commission.Decision",
        verbose_name="décision notifiée",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notifications",
    )
    # Posted by the secretariat: household letters, and notifications to an addressee that
    # has no account to read them in its space.
    a_poster = models.BooleanField("à poster", default=False)
    envoye_le = models.DateTimeField("envoyé le", null=True, blank=True)
    reponse_recue_le = models.DateField("réponse reçue le", null=True, blank=True)

    objects = des_departements_via("menage__departement", dossier="menage")

    class Meta:
        verbose_name = "courrier"
        ordering = ["-genere_le", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(destinataire_menage=True, destinataire_organisation__isnull=True)
                | Q(destinataire_menage=False, destinataire_organisation__isnull=False),
                name="courrier_un_destinataire",
                violation_error_message="Un courrier s’adresse au ménage ou à une organisation.",
            ),
            # One letter per session (or decision), dossier, addressee and version: a
            # replayed job finds it.
            models.UniqueConstraint(
                fields=[
                    "seance",
                    "decision",
                    "menage",
                    "type",
                    "destinataire_organisation",
                    "destinataire_menage",
                    "version",
                ],
                nulls_distinct=False,
                name="courrier_unique_par_version",
                violation_error_message="Ce courrier existe déjà dans cette version.",
            ),
        ]

    def __str__(self):
        return f"{self.get_type_display()} — {self.menage} (v{self.version})"
