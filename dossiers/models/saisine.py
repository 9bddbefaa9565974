import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from dossiers.enums import CanalSaisine, ModeConsentement, NatureSaisine, StatutSaisine, TypeMessage
from dossiers.models.menage import Menage
from partenaires.enums import OrigineSaisine
from partenaires.models import Commune, Departement, Organisation
from procedure.enums import Motif, NatureBailleur, Parc, Stade
from procedure.models import Procedure

HORS_ARCHIVES = Q(menage__isnull=True) | Q(menage__archive_le__isnull=True)


class SaisineQuerySet(models.QuerySet):
    def des_departements(self, departement_ids):
        """A referral of an archived file goes with it (read only through `archives`)."""
        return self.filter(HORS_ARCHIVES, departement_id__in=departement_ids)

    def de_l_organisation(self, organisation):
        return self.filter(HORS_ARCHIVES, organisation=organisation)

    def pour_le_secretariat(self, user):
        """The département's referrals, drafts excepted (they are the referrer's until sent)."""
        from partenaires.permissions import departements_du_secretariat

        return self.des_departements(departements_du_secretariat(user)).exclude(
            statut=StatutSaisine.BROUILLON
        )

    def pour_le_partenaire(self, user):
        """A partner sees its organisation's referrals, and the reports dispatched to it."""
        from partenaires.permissions import est_partenaire

        if not est_partenaire(user):
            return self.none()
        return self.filter(HORS_ARCHIVES).filter(
            Q(organisation=user.organisation) | Q(orientee_vers=user.organisation)
        )

    def a_trier(self):
        """Triage queue: a known eviction date first (soonest first), then oldest first."""
        from dossiers.enums import STATUTS_A_TRIER

        return self.filter(statut__in=STATUTS_A_TRIER).order_by(
            models.F("date_expulsion_connue").asc(nulls_last=True), "soumise_le", "id"
        )


