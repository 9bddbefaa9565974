from datetime import date

from django.contrib.postgres.indexes import OpClass
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, Value, When
from django.utils import timezone
from simple_history.models import HistoricalRecords

from ccapex.recherche import PLUSIEURS_NUMEROS_RG, NumeroRg
from partenaires.models import Commune, Organisation

from .deadlines import (
    Echeance,
    ExpulsionAuPlusTot,
    FinCdp,
    date_expulsion_au_plus_tot,
    date_impaye,
    echeances_de_procedure,
    fin_du_cdp,
)
from .enums import (
    CleRegle,
    IssueJugement,
    LectureBailRenouvele,
    Motif,
    MotifExceptionTreve,
    NatureBailleur,
    Parc,
    Presence,
    SourceActe,
    Stade,
    TypeActe,
    Unite,
)
from .referentiel import REFERENTIEL_PAR_DEFAUT, UNITES_PAR_CLE, Referentiel, VersionRegle
from .stades import RANG, STADE_PAR_TYPE


def _rang_sql():
    return Case(
        *[When(type=type_, then=Value(rang)) for type_, rang in RANG.items()],
        default=Value(0),
        output_field=models.IntegerField(),
    )


def _stade_sql():
    return Case(
        When(
            type=TypeActe.JUGEMENT,
            issue_jugement=IssueJugement.RADIATION_RENVOI,
            then=Value(Stade.ASSIGNATION.value),
        ),
        *[When(type=type_, then=Value(stade.value)) for type_, stade in STADE_PAR_TYPE.items()],
        output_field=models.CharField(),
    )


def stade_subquery(procedure_ref="pk", a_la_date=None):
    """SQL twin of `stades.stade_de`: the stage set by the latest stage-setting act."""
    actes = ActeProcedure.objects.filter(procedure=OuterRef(procedure_ref), type__in=list(RANG))
    if a_la_date is not None:
        actes = actes.filter(date__lte=a_la_date)
    dernier = actes.annotate(rang=_rang_sql(), stade=_stade_sql()).order_by("-date", "-rang", "-id")
    return models.functions.Coalesce(
        Subquery(dernier.values("stade")[:1]), Value(Stade.PREVENTION.value)
    )


class ProcedureQuerySet(models.QuerySet):
    def des_departements(self, departement_ids):
        return self.filter(commune__departement_id__in=departement_ids)

    def avec_stade(self, a_la_date=None):
        """Annotate `stade` (derived from the acts, optionally as it was at a date)."""
        return self.annotate(stade=stade_subquery(a_la_date=a_la_date))


