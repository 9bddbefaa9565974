import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from ccapex.enums import SERVABLES, EtatAnalyse
from dossiers.enums import TypeDocument
from dossiers.models.menage import Menage


def chemin_document(instance, filename):
    # A random name: the original one is kept in the database only, never in a path.
    return f"documents/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


def chemin_quarantaine() -> str:
    # Infected files leave documents/ for a folder nothing reads, kept for the security team.
    return f"quarantaine/{timezone.now():%Y/%m}/{uuid.uuid4().hex}"


class DocumentQuerySet(models.QuerySet):
    def visibles_par(self, user):
        """Secretariat: documents of its départements. Partner: those of its organisation's
        referrals. Nobody else downloads documents."""
        from partenaires.permissions import departements_du_secretariat, est_partenaire

        departements = departements_du_secretariat(user)
        # A document of an archived file is read only through `archives`.
        actifs = self.filter(
            Q(menage__isnull=True) | Q(menage__archive_le__isnull=True),
            Q(saisine__isnull=True)
            | Q(saisine__menage__isnull=True)
            | Q(saisine__menage__archive_le__isnull=True),
        )
        if departements:
            return actifs.filter(
                Q(menage__departement_id__in=departements)
                | Q(saisine__departement_id__in=departements)
            )
        if est_partenaire(user):
            return actifs.filter(saisine__organisation=user.organisation)
        return self.none()

    def servables(self):
        """Documents that may be served or joined to anything sent: clean, or uploaded while
        no antivirus was configured. Never one pending analysis or infected."""
        return self.filter(analyse__in=SERVABLES)

    def en_attente_d_analyse(self):
        return self.filter(analyse=EtatAnalyse.EN_COURS)


class Document(models.Model):
    """An uploaded file (PDF, JPEG, PNG), stored outside any public URL."""

    menage = models.ForeignKey(
        Menage, on_delete=models.CASCADE, null=True, blank=True, related_name="documents"
    )
    saisine = models.ForeignKey(
        "dossiers.Saisine",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
    )
    type = models.CharField("type de document", max_length=20, choices=TypeDocument.choices)
    fichier = models.FileField("fichier", upload_to=chemin_document, max_length=200)
    nom = models.CharField("nom du fichier", max_length=200)
    type_mime = models.CharField("type de contenu", max_length=50)
    taille = models.PositiveIntegerField("taille (octets)")
    sha256 = models.CharField("empreinte SHA-256", max_length=64)
    depose_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="déposé par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    depose_le = models.DateTimeField("déposé le", default=timezone.now)
    # Pending by default: a document nobody scanned is never served. Uploads set it from the
    # scan made at upload (ccapex/fichiers.py); the worker settles pending ones.
    analyse = models.CharField(
        "analyse antivirus",
        max_length=20,
        choices=EtatAnalyse.choices,
        default=EtatAnalyse.EN_COURS,
    )
    analyse_le = models.DateTimeField("analysé le", null=True, blank=True)
    virus = models.CharField("virus détecté", max_length=200, blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "document"
        ordering = ["-depose_le", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(menage__isnull=False) | Q(saisine__isnull=False),
                name="document_rattache",
                violation_error_message="Un document appartient à un ménage ou à une saisine.",
            ),
            models.CheckConstraint(
                condition=(Q(analyse=EtatAnalyse.INFECTE) & ~Q(virus=""))
                | (~Q(analyse=EtatAnalyse.INFECTE) & Q(virus="")),
                name="document_virus_si_infecte",
                violation_error_message="Un document refusé par l’antivirus nomme le virus, "
                "et lui seul.",
            ),
        ]
        indexes = [
            # The worker's queue of pending scans: a few rows among many.
            models.Index(
                fields=["id"],
                condition=Q(analyse=EtatAnalyse.EN_COURS),
                name="document_en_attente_analyse",
            )
        ]

    def __str__(self):
        return self.nom

    @property
    def servable(self) -> bool:
        return self.analyse in SERVABLES