class Saisine(models.Model):
    """A referral to the CCAPEX: a partner's complex referral or an administrative report.

    The form's answers are kept as submitted (identity, lease, acts known, consent); accepting
    the referral attaches it to a household and a procedure.
    """

    numero = models.CharField("numéro", max_length=24, unique=True, null=True, blank=True)
    # No single-column index for the département and the organisation: the (…, statut)
    # indexes below start with them, and an import writes tens of thousands of rows.
    departement = models.ForeignKey(
        Departement, on_delete=models.PROTECT, related_name="saisines", db_index=False
    )
    nature = models.CharField("nature", max_length=20, choices=NatureSaisine.choices)
    canal = models.CharField("canal", max_length=30, choices=CanalSaisine.choices)
    origine = models.CharField("origine", max_length=20, choices=OrigineSaisine.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name="organisation qui saisit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="saisines",
        db_index=False,
    )
    deposee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="déposée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    statut = models.CharField(
        "statut", max_length=20, choices=StatutSaisine.choices, default=StatutSaisine.BROUILLON
    )
    # A double click or a replayed form carries the same key: one referral only.
    cle_idempotence = models.UUIDField("clé d’envoi", default=uuid.uuid4, unique=True)
    # The household's own referral is confirmed by e-mail before it reaches the triage queue.
    jeton_confirmation = models.CharField("jeton de confirmation", max_length=64, blank=True)
    reference_source = models.CharField(
        "référence à la source", max_length=100, blank=True, help_text="Identifiant à l’import."
    )

    # Household as declared
    nom = models.CharField("nom", max_length=100, blank=True)
    prenom = models.CharField("prénom", max_length=100, blank=True)
    date_naissance = models.DateField("date de naissance", null=True, blank=True)
    telephone = models.CharField("téléphone", max_length=20, blank=True)
    email = models.EmailField("adresse électronique", blank=True)
    adresse = models.CharField("adresse du logement", max_length=300, blank=True)
    complement_adresse = models.CharField("complément d’adresse", max_length=200, blank=True)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="saisines"
    )
    nb_adultes = models.PositiveSmallIntegerField("nombre d’adultes", null=True, blank=True)
    nb_enfants = models.PositiveSmallIntegerField("nombre d’enfants", null=True, blank=True)
    numero_allocataire = models.CharField("numéro d’allocataire", max_length=20, blank=True)
    # Lease and landlord
    bailleur_organisation = models.ForeignKey(
        Organisation,
        verbose_name="bailleur (organisation connue)",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="saisines_bailleur",
    )
    bailleur_nom = models.CharField("nom du bailleur", max_length=200, blank=True)
    bailleur_nature = models.CharField(
        "nature du bailleur", max_length=30, choices=NatureBailleur.choices, blank=True
    )
    parc = models.CharField("parc", max_length=10, choices=Parc.choices, blank=True)
    loyer_hc = models.DecimalField(
        "loyer mensuel hors charges", max_digits=9, decimal_places=2, null=True, blank=True
    )
    charges = models.DecimalField(
        "charges mensuelles", max_digits=9, decimal_places=2, null=True, blank=True
    )
    motif = models.CharField("motif", max_length=20, choices=Motif.choices, blank=True)
    numero_rg = models.CharField("numéro RG", max_length=40, blank=True)
    stade_declare = models.CharField(
        "stade de la procédure (déclaré)", max_length=20, choices=Stade.choices, blank=True
    )
    # Acts known to the referrer: [{"type": "cdp", "date": "2026-01-31", ...}]
    actes_connus = models.JSONField("actes connus", default=list, blank=True)
    montant_dette = models.DecimalField(
        "montant de la dette", max_digits=12, decimal_places=2, null=True, blank=True
    )
    date_dette = models.DateField("dette à la date du", null=True, blank=True)
    mois_impayes = models.PositiveSmallIntegerField("mois d’impayés", null=True, blank=True)
    # What is asked, and how urgent
    demande = models.TextField("ce qui est demandé à la commission", blank=True)
    date_expulsion_connue = models.DateField("date d’expulsion connue", null=True, blank=True)
    # Consent of the household
    consentement_saisine = models.BooleanField("accord du ménage pour la saisine", default=False)
    consentement_partage = models.BooleanField(
        "accord du ménage pour le partage de ses données", default=False
    )
    consentement_recueilli_par = models.CharField(
        "consentement recueilli par", max_length=200, blank=True
    )
    consentement_date = models.DateField("consentement recueilli le", null=True, blank=True)
    consentement_mode = models.CharField(
        "forme du consentement", max_length=20, choices=ModeConsentement.choices, blank=True
    )

    # Triage
    menage = models.ForeignKey(
        Menage, on_delete=models.PROTECT, null=True, blank=True, related_name="saisines"
    )
    procedure = models.ForeignKey(
        Procedure, on_delete=models.PROTECT, null=True, blank=True, related_name="saisines"
    )
    motif_irrecevabilite = models.TextField("motif de non-recevabilité", blank=True)
    traitee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="traitée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    traitee_le = models.DateTimeField("traitée le", null=True, blank=True)
    # Dispatch of administrative reports
    orientee_vers = models.ForeignKey(
        Organisation,
        verbose_name="orientée vers",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="saisines_orientees",
    )
    orientee_le = models.DateTimeField("orientée le", null=True, blank=True)
    prise_en_charge_le = models.DateTimeField("prise en charge le", null=True, blank=True)

    cree_le = models.DateTimeField("créée le", default=timezone.now, editable=False)
    soumise_le = models.DateTimeField("reçue le", null=True, blank=True, db_index=True)
    modifiee_le = models.DateTimeField("modifiée le", auto_now=True)
    version = models.PositiveIntegerField("version", default=1)

    history = HistoricalRecords(excluded_fields=["modifiee_le"])
    objects = SaisineQuerySet.as_manager()

    class Meta:
        verbose_name = "saisine"
        ordering = ["-soumise_le", "-id"]
        indexes = [
            models.Index(fields=["departement", "statut"]),
            models.Index(fields=["organisation", "statut"]),
            # The household list's « origine » filter: households with a referral of origin X.
            models.Index(fields=["origine", "menage"], name="saisine_origine_menage"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["canal", "reference_source"],
                condition=~Q(reference_source=""),
                name="saisine_reference_source_unique",
                violation_error_message="Ce signalement a déjà été importé (même référence).",
            ),
            models.CheckConstraint(
                condition=Q(statut=StatutSaisine.BROUILLON) | Q(numero__isnull=False),
                name="saisine_numero_si_soumise",
                violation_error_message="Une saisine envoyée a un numéro.",
            ),
        ]

    def __str__(self):
        return self.numero or f"Brouillon n° {self.pk}"


class MessageSaisine(models.Model):
    """Exchange between the secretariat and the referrer (e.g. a request for what is missing)."""

    saisine = models.ForeignKey(Saisine, on_delete=models.CASCADE, related_name="messages")
    type = models.CharField("type", max_length=30, choices=TypeMessage.choices)
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="auteur",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    texte = models.TextField("message")
    cree_le = models.DateTimeField("envoyé le", default=timezone.now)
    lu_le = models.DateTimeField("lu le", null=True, blank=True)

    class Meta:
        verbose_name = "message de saisine"
        verbose_name_plural = "messages de saisine"
        ordering = ["cree_le", "id"]

    def __str__(self):
        return f"{self.get_type_display()} — {self.saisine}"