class Procedure(models.Model):
    """A judicial eviction procedure as the acts describe it (landlord, tenants, dwelling)."""

    bailleur_organisation = models.ForeignKey(
        Organisation,
        verbose_name="bailleur (organisation connue)",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="procedures_bailleur",
    )
    bailleur_nom = models.CharField(
        "nom du bailleur",
        max_length=200,
        blank=True,
        help_text="Pour un bailleur qui n’est pas une organisation connue de l’application.",
    )
    bailleur_nature = models.CharField(
        "nature du bailleur", max_length=30, choices=NatureBailleur.choices
    )
    locataires = models.CharField("locataires (tels que nommés dans les actes)", max_length=300)
    adresse = models.CharField("adresse du logement", max_length=300)
    complement_adresse = models.CharField("complément d’adresse", max_length=200, blank=True)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="procedures")
    parc = models.CharField("parc", max_length=10, choices=Parc.choices)
    motif = models.CharField("motif", max_length=20, choices=Motif.choices)
    loyer_hc = models.DecimalField(
        "loyer mensuel hors charges", max_digits=9, decimal_places=2, null=True, blank=True
    )
    charges = models.DecimalField(
        "charges mensuelles", max_digits=9, decimal_places=2, null=True, blank=True
    )
    date_bail = models.DateField(
        "date de signature du bail",
        null=True,
        blank=True,
        help_text="Elle fixe le délai du commandement de payer : 2 mois pour un bail signé "
        "avant le 29/07/2023, 6 semaines depuis.",
    )
    date_renouvellement_bail = models.DateField(
        "date du dernier renouvellement du bail", null=True, blank=True
    )
    date_premier_impaye = models.DateField(
        "date du premier défaut de paiement",
        null=True,
        blank=True,
        help_text="Constaté par le bailleur : l’impayé est constitué 3 mois après (décret "
        "n° 2026-84, à partir du 1er janvier 2027).",
    )
    # Searched through `procedure_numero_rg_cle` (the number's key), never compared whole.
    numero_rg = models.CharField("numéro RG (tribunal)", max_length=40, blank=True)
    tribunal = models.CharField("tribunal", max_length=200, blank=True)
    # The earliest open deadline, for filtering lists in SQL. Derived from the acts by
    # `deadlines.echeances`; written by `services.recalculer_echeance` after each change, and
    # by `services.enregistrer_echeances` for the bulk writers (import, demo).
    prochaine_echeance = models.DateField(
        "prochaine échéance", null=True, blank=True, editable=False, db_index=True
    )
    prochaine_echeance_libelle = models.CharField(
        "nature de la prochaine échéance", max_length=200, blank=True, editable=False
    )
    cree_le = models.DateTimeField("créée le", default=timezone.now, editable=False)
    modifie_le = models.DateTimeField("modifiée le", auto_now=True)
    # Optimistic locking: a save that did not start from the current version is refused.
    version = models.PositiveIntegerField("version", default=1)

    history = HistoricalRecords(
        excluded_fields=["prochaine_echeance", "prochaine_echeance_libelle", "modifie_le"]
    )
    objects = ProcedureQuerySet.as_manager()

    class Meta:
        verbose_name = "procédure"
        # The id breaks ties: one import chunk gives its procedures the same creation time,
        # and the household's current procedure is the latest by (cree_le, id).
        ordering = ["-cree_le", "-id"]
        indexes = [
            # The search of a whole RG number (`MenageQuerySet.recherche`): a prefix range.
            models.Index(
                OpClass(NumeroRg("numero_rg"), name="text_pattern_ops"),
                name="procedure_numero_rg_cle",
            ),
            # The same search, for the values that may hold several numbers: read whole.
            models.Index(
                fields=["id"],
                condition=Q(numero_rg__regex=PLUSIEURS_NUMEROS_RG),
                name="procedure_plusieurs_rg",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(bailleur_organisation__isnull=False) | ~Q(bailleur_nom=""),
                name="procedure_bailleur_renseigne",
                violation_error_message="Indiquez le bailleur : une organisation ou un nom.",
            ),
            models.CheckConstraint(
                condition=Q(loyer_hc__isnull=True) | Q(loyer_hc__gte=0),
                name="procedure_loyer_positif",
                violation_error_message="Le loyer ne peut pas être négatif.",
            ),
        ]

    def __str__(self):
        return f"{self.locataires} — {self.adresse}"

    @property
    def bailleur(self) -> str:
        return self.bailleur_organisation.nom if self.bailleur_organisation else self.bailleur_nom

    @property
    def departement_code(self) -> str:
        return self.commune.departement.code

    def referentiel(self) -> Referentiel:
        """The reference data of this procedure's département, read now from the database."""
        return RegleJuridique.objects.referentiel(departement_code=self.departement_code)

    def echeances(self, aujourd_hui: date, regles: Referentiel | None = None) -> list[Echeance]:
        """Deadlines and alerts, from the acts and debts (prefetch them for lists). Pass the
        reference data loaded once for the request; without it, they are read here."""
        regles = regles or self.referentiel()
        return echeances_de_procedure(
            self, self.actes.all(), self.dettes.all(), aujourd_hui, regles
        )

    def fin_du_cdp(self, regles: Referentiel) -> FinCdp | None:
        """The period of the latest commandement de payer and the lease rule used."""
        cdps = [a for a in self.actes.all() if a.type == TypeActe.CDP]
        if not cdps:
            return None
        return fin_du_cdp(
            max(cdps, key=lambda a: a.date).date,
            date_bail=self.date_bail,
            date_renouvellement_bail=self.date_renouvellement_bail,
            regles=regles,
        )

    def expulsion_au_plus_tot(self, regles: Referentiel) -> ExpulsionAuPlusTot | None:
        return date_expulsion_au_plus_tot(list(self.actes.all()), regles)

    def date_impaye(self, regles: Referentiel) -> date | None:
        """When the situation is an impayé in the sense of décret n° 2026-84."""
        return date_impaye(list(self.dettes.all()), self.date_premier_impaye, regles)


class ActeProcedureQuerySet(models.QuerySet):
    def chronologiques(self):
        return self.annotate(rang=_rang_sql()).order_by("date", "rang", "id")


