"""Decisions of the commission (loi 90-449 art. 7-2; décrets 2026-83 and 2026-84).

Unlike a recommendation, a decision is an administrative act: a legal basis, grounds, an
addressee that must act on it, a notification, an effective date, and a right of appeal.
Once notified it is never edited (a database trigger refuses it): it is replaced by a new
decision that points to it, and both are kept.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from commission.enums import STATUTS_EN_VIGUEUR, NatureDecision, StatutDecision
from commission.models.seance import Seance
from dossiers.models.menage import Menage
from partenaires.models import Departement, Organisation


class TypeDecisionQuerySet(models.QuerySet):
    def du_departement(self, departement_id):
        """The national kinds and those the département's administrator added."""
        return self.filter(Q(departement__isnull=True) | Q(departement_id=departement_id))


class TypeDecision(models.Model):
    """Reference list of decision kinds: national ones (no département), seeded by a
    migration, and those an administrator adds for a département."""

    departement = models.ForeignKey(
        Departement, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    code = models.SlugField("code", max_length=50)
    libelle = models.CharField("libellé", max_length=200)
    nature = models.CharField("nature", max_length=30, choices=NatureDecision.choices)
    base_legale = models.TextField("base légale proposée", blank=True)
    ordre = models.PositiveSmallIntegerField("ordre d’affichage", default=0)
    actif = models.BooleanField("actif", default=True)

    objects = TypeDecisionQuerySet.as_manager()

    class Meta:
        verbose_name = "type de décision"
        verbose_name_plural = "types de décision"
        ordering = ["ordre", "libelle"]
        constraints = [
            models.UniqueConstraint(
                fields=["departement", "code"],
                nulls_distinct=False,
                name="type_decision_unique",
                violation_error_message="Ce code de type de décision existe déjà.",
            )
        ]

    def __str__(self):
        return self.libelle


# A decision about an archived file goes with it (read only through `archives`).
HORS_ARCHIVES = Q(menage__isnull=True) | Q(menage__archive_le__isnull=True)


class DecisionQuerySet(models.QuerySet):
    def des_departements(self, departement_ids):
        return self.filter(HORS_ARCHIVES).filter(
            Q(menage__departement_id__in=departement_ids)
            | Q(menage__isnull=True, saisine__departement_id__in=departement_ids)
        )

    def adressees_a(self, organisation):
        """What an addressee sees: its decisions once notified (a draft is not sent yet)."""
        if organisation is None:
            return self.none()
        return self.filter(
            HORS_ARCHIVES, destinataire_organisation=organisation, notifiee_le__isnull=False
        )

    def en_vigueur(self):
        return self.filter(statut__in=STATUTS_EN_VIGUEUR)


class Decision(models.Model):
    """One decision of the commission about one household."""

    # The household; a report not yet attached to one is oriented through `saisine` alone.
    menage = models.ForeignKey(
        Menage, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions"
    )
    saisine = models.ForeignKey(
        "dossiers.Saisine",
        verbose_name="signalement orienté",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    type = models.ForeignKey(TypeDecision, on_delete=models.PROTECT, related_name="+")
    seance = models.ForeignKey(
        Seance,
        verbose_name="séance",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    procedure_ecrite = models.BooleanField(
        "prise par procédure écrite",
        default=False,
        help_text="Hors séance, selon le règlement intérieur de la commission.",
    )
    base_legale = models.TextField(
        "base légale", error_messages={"blank": "Indiquez la base légale de la décision."}
    )
    motifs = models.TextField(
        "motifs", error_messages={"blank": "Indiquez les motifs de la décision."}
    )
    destinataire_organisation = models.ForeignKey(
        Organisation,
        verbose_name="destinataire",
        on_delete=models.PROTECT,
        related_name="decisions_recues",
    )
    date_effet = models.DateField("date d’effet")
    date_fin = models.DateField("fin ou réexamen", null=True, blank=True)
    statut = models.CharField(
        "statut", max_length=20, choices=StatutDecision.choices, default=StatutDecision.PRISE
    )
    remplace = models.OneToOneField(
        "self",
        verbose_name="remplace la décision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="remplacee_par",
    )
    prise_le = models.DateTimeField("prise le", default=timezone.now)
    prise_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    notification_demandee_le = models.DateTimeField(
        "notification demandée le", null=True, blank=True
    )
    notifiee_le = models.DateTimeField("notifiée le", null=True, blank=True)
    executee_le = models.DateTimeField("exécution accusée le", null=True, blank=True)
    executee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    terminee_le = models.DateTimeField("levée ou expirée le", null=True, blank=True)
    terminee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    motif_fin = models.TextField("motif de la levée", blank=True)

    history = HistoricalRecords()

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = "décision"
        ordering = ["-prise_le", "-id"]
        indexes = [
            models.Index(
                fields=["destinataire_organisation", "notifiee_le"], name="decision_destinataire"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(seance__isnull=False, procedure_ecrite=False)
                | Q(seance__isnull=True, procedure_ecrite=True),
                name="decision_seance_ou_procedure_ecrite",
                violation_error_message=(
                    "Une décision est prise en séance ou par procédure écrite, l’un ou l’autre."
                ),
            ),
            models.CheckConstraint(
                condition=Q(menage__isnull=False) | Q(saisine__isnull=False),
                name="decision_sur_un_menage_ou_un_signalement",
                violation_error_message="Une décision porte sur un ménage ou un signalement.",
            ),
            models.CheckConstraint(
                condition=~Q(motifs="") & ~Q(base_legale=""),
                name="decision_motivee",
                violation_error_message="Une décision cite sa base légale et ses motifs.",
            ),
            models.CheckConstraint(
                condition=Q(date_fin__isnull=True) | Q(date_fin__gte=models.F("date_effet")),
                name="decision_fin_apres_effet",
                violation_error_message="La fin ne peut précéder la date d’effet.",
            ),
            models.CheckConstraint(
                condition=Q(statut__in=[StatutDecision.PRISE, StatutDecision.REMPLACEE])
                | Q(notifiee_le__isnull=False),
                name="decision_notifiee_datee",
                violation_error_message="Une décision en vigueur a une date de notification.",
            ),
        ]

    def __str__(self):
        return f"{self.type} — {self.numero_dossier}"

    @property
    def numero_dossier(self) -> str:
        """The household's file number, or the report's while it has no household."""
        return self.menage.numero if self.menage_id else self.saisine.numero

    @property
    def modifiable(self) -> bool:
        """Before notification the secretariat may still correct it; never after."""
        return self.notifiee_le is None and self.statut == StatutDecision.PRISE

    @property
    def prise_en(self) -> str:
        if self.procedure_ecrite:
            return "par procédure écrite"
        return f"en séance du {timezone.localtime(self.seance.date):%d/%m/%Y}"
