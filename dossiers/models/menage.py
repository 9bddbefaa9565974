import re

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import F, Q, Value
from django.utils import timezone
from simple_history.models import HistoricalRecords

from ccapex.recherche import PLUSIEURS_NUMEROS_RG, NumeroRg, SansAccents, TexteSimplifie
from dossiers.enums import (
    AideLogement,
    EtapeSurendettement,
    EtatAideLogement,
    LienMembre,
    NatureRessource,
    OrganismePayeur,
    StatutDLS,
    StatutMenage,
    TypeMesure,
    Vulnerabilite,
)
from partenaires.models import Commune, Departement, Organisation
from procedure.enums import Motif, Parc, Stade
from procedure.models import Procedure


class CompteurDossier(models.Model):
    """Last number given per département, year and series; read under a row lock."""

    departement = models.ForeignKey(Departement, on_delete=models.PROTECT)
    annee = models.PositiveSmallIntegerField("année")
    serie = models.CharField("série", max_length=20)
    dernier = models.PositiveIntegerField("dernier numéro", default=0)

    class Meta:
        verbose_name = "compteur de numéros"
        constraints = [
            models.UniqueConstraint(
                fields=["departement", "annee", "serie"], name="compteur_unique"
            )
        ]

    def __str__(self):
        return f"{self.departement.code}-{self.annee} {self.serie} : {self.dernier}"


class MenageQuerySet(models.QuerySet):
    def des_departements(self, departement_ids):
        """The département's files in the active base: an archived file is out of every
        list, search, export, API and dashboard (it is read only through `archives`)."""
        return self.filter(departement_id__in=departement_ids, archive_le__isnull=True)

    def en_base_active(self):
        return self.filter(archive_le__isnull=True)

    def archives(self):
        """Files in the intermediate archive (anonymised ones included)."""
        return self.filter(archive_le__isnull=False)

    def archives_visibles_par(self, user):
        """The archivist / DPO reads the archived files of its département, nobody else."""
        from partenaires.permissions import departements_des_archives

        return self.archives().filter(departement_id__in=departements_des_archives(user))

    def actifs(self):
        return self.exclude(statut=StatutMenage.FUSIONNE)

    def visibles_par(self, user):
        """Secretariat agents see the dossiers of their département(s); nobody else does here."""
        from partenaires.permissions import departements_du_secretariat

        return self.des_departements(departements_du_secretariat(user))

    def avec_resume(self):
        """What lists show: the stored summary (current procedure, its stage, next deadline,
        motif, parc, latest debt, name of the first member) lives on the row itself, kept by
        `dossiers.resume`; only the commune is joined."""
        return self.select_related("commune").annotate(procedure_courante=F("procedure_en_cours"))

    def recherche(self, texte: str):
        """Every word must appear in a name, the number, the address or the court number,
        whatever the accents and the case; a word of letters that appears nowhere is taken
        for a typo and matched by similarity instead (« lefvre » finds « Lefèvre »).

        One condition per word on `texte_recherche` (see `dossiers.recherche`), answered by
        its trigram GIN index: LIKE for a fragment, word similarity (`%>`) for a typo. The
        similarity is only tried when the fragment finds nothing (one more, indexed query):
        evaluated on every household of a large result it cost 1.4 s at 100 000."""
        resultat = self
        portee = self.order_by().values("pk")
        for mot in texte.split():
            if NUMERO_DE_DOSSIER.match(mot):
                # A whole dossier number: the numbers that start with it, by the B-tree of
                # `numero` (the number leads the search text, so the fragment search gives
                # the same households, except where the number sits inside a longer one:
                # « 71-2026-00001 » in « 971-2026-00001 », no longer found). Its trigrams
                # are shared by every number of the year: intersecting their lists in the
                # GIN index cost 115 ms at 100 000.
                resultat = resultat.filter(numero__startswith=mot.upper())
                continue
            if NUMERO_RG.match(mot):
                # A whole court number, the same way: the procedures whose RG number starts
                # with it (`NumeroRg`, the first RG number in the value as typed). The text
                # search read the GIN lists of « 25 » and of every 5-digit run: 75 ms at
                # 100 000 households, growing with the base. The value is typed by hand,
                # by the tenant too (« convocation du 12/03/2026, RG 25/01234 »,
                # « 24/00123 appel 25/01234 »): the few values holding more than one number
                # (`PLUSIEURS_NUMEROS_RG`) have a partial index of their own, read whole, in
                # which the number is looked for anywhere, as the text search did (10 000 of
                # them in 1 000 000 procedures: 8 ms; none: 1 ms). Not found any more: the number
                # written with characters that `immutable_unaccent` folds (« 25⁄01234 »).
                premier = Q(rg__startswith=mot)
                ailleurs = Q(
                    procedure__numero_rg__regex=PLUSIEURS_NUMEROS_RG,
                    procedure__numero_rg__contains=mot,
                )
                procedures = MenageProcedure.objects.annotate(
                    rg=NumeroRg("procedure__numero_rg")
                ).filter(premier | ailleurs)
                resultat = resultat.filter(pk__in=procedures.values("menage_id"))
                continue
            cle = TexteSimplifie(Value(mot))
            condition = Q(texte_recherche__contains=cle)
            if len(mot) >= 4 and mot.isalpha() and not portee.filter(condition).exists():
                condition = Q(texte_recherche__trigram_word_similar=cle)
            resultat = resultat.filter(condition)
        return resultat