class ActeProcedure(models.Model):
    """A dated act of the procedure; type-specific fields are empty for other types."""

    # Indexed by (procedure, date) below.
    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="actes", db_index=False
    )
    type = models.CharField("type d’acte", max_length=30, choices=TypeActe.choices)
    date = models.DateField("date")
    source = models.CharField(
        "source", max_length=20, choices=SourceActe.choices, default=SourceActe.SECRETARIAT
    )
    reference_source = models.CharField(
        "référence à la source",
        max_length=100,
        blank=True,
        help_text="Identifiant chez l’émetteur (import) : un acte n’est jamais importé deux fois.",
    )
    # Assignation
    date_audience = models.DateField("date d’audience prévue", null=True, blank=True)
    date_notification_prefet = models.DateField(
        "date de notification au préfet", null=True, blank=True
    )
    # Hearing and judgment
    presence = models.CharField(
        "présence du locataire", max_length=20, choices=Presence.choices, blank=True
    )
    aide_juridictionnelle = models.BooleanField("aide juridictionnelle", null=True, blank=True)
    issue_jugement = models.CharField(
        "décision", max_length=30, choices=IssueJugement.choices, blank=True
    )
    delais_paiement_mois = models.PositiveSmallIntegerField(
        "délais de paiement accordés (mois)", null=True, blank=True
    )
    # Délai de grâce of the juge de l'exécution
    delai_grace_mois = models.PositiveSmallIntegerField(
        "durée du délai de grâce (mois)",
        null=True,
        blank=True,
        help_text="De 1 mois à 1 an depuis le 29/07/2023 (CPCE, art. L412-4).",
    )
    delai_quitter_lieux_jours = models.PositiveSmallIntegerField(
        "délai pour quitter les lieux fixé par le juge (jours)",
        null=True,
        blank=True,
        help_text="Vide : le délai légal de deux mois après le commandement de quitter les lieux.",
    )
    # Commandement de payer
    mois_impayes = models.PositiveSmallIntegerField(
        "mois d’impayés consécutifs", null=True, blank=True
    )
    # CFP granted
    date_expulsion_prevue = models.DateField("date d’expulsion prévue", null=True, blank=True)
    # Eviction
    exception_treve = models.BooleanField(
        "exception à la trêve hivernale",
        default=False,
        help_text="Cas prévus par la loi (occupation par voie de fait, relogement assuré…).",
    )
    motif_exception_treve = models.CharField(
        "motif d’exception à la trêve hivernale",
        max_length=30,
        choices=MotifExceptionTreve.choices,
        blank=True,
        help_text="Le fondement légal qui écarte la trêve : il compte pour la date d’expulsion "
        "au plus tôt.",
    )
    commentaire = models.TextField("commentaire", blank=True)
    cree_le = models.DateTimeField("créé le", default=timezone.now, editable=False)
    version = models.PositiveIntegerField("version", default=1)

    history = HistoricalRecords()
    objects = ActeProcedureQuerySet.as_manager()

    class Meta:
        verbose_name = "acte de procédure"
        verbose_name_plural = "actes de procédure"
        ordering = ["date", "id"]
        indexes = [
            models.Index(fields=["procedure", "date"]),
            models.Index(fields=["type", "date"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "reference_source"],
                condition=~Q(reference_source=""),
                name="acte_reference_source_unique",
                violation_error_message="Cet acte a déjà été importé (même référence).",
            ),
            models.CheckConstraint(
                condition=Q(type=TypeActe.JUGEMENT, issue_jugement__gt="")
                | (~Q(type=TypeActe.JUGEMENT) & Q(issue_jugement="")),
                name="acte_issue_si_jugement",
                violation_error_message="Seul un jugement indique une décision, et il le doit.",
            ),
        ]

    def __str__(self):
        return f"{self.get_type_display()} du {self.date:%d/%m/%Y}"


