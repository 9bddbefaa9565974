from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from ccapex.portee import des_departements_via
from commission.enums import StatutPreconisation
from commission.models.seance import Examen
from partenaires.models import Departement, Organisation


class TypePreconisation(models.Model):
    """Reference list of recommendation types, edited by the administrator."""

    departement = models.ForeignKey(
        Departement, on_delete=models.PROTECT, related_name="types_preconisation"
    )
    code = models.SlugField("code", max_length=50)
    libelle = models.CharField("libellé", max_length=200)
    ordre = models.PositiveSmallIntegerField("ordre d’affichage", default=0)
    actif = models.BooleanField("actif", default=True)

    class Meta:
        verbose_name = "type de préconisation"
        verbose_name_plural = "types de préconisation"
        ordering = ["ordre", "libelle"]
        constraints = [
            models.UniqueConstraint(
                fields=["departement", "code"], name="type_preconisation_unique"
            )
        ]

    def __str__(self):
        return self.libelle


class Preconisation(models.Model):
    """A recommendation of the commission to one addressee: an organisation or the household."""

    examen = models.ForeignKey(Examen, on_delete=models.CASCADE, related_name="preconisations")
    type = models.ForeignKey(TypePreconisation, on_delete=models.PROTECT, related_name="+")
    destinataire_organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisation destinataire",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="preconisations_recues",
    )
    destinataire_menage = models.BooleanField("adressée au ménage", default=False)
    texte = models.TextField("précisions", blank=True)
    echeance = models.DateField("échéance", null=True, blank=True)
    statut = models.CharField(
        "statut",
        max_length=20,
        choices=StatutPreconisation.choices,
        default=StatutPreconisation.A_SUIVRE,
    )
    cree_le = models.DateTimeField("créée le", default=timezone.now, editable=False)

    history = HistoricalRecords()

    objects = des_departements_via(
        "examen__seance__commission__departement", dossier="examen__menage"
    )

    class Meta:
        verbose_name = "préconisation"
        ordering = ["examen", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(destinataire_menage=True, destinataire_organisation__isnull=True)
                | Q(destinataire_menage=False, destinataire_organisation__isnull=False),
                name="preconisation_un_destinataire",
                violation_error_message=(
                    "Une préconisation s’adresse au ménage ou à une organisation."
                ),
            )
        ]

    def __str__(self):
        return str(self.type)