# A dossier number as `dossiers.numerotation` writes it: département (2A and 2B included),
# year, sequence. ASCII digits only (`\d` takes any): the text search folds the others.
NUMERO_DE_DOSSIER = re.compile(r"^(?:\d{2,3}|2[AB])-\d{4}-\d{5,}$", re.IGNORECASE | re.ASCII)
# A court's general-register number as judgments print it: year, slash, sequence.
NUMERO_RG = re.compile(r"^\d{2}/\d{5,}$", re.ASCII)

# Written only by `dossiers.resume` (never by `save`, nor kept in the history).
CHAMPS_RESUME = [
    "procedure_en_cours",
    "stade",
    "prochaine_echeance",
    "prochaine_echeance_libelle",
    "echeance_depassee",
    "motif",
    "parc",
    "numero_rg",
    "dette",
    "date_dernier_acte",
    "nom_reference",
    "prenom_reference",
]


# What every list reads (`des_departements` and `actifs`): the lists' partial indexes have
# both conditions, so that their scans never visit the table (index-only, after a VACUUM).
ACTIFS_EN_BASE = ~Q(statut=StatutMenage.FUSIONNE) & Q(archive_le__isnull=True)


class Menage(models.Model):
    """A household threatened with eviction: the dossier of the secretariat."""

    numero = models.CharField("numéro", max_length=20, unique=True, editable=False)
    # Indexed below among the active households only (`menage_dep_actifs`).
    departement = models.ForeignKey(
        Departement, on_delete=models.PROTECT, related_name="menages", db_index=False
    )
    statut = models.CharField(
        "statut", max_length=20, choices=StatutMenage.choices, default=StatutMenage.ACTIF
    )
    fusionne_dans = models.ForeignKey(
        "self",
        verbose_name="fusionné dans",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="doublons_fusionnes",
    )
    # Contact and current address
    adresse = models.CharField("adresse", max_length=300)
    complement_adresse = models.CharField("complément d’adresse", max_length=200, blank=True)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="menages")
    telephone = models.CharField("téléphone", max_length=20, blank=True)
    email = models.EmailField("adresse électronique", blank=True)
    # Benefits
    organisme_payeur = models.CharField(
        "organisme payeur", max_length=5, choices=OrganismePayeur.choices, blank=True
    )
    numero_allocataire = models.CharField("numéro d’allocataire", max_length=20, blank=True)
    aide_logement = models.CharField(
        "aide au logement",
        max_length=10,
        choices=AideLogement.choices,
        default=AideLogement.AUCUNE,
    )
    aide_logement_montant = models.DecimalField(
        "montant mensuel de l’aide au logement",
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
    )
    aide_logement_etat = models.CharField(
        "état de l’aide au logement", max_length=20, choices=EtatAideLogement.choices, blank=True
    )
    # Vulnerabilities and social follow-up
    vulnerabilites = ArrayField(
        models.CharField(max_length=20, choices=Vulnerabilite.choices),
        verbose_name="vulnérabilités",
        default=list,
        blank=True,
    )
    connu_services_sociaux = models.BooleanField("connu des services sociaux", default=False)
    service_social = models.ForeignKey(
        Organisation,
        verbose_name="service social qui suit le ménage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="menages_suivis",
    )
    referent_social = models.CharField("référent social", max_length=200, blank=True)
    # Social housing application and DALO
    dls_statut = models.CharField(
        "demande de logement social",
        max_length=30,
        choices=StatutDLS.choices,
        default=StatutDLS.AUCUNE,
    )
    dls_numero = models.CharField("numéro unique de la demande", max_length=30, blank=True)
    dls_date = models.DateField("date de la demande", null=True, blank=True)
    dalo_depose = models.BooleanField("recours DALO déposé", default=False)
    dalo_prioritaire = models.BooleanField("reconnu prioritaire DALO", default=False)
    dalo_date = models.DateField("date de la décision DALO", null=True, blank=True)
    observations = models.TextField("observations", blank=True)

    procedures = models.ManyToManyField(
        Procedure, through="MenageProcedure", related_name="menages", blank=True
    )
    cree_le = models.DateTimeField("créé le", default=timezone.now, editable=False)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="créé par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    modifie_le = models.DateTimeField("modifié le", auto_now=True)
    modifie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="modifié par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Optimistic locking: a save that did not start from the current version is refused.
    version = models.PositiveIntegerField("version", default=1)
    # Retention (docs/conservation.md): set by `dossiers.services.conservation` only.
    archive_le = models.DateTimeField(
        "versé en archive intermédiaire le", null=True, blank=True, editable=False, db_index=True
    )
    anonymise_le = models.DateTimeField("anonymisé le", null=True, blank=True, editable=False)
    # Derived from the household, its members and procedures; written only by
    # `dossiers.recherche.actualiser` (never by `save`, see below).
    texte_recherche = models.TextField("texte de recherche", blank=True, default="", editable=False)
    # The household's current state, derived from its procedures, acts, debts and members by
    # `dossiers.resume` (the pure rules' output), in the same transaction as every service
    # that changes them, and nightly for what changes with the date alone. The list, its
    # filters, sorts, CSV export and the API read these columns (indexed below) instead of
    # computing sub-selects for every household. NULL: no procedure (or no member), as the
    # sub-selects gave, so that such households sort last.
    procedure_en_cours = models.ForeignKey(
        Procedure,
        verbose_name="procédure en cours",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    stade = models.CharField(
        "stade", max_length=20, choices=Stade.choices, default=Stade.PREVENTION, editable=False
    )
    prochaine_echeance = models.DateField("prochaine échéance", null=True, editable=False)
    prochaine_echeance_libelle = models.CharField(  # noqa: DJ001 (NULL: no procedure)
        "nature de la prochaine échéance", max_length=200, null=True, editable=False
    )
    echeance_depassee = models.BooleanField("échéance dépassée", default=False, editable=False)
    motif = models.CharField(  # noqa: DJ001 (NULL: no procedure)
        "motif", max_length=20, choices=Motif.choices, null=True, editable=False
    )
    parc = models.CharField(  # noqa: DJ001 (NULL: no procedure)
        "parc", max_length=10, choices=Parc.choices, null=True, editable=False
    )
    numero_rg = models.CharField(  # noqa: DJ001 (NULL: no procedure)
        "numéro RG", max_length=40, null=True, editable=False
    )
    dette = models.DecimalField("dette", max_digits=12, decimal_places=2, null=True, editable=False)
    date_dernier_acte = models.DateField("date du dernier acte", null=True, editable=False)
    nom_reference = models.CharField(  # noqa: DJ001 (NULL: no member)
        "nom de référence", max_length=100, null=True, editable=False
    )
    prenom_reference = models.CharField(  # noqa: DJ001 (NULL: no member)
        "prénom de référence", max_length=100, null=True, editable=False
    )

    history = HistoricalRecords(excluded_fields=["modifie_le", "texte_recherche", *CHAMPS_RESUME])
    objects = MenageQuerySet.as_manager()

    class Meta:
        verbose_name = "ménage"
        ordering = ["-cree_le"]
        indexes = [
            models.Index(fields=["departement", "statut"]),
            # The capped count walks it: every active household of a département under one
            # key, stored deduplicated (6.8 MB for 1 000 000 households against 43 MB for
            # `menage_dep_numero_actifs`), so that counting 100 000 takes 4 ms, not 7. The
            # capped count of a frequent word walks it too (a sequential scan without it).
            models.Index(
                fields=["departement"], name="menage_dep_actifs", condition=ACTIFS_EN_BASE
            ),
            # The list shows the active households of a département; these answer its sorts
            # that do not need the summary (creation date, number) with an index walk that
            # stops after one page instead of sorting the whole département.
            models.Index(
                fields=["departement", "-cree_le", "-id"],
                name="menage_dep_creation_actifs",
                condition=ACTIFS_EN_BASE,
            ),
            models.Index(
                fields=["departement", "numero"],
                name="menage_dep_numero_actifs",
                condition=ACTIFS_EN_BASE,
            ),
            # The vulnerability filter (`&&`, overlap).
            GinIndex(fields=["vulnerabilites"], name="menage_vulnerabilites_gin"),
            # Report imports match known households on these, 1 000 values at a time
            # (exact keys: a B-tree answers each in a few pages, whatever the département).
            models.Index(
                "departement",
                "numero_allocataire",
                name="menage_dep_allocataire",
                condition=~Q(numero_allocataire=""),
            ),
            models.Index("commune", SansAccents("adresse"), name="menage_commune_adresse_cle"),
            GinIndex(
                fields=["texte_recherche"],
                opclasses=["gin_trgm_ops"],
                name="menage_texte_recherche_trgm",
            ),
            # The list's sorts and filters on the stored summary, among the active households
            # of a département: an index walk in the order shown, stopped after one page. The
            # id ends the key (the paginator's tie-breaker, walked backwards for a far page),
            # and the condition is the lists' own: the page's ids and the capped count are read
            # from the index alone (an OFFSET skips rows without visiting the table).
            models.Index(
                fields=["departement", "prochaine_echeance", "-cree_le", "-id"],
                name="menage_dep_echeance_actifs",
                condition=ACTIFS_EN_BASE,
            ),
            models.Index(
                fields=["departement", "stade", "prochaine_echeance", "-cree_le", "-id"],
                name="menage_dep_stade_actifs",
                condition=ACTIFS_EN_BASE,
            ),
            models.Index(
                fields=["departement", "motif", "parc", "prochaine_echeance", "-cree_le", "-id"],
                name="menage_dep_motif_actifs",
                condition=ACTIFS_EN_BASE,
            ),
            models.Index(
                fields=["departement", "nom_reference", "id"],
                name="menage_dep_nom_actifs",
                condition=ACTIFS_EN_BASE,
            ),
            models.Index(
                fields=["departement", "dette", "id"],
                name="menage_dep_dette_actifs",
                condition=ACTIFS_EN_BASE,
            ),
            # The balance by parc reads the referrals only of households without a procedure
            # (`indicateurs.parc.filtre_menage`): few, found without a scan of every household.
            models.Index(
                fields=["id"],
                name="menage_sans_procedure",
                condition=Q(procedure_en_cours__isnull=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(statut=StatutMenage.FUSIONNE, fusionne_dans__isnull=False)
                | (~Q(statut=StatutMenage.FUSIONNE) & Q(fusionne_dans__isnull=True)),
                name="menage_fusion_coherente",
                violation_error_message="Un dossier fusionné indique dans quel dossier il l’a été.",
            ),
        ]

    def __str__(self):
        return self.numero

    def save(self, *args, **kwargs):
        # An instance loaded before `recherche.actualiser` or `resume.actualiser` ran holds
        # a stale search text and summary: an update never writes them back.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in ("texte_recherche", *CHAMPS_RESUME)
            ]
        super().save(*args, **kwargs)

    @property
    def libelles_vulnerabilites(self) -> list[str]:
        return [Vulnerabilite(v).label for v in self.vulnerabilites if v in Vulnerabilite.values]


class MenageProcedure(models.Model):
    """A procedure concerns one household; a household may have had several procedures."""

    menage = models.ForeignKey(Menage, on_delete=models.CASCADE)
    procedure = models.OneToOneField(Procedure, on_delete=models.CASCADE)
    lie_le = models.DateTimeField("lié le", default=timezone.now)

    class Meta:
        verbose_name = "procédure du ménage"
        verbose_name_plural = "procédures du ménage"

    def __str__(self):
        return f"{self.menage} — {self.procedure}"


class MembreMenage(models.Model):
    menage = models.ForeignKey(Menage, on_delete=models.CASCADE, related_name="membres")
    nom = models.CharField("nom", max_length=100)
    prenom = models.CharField("prénom", max_length=100, blank=True)
    date_naissance = models.DateField("date de naissance", null=True, blank=True)
    lien = models.CharField("lien", max_length=20, choices=LienMembre.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "membre du ménage"
        verbose_name_plural = "membres du ménage"
        ordering = ["id"]
        indexes = [
            models.Index(fields=["nom", "date_naissance"]),
            models.Index(SansAccents("nom"), "date_naissance", name="membre_nom_naissance_cle"),
            GinIndex(OpClass(SansAccents("nom"), name="gin_trgm_ops"), name="membre_nom_trgm"),
            GinIndex(
                OpClass(SansAccents("prenom"), name="gin_trgm_ops"), name="membre_prenom_trgm"
            ),
        ]

    def __str__(self):
        return f"{self.prenom} {self.nom}".strip()


class Ressource(models.Model):
    menage = models.ForeignKey(Menage, on_delete=models.CASCADE, related_name="ressources")
    nature = models.CharField("nature", max_length=30, choices=NatureRessource.choices)
    montant_mensuel = models.DecimalField("montant mensuel", max_digits=9, decimal_places=2)
    beneficiaire = models.ForeignKey(
        MembreMenage,
        verbose_name="bénéficiaire",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "ressource"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(montant_mensuel__gte=0),
                name="ressource_positive",
                violation_error_message="Un montant de ressource ne peut pas être négatif.",
            )
        ]

    def __str__(self):
        return f"{self.get_nature_display()} : {self.montant_mensuel} €"


class Mesure(models.Model):
    """A measure in place for the household (FSL, ASLL, AVDL, MASP, protection, surendettement)."""

    menage = models.ForeignKey(Menage, on_delete=models.CASCADE, related_name="mesures")
    type = models.CharField("type", max_length=30, choices=TypeMesure.choices)
    etape_surendettement = models.CharField(
        "étape du surendettement", max_length=30, choices=EtapeSurendettement.choices, blank=True
    )
    date_debut = models.DateField("date de début", null=True, blank=True)
    date_fin = models.DateField("date de fin", null=True, blank=True)
    operateur = models.ForeignKey(
        Organisation, verbose_name="opérateur", on_delete=models.SET_NULL, null=True, blank=True
    )
    commentaire = models.CharField("commentaire", max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "mesure"
        ordering = ["date_debut", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(type=TypeMesure.SURENDETTEMENT) | Q(etape_surendettement=""),
                name="mesure_etape_si_surendettement",
                violation_error_message="Seul un dossier de surendettement a une étape.",
            ),
            models.CheckConstraint(
                condition=Q(date_fin__isnull=True)
                | Q(date_debut__isnull=True)
                | Q(date_fin__gte=models.F("date_debut")),
                name="mesure_dates_ordonnees",
                violation_error_message="La date de fin précède la date de début.",
            ),
        ]

    def __str__(self):
        return self.get_type_display()