class EtatDette(models.Model):
    """The debt at a date: its history is what the dossier page draws."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="dettes")
    date = models.DateField("date")
    montant = models.DecimalField("montant de la dette", max_digits=12, decimal_places=2)
    mois_impayes = models.PositiveSmallIntegerField("mois d’impayés", null=True, blank=True)
    acte = models.ForeignKey(
        ActeProcedure,
        verbose_name="acte où ce montant figure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dettes",
    )
    commentaire = models.CharField("source ou commentaire", max_length=200, blank=True)
    cree_le = models.DateTimeField("enregistré le", default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "état de la dette"
        verbose_name_plural = "états de la dette"
        ordering = ["date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(montant__gte=0),
                name="dette_positive",
                violation_error_message="Le montant de la dette ne peut pas être négatif.",
            )
        ]

    def __str__(self):
        return f"{self.montant} € au {self.date:%d/%m/%Y}"


class RegleJuridiqueQuerySet(models.QuerySet):
    def nationales_et_du_departement(self, departement_code: str = ""):
        return self.filter(Q(departement_code="") | Q(departement_code=departement_code))

    def referentiel(self, departement_code: str = "") -> Referentiel:
        """The immutable snapshot the pure rules read: one query, once per request."""
        versions = tuple(r.version() for r in self.nationales_et_du_departement(departement_code))
        if not versions:
            # An empty table (before migration 0003, or a database flushed between tests):
            # the seeded law rather than no law at all.
            return REFERENTIEL_PAR_DEFAUT.pour_departement(departement_code)
        return Referentiel(versions, departement_code)


class RegleJuridique(models.Model):
    """One dated version of a legal delay, threshold or setting, with its source. The rules
    of `deadlines.py` take the version in force on the relevant date."""

    cle = models.CharField("règle", max_length=40, choices=CleRegle.choices)
    departement_code = models.CharField(
        "département",
        max_length=3,
        blank=True,
        help_text="Vide : règle nationale. Un code : arrêté préfectoral de ce département "
        "(seuils antérieurs à la loi n° 2023-668).",
    )
    valeur = models.DecimalField("valeur", max_digits=12, decimal_places=2, null=True, blank=True)
    unite = models.CharField("unité", max_length=10, choices=Unite.choices)
    texte = models.CharField(
        "réglage",
        max_length=200,
        blank=True,
        help_text="Pour un réglage qui n’est pas un nombre (canal de notification, lecture "
        "retenue pour les baux renouvelés…).",
    )
    valide_du = models.DateField("en vigueur du")
    valide_jusqu_au = models.DateField(
        "en vigueur jusqu’au (inclus)", null=True, blank=True, help_text="Vide : en vigueur."
    )
    source = models.TextField("source juridique")
    a_verifier = models.BooleanField(
        "à vérifier",
        default=False,
        help_text="Tirée d’un commentaire et non du texte officiel : à confirmer.",
    )
    modifie_le = models.DateTimeField("modifiée le", auto_now=True)

    history = HistoricalRecords(excluded_fields=["modifie_le"])
    objects = RegleJuridiqueQuerySet.as_manager()

    class Meta:
        verbose_name = "règle juridique"
        verbose_name_plural = "règles juridiques"
        ordering = ["cle", "departement_code", "valide_du"]
        constraints = [
            models.UniqueConstraint(
                fields=["cle", "departement_code", "valide_du"],
                name="regle_juridique_version_unique",
                violation_error_message="Une version de cette règle commence déjà à cette date.",
            ),
            models.CheckConstraint(
                condition=Q(valide_jusqu_au__isnull=True) | Q(valide_jusqu_au__gte=F("valide_du")),
                name="regle_juridique_periode_ordonnee",
                violation_error_message="La fin de validité précède son début.",
            ),
        ]

    def __str__(self):
        return f"{self.get_cle_display()} : {self.version().libelle}"

    def version(self) -> VersionRegle:
        return VersionRegle(
            cle=self.cle,
            valeur=self.valeur,
            unite=self.unite,
            valide_du=self.valide_du,
            valide_jusqu_au=self.valide_jusqu_au,
            texte=self.texte,
            source=self.source,
            a_verifier=self.a_verifier,
            departement_code=self.departement_code,
        )

    def clean(self):
        super().clean()
        permises = UNITES_PAR_CLE.get(self.cle)
        if permises and self.unite and self.unite not in permises:
            noms = ", ".join(sorted(Unite(u).label for u in permises))
            raise ValidationError({"unite": f"Pour cette règle, l’unité est : {noms}."})
        textuelle = self.unite in (Unite.TEXTE, Unite.JOUR_DE_L_ANNEE)
        if textuelle and self.valeur is not None:
            raise ValidationError({"valeur": "Un réglage en texte n’a pas de valeur numérique."})
        if not textuelle and self.texte:
            raise ValidationError({"texte": "Seul un réglage en texte a un texte."})
        if self.unite == Unite.JOUR_DE_L_ANNEE:
            try:
                jour, mois = (int(x) for x in self.texte.split("/"))
                date(2028, mois, jour)  # a leap year: 29/02 is a valid yearly date
            except ValueError:
                raise ValidationError(
                    {"texte": "Indiquez le jour et le mois sous la forme JJ/MM, par exemple 31/03."}
                ) from None
        if self.cle == CleRegle.BAIL_RENOUVELE and self.texte not in LectureBailRenouvele.values:
            choix = " ou ".join(f"« {v} »" for v in LectureBailRenouvele.values)
            raise ValidationError({"texte": f"Pour cette règle, le réglage vaut {choix}."})
        if self.valeur is not None and self.valeur < 0:
            raise ValidationError({"valeur": "La valeur ne peut pas être négative."})
        if not (self.cle and self.valide_du):
            return
        fin = self.valide_jusqu_au or date.max
        autres = RegleJuridique.objects.filter(
            cle=self.cle, departement_code=self.departement_code
        ).exclude(pk=self.pk)
        for autre in autres:
            if autre.valide_du <= fin and self.valide_du <= (autre.valide_jusqu_au or date.max):
                au = f"{autre.valide_jusqu_au:%d/%m/%Y}" if autre.valide_jusqu_au else "ce jour"
                raise ValidationError(
                    "Cette période chevauche la version en vigueur du "
                    f"{autre.valide_du:%d/%m/%Y} au {au} : fermez-la d’abord."
                )
