from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from ccapex.models import Traitement
from ccapex.portee import des_departements_via
from dossiers.enums import CanalSaisine, PresenceEnfants, TypeImport
from partenaires.models import Arrondissement, Commune, Departement, Epci, Organisation
from procedure.enums import Parc


class CorrespondanceImport(models.Model):
    """How the columns of one source's extraction map to an import's expected columns, set
    once by the secretariat (preview, then save) and chosen again for each new file."""

    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="+")
    nom = models.CharField(
        "nom de la source",
        max_length=150,
        help_text="Par exemple : « Extraction EXPLOC » ou « Étude de commissaires de justice X ».",
    )
    type = models.CharField("type de signalements", max_length=20, choices=TypeImport.choices)
    # {expected column: the file's header, normalised}
    colonnes = models.JSONField("correspondance des colonnes", default=dict)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    modifiee_le = models.DateTimeField("modifiée le", auto_now=True)

    objects = des_departements_via("departement")

    class Meta:
        verbose_name = "correspondance de colonnes"
        verbose_name_plural = "correspondances de colonnes"
        ordering = ["type", "nom"]
        constraints = [
            models.UniqueConstraint(
                fields=["departement", "nom"],
                name="correspondance_import_unique",
                violation_error_message="Une correspondance porte déjà ce nom.",
            )
        ]

    def __str__(self):
        return f"{self.nom} ({self.get_type_display()})"


class ImportSignalements(models.Model):
    """An uploaded file of administrative reports, kept so that a job can be run again.

    The dry run and the import are two jobs on the same stored file; re-running either
    creates nothing twice (reports are unique per channel and source reference)."""

    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="+")
    type = models.CharField("type de signalements", max_length=20, choices=TypeImport.choices)
    fichier = models.FileField("fichier", upload_to="imports/")
    nom_original = models.CharField("nom du fichier déposé", max_length=200)
    format = models.CharField("format", max_length=5)
    sha256 = models.CharField("empreinte", max_length=64)
    nb_lignes = models.PositiveIntegerField("nombre de lignes", default=0)
    correspondance = models.ForeignKey(
        CorrespondanceImport,
        verbose_name="correspondance de colonnes",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    simulation = models.ForeignKey(
        Traitement, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    traitement = models.ForeignKey(
        Traitement, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    cree_le = models.DateTimeField("déposé le", default=timezone.now)
    # End of its retention (rule `conservation_imports`): the file and the row-by-row reports
    # name thousands of households; the counters stay.
    efface_le = models.DateTimeField("effacé le", null=True, blank=True, editable=False)

    objects = des_departements_via("departement")

    class Meta:
        verbose_name = "import de signalements"
        verbose_name_plural = "imports de signalements"
        ordering = ["-cree_le", "-id"]

    def __str__(self):
        return f"{self.get_type_display()} — {self.nom_original}"


class RegleOrientation(models.Model):
    """A standing dispatch rule: reports of this territory, parc and family shape go to
    this organisation. Empty criteria match everything."""

    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="+")
    nom = models.CharField("nom de la règle", max_length=150)
    canal = models.CharField(
        "type de signalement", max_length=30, choices=CanalSaisine.choices, blank=True
    )
    arrondissement = models.ForeignKey(
        Arrondissement, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    epci = models.ForeignKey(
        Epci, verbose_name="EPCI", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    parc = models.CharField("parc", max_length=10, choices=Parc.choices, blank=True)
    enfants = models.CharField(
        "enfants au foyer", max_length=10, choices=PresenceEnfants.choices, blank=True
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name="orienter vers", on_delete=models.PROTECT, related_name="+"
    )
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    cree_le = models.DateTimeField("créée le", default=timezone.now)

    objects = des_departements_via("departement")

    class Meta:
        verbose_name = "règle d’orientation"
        verbose_name_plural = "règles d’orientation"
        ordering = ["nom", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["departement", "nom"],
                name="regle_orientation_nom_unique",
                violation_error_message="Une règle porte déjà ce nom.",
            ),
            models.CheckConstraint(
                condition=Q(enfants__in=["", "avec", "sans"]),
                name="regle_orientation_enfants",
                violation_error_message="Enfants : « avec », « sans » ou indifférent.",
            ),
        ]

    def __str__(self):
        return self.nom
