import hashlib

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Exists, Expression, F, OuterRef, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.functional import cached_property

from .connexion import normaliser_email
from .enums import ROLES_PAR_PRIORITE, Role, TypeOrganisation
from .validators import valider_siret

# --- Territories -------------------------------------------------------------


class Departement(models.Model):
    code = models.CharField("code", max_length=3, unique=True)
    nom = models.CharField("nom", max_length=100)

    class Meta:
        verbose_name = "département"
        ordering = ["code"]

    def __str__(self):
        return f"{self.nom} ({self.code})"


class Arrondissement(models.Model):
    """Préfecture district; Essonne has Évry, Palaiseau and Étampes."""

    departement = models.ForeignKey(
        Departement, on_delete=models.PROTECT, related_name="arrondissements"
    )
    code = models.CharField("code", max_length=4, unique=True)
    nom = models.CharField("nom", max_length=100)

    class Meta:
        verbose_name = "arrondissement"
        ordering = ["code"]

    def __str__(self):
        return self.nom


class Epci(models.Model):
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="epcis")
    siren = models.CharField("SIREN", max_length=9, unique=True)
    nom = models.CharField("nom", max_length=150)
    conference_intercommunale = models.BooleanField(
        "conférence intercommunale du logement", default=False
    )

    class Meta:
        verbose_name = "EPCI"
        verbose_name_plural = "EPCI"
        ordering = ["nom"]

    def __str__(self):
        return self.nom


class Commune(models.Model):
    code_insee = models.CharField("code INSEE", max_length=5, unique=True)
    nom = models.CharField("nom", max_length=150)
    code_postal = models.CharField("code postal", max_length=5, blank=True)
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="communes")
    arrondissement = models.ForeignKey(
        Arrondissement, on_delete=models.PROTECT, related_name="communes"
    )
    epci = models.ForeignKey(
        Epci, on_delete=models.PROTECT, related_name="communes", null=True, blank=True
    )

    class Meta:
        verbose_name = "commune"
        ordering = ["nom"]

    def __str__(self):
        return f"{self.nom} ({self.code_insee})"


# --- Organisations -------------------------------------------------------------


class OrganisationQuerySet(models.QuerySet):
    def actives(self):
        return self.filter(active=True)

    def du_departement(self, departement):
        return self.filter(departement=departement)


class Organisation(models.Model):
    nom = models.CharField("nom", max_length=200)
    type = models.CharField("type", max_length=30, choices=TypeOrganisation.choices)
    departement = models.ForeignKey(
        Departement, on_delete=models.PROTECT, related_name="organisations"
    )
    arrondissement = models.ForeignKey(
        Arrondissement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text="Pour une organisation dont l’action est limitée à un arrondissement.",
    )
    epci = models.ForeignKey(
        Epci,
        verbose_name="EPCI",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text="Pour une organisation dont l’action est limitée à un EPCI.",
    )
    siret = models.CharField(
        "SIRET", max_length=14, blank=True, validators=[valider_siret], help_text="14 chiffres."
    )
    email_contact = models.EmailField("adresse électronique de contact", blank=True)
    telephone = models.CharField("téléphone", max_length=20, blank=True)
    siege_commission = models.BooleanField("siège à la commission", default=False)
    active = models.BooleanField("active", default=True)
    cree_le = models.DateTimeField("créée le", default=timezone.now)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = "organisation"
        ordering = ["nom"]
        constraints = [
            models.UniqueConstraint(
                fields=["siret"],
                condition=~Q(siret=""),
                name="organisation_siret_unique",
                violation_error_message="Une organisation porte déjà ce numéro SIRET.",
            )
        ]

    def __str__(self):
        return self.nom


# --- Users ---------------------------------------------------------------------


class UtilisateurManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("L’adresse électronique est obligatoire.")
        user = self.model(email=normaliser_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=normaliser_email(username))


class Utilisateur(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an e-mail address; roles come from memberships."""

    email = models.EmailField("adresse électronique", unique=True)
    prenom = models.CharField("prénom", max_length=100, blank=True)
    nom = models.CharField("nom", max_length=100, blank=True)
    telephone = models.CharField("téléphone", max_length=20, blank=True)
    is_active = models.BooleanField("actif", default=True)
    # Bumped to end every session of the account at once (ASVS 7.4.2): it enters the hash
    # Django checks on each request (`_get_session_auth_hash`).
    generation_sessions = models.PositiveIntegerField("génération des sessions", default=0)
    is_staff = models.BooleanField("accès à l’administration technique", default=False)
    date_joined = models.DateTimeField("inscrit le", default=timezone.now)

    objects = UtilisateurManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    @classmethod
    def normalize_username(cls, username):
        # Called by AbstractBaseUser.clean(): admin and model forms store the one spelling.
        return normaliser_email(super().normalize_username(username))

    class Meta:
        verbose_name = "utilisateur"
        ordering = ["nom", "prenom", "email"]

    def __str__(self):
        return self.nom_complet or self.email

    @property
    def nom_complet(self) -> str:
        return f"{self.prenom} {self.nom}".strip()

    def get_full_name(self):
        return self.nom_complet

    def _get_session_auth_hash(self, secret=None):
        # The password as Django does, plus the generation once an access has been closed
        # (0 keeps the hash Django computed before, so nobody is signed out by the upgrade).
        valeur = self.password
        if self.generation_sessions:
            valeur = f"{self.password}:{self.generation_sessions}"
        return salted_hmac(
            "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash",
            valeur,
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def get_short_name(self):
        return self.prenom or self.email

    @cached_property
    def adhesions_actives(self) -> list["Adhesion"]:
        """Every active membership, by priority: read once per request, it answers the role,
        the organisation, the membership chosen in the session and the secretariat's
        départements (one query where there were two or three)."""
        return par_priorite(
            Adhesion.objects.actives()
            .select_related("organisation__departement")
            .filter(utilisateur=self)
        )

    @cached_property
    def adhesion(self) -> "Adhesion | None":
        """The membership the user acts under; the session may pick another (middleware)."""
        return self.adhesions_actives[0] if self.adhesions_actives else None

    @property
    def role(self) -> str | None:
        return self.adhesion.role if self.adhesion else None

    @property
    def organisation(self) -> "Organisation | None":
        return self.adhesion.organisation if self.adhesion else None

    @cached_property
    def departements_du_secretariat(self) -> list[int]:
        """Départements where the user acts as secretariat (all its secretariat memberships).

        A property of the user so that the plumbing (jobs in `ccapex`) can scope by it
        without importing this app; computed once per request.
        """
        if self.role != Role.SECRETARIAT:
            return []
        return list(
            dict.fromkeys(
                a.organisation.departement_id
                for a in self.adhesions_actives
                if a.role == Role.SECRETARIAT
            )
        )


class AdhesionQuerySet(models.QuerySet):
    def actives(self):
        return self.filter(active=True, organisation__active=True)


_PRIORITE = {role: rang for rang, role in enumerate(ROLES_PAR_PRIORITE)}


def par_priorite(adhesions) -> list["Adhesion"]:
    """Memberships by role priority, then organisation name. The names are ordered by the
    database (its collation), the priority by a stable sort: on every request, a CASE in the
    ORDER BY cost 1.5 ms of query compilation for a handful of rows."""
    return sorted(
        adhesions.order_by("organisation__nom", "pk"),
        key=lambda a: _PRIORITE.get(a.role, len(_PRIORITE)),
    )


class Adhesion(models.Model):
    """A user acts for one organisation with one role; several memberships are allowed."""

    utilisateur = models.ForeignKey(Utilisateur, on_delete=models.CASCADE, related_name="adhesions")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="adhesions"
    )
    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    active = models.BooleanField("active", default=True)
    cree_le = models.DateTimeField("créée le", default=timezone.now)

    objects = AdhesionQuerySet.as_manager()

    class Meta:
        verbose_name = "adhésion"
        constraints = [
            models.UniqueConstraint(
                fields=["utilisateur", "organisation", "role"],
                name="adhesion_unique",
                violation_error_message="Cet utilisateur a déjà ce rôle dans cette organisation.",
            )
        ]

    def __str__(self):
        return f"{self.utilisateur} — {self.get_role_display()} ({self.organisation})"


class InvitationQuerySet(models.QuerySet):
    def valides(self):
        return self.filter(acceptee_le__isnull=True, expire_le__gt=timezone.now())


class Invitation(models.Model):
    """A sign-up link for a person joining an organisation with a role; it expires."""

    email = models.EmailField("adresse électronique")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    # The SHA-256 of the link's secret (`empreinte_de`), never the secret: whoever reads the
    # database or a backup must not be able to accept a pending invitation.
    jeton = models.CharField("jeton", max_length=64, unique=True)
    invite_par = models.ForeignKey(
        Utilisateur, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    cree_le = models.DateTimeField("créée le", default=timezone.now)
    expire_le = models.DateTimeField("expire le")
    acceptee_le = models.DateTimeField("acceptée le", null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = "invitation"
        ordering = ["-cree_le"]

    def __str__(self):
        return f"{self.email} — {self.organisation}"

    @staticmethod
    def empreinte_de(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()


# --- API keys --------------------------------------------------------------------


class CleApiQuerySet(models.QuerySet):
    def valides(self):
        return self.filter(revoquee_le__isnull=True, expire_le__gt=timezone.now())


class CleApi(models.Model):
    """A named key with which an organisation's software calls the API.

    Only the SHA-256 of the key is stored (the key is 256 random bits: a slow hash would add
    nothing), and its first characters to tell keys apart; the key itself is shown once.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="cles_api"
    )
    utilisateur = models.ForeignKey(Utilisateur, on_delete=models.CASCADE, related_name="cles_api")
    nom = models.CharField("nom", max_length=100)
    prefixe = models.CharField("début de la clé", max_length=12)
    empreinte = models.CharField("empreinte SHA-256", max_length=64, unique=True)
    cree_le = models.DateTimeField("créée le", default=timezone.now)
    cree_par = models.ForeignKey(
        Utilisateur, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    expire_le = models.DateTimeField("expire le")
    derniere_utilisation = models.DateTimeField("dernière utilisation", null=True, blank=True)
    revoquee_le = models.DateTimeField("révoquée le", null=True, blank=True)

    objects = CleApiQuerySet.as_manager()

    class Meta:
        verbose_name = "clé d’API"
        verbose_name_plural = "clés d’API"
        ordering = ["-cree_le"]

    def __str__(self):
        return f"{self.nom} ({self.prefixe}…)"

    @property
    def valide(self) -> bool:
        return self.revoquee_le is None and self.expire_le > timezone.now()

    @staticmethod
    def empreinte_de(cle: str) -> str:
        return hashlib.sha256(cle.encode()).hexdigest()


# --- Directory of referents and schemes (annuaire) ---------------------------------


class TypeDispositif(models.Model):
    """A kind of scheme (FSL, ASLL, AVDL, CLIL…): the need searched for; per département."""

    departement = models.ForeignKey(
        Departement, on_delete=models.PROTECT, related_name="types_dispositif"
    )
    code = models.SlugField("code", max_length=40)
    libelle = models.CharField("libellé", max_length=150)
    description = models.TextField("description", blank=True)
    ordre = models.PositiveSmallIntegerField("ordre", default=100)
    actif = models.BooleanField("actif", default=True)

    class Meta:
        verbose_name = "type de dispositif"
        verbose_name_plural = "types de dispositif"
        ordering = ["ordre", "libelle"]
        constraints = [
            models.UniqueConstraint(
                fields=["departement", "code"],
                name="type_dispositif_code_unique",
                violation_error_message="Un type de dispositif porte déjà ce code.",
            )
        ]

    def __str__(self):
        return self.libelle


class CouvreUneCommune(Expression):
    """`EntreeAnnuaireQuerySet.couvrant` for one commune, written in SQL: a household's page
    asks it on every view, and the ORM took 10 ms to build and compile the four `Exists` (the
    server answers in 1). The entry's id and département are columns that the query
    resolves, not the table's name written out: inside a subquery (`Exists`, `__in`) Django
    renames the table U0. `test_annuaire.py` checks both forms agree on every territory."""

    output_field = models.BooleanField()

    def __init__(self, commune):
        super().__init__()
        self.valeurs = [commune.pk, commune.epci_id, commune.departement_id]
        self.entree, self.departement = F("pk"), F("departement")

    def get_source_expressions(self):
        return [self.entree, self.departement]

    def set_source_expressions(self, expressions):
        self.entree, self.departement = expressions

    def as_sql(self, compiler, connection):
        entree, _ = compiler.compile(self.entree)
        departement, _ = compiler.compile(self.departement)
        meta = self.entree.target.model._meta
        nom = connection.ops.quote_name

        def liens(champ: str) -> tuple[str, str]:
            lien = meta.get_field(champ)
            return (
                f"SELECT 1 FROM {nom(lien.m2m_db_table())} l "
                f"WHERE l.{nom(lien.m2m_column_name())} = {entree}"
            ), nom(lien.m2m_reverse_name())

        communes, commune_id = liens("communes")
        epcis, epci_id = liens("epcis")
        return (
            f"(EXISTS ({communes} AND l.{commune_id} = %s) "
            f"OR EXISTS ({epcis} AND l.{epci_id} = %s) "
            f"OR (NOT EXISTS ({communes}) AND NOT EXISTS ({epcis}) "
            f"AND {departement} = %s))"
        ), list(self.valeurs)


class EntreeAnnuaireQuerySet(models.QuerySet):
    def couvrant(self, communes):
        """Entries whose territory covers one of `communes` (a Commune queryset, or one
        Commune): named communes, their EPCI, or the whole département when neither is
        named. Subqueries only, so the cost does not depend on the number of communes."""
        if isinstance(communes, Commune):
            return self.filter(CouvreUneCommune(communes))
        nom = self.model._meta.model_name
        par_commune = self.model.communes.through.objects.filter(**{nom: OuterRef("pk")})
        par_epci = self.model.epcis.through.objects.filter(**{nom: OuterRef("pk")})
        return self.filter(
            Exists(par_commune.filter(commune__in=communes.values("pk")))
            | Exists(par_epci.filter(epci__in=communes.values("epci")))
            | (
                ~Exists(par_commune)
                & ~Exists(par_epci)
                & Q(departement__in=communes.values("departement"))
            )
        )

    def visibles(self):
        return self.filter(organisation__active=True)


class EntreeAnnuaire(models.Model):
    """What referents and schemes share: an organisation and the territory they cover."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="+")
    epcis = models.ManyToManyField(
        Epci,
        verbose_name="EPCI couverts",
        blank=True,
        related_name="+",
        help_text="Laissez vide, avec les communes, pour tout le département.",
    )
    communes = models.ManyToManyField(
        Commune,
        verbose_name="communes couvertes",
        blank=True,
        related_name="+",
        help_text="En plus des EPCI choisis.",
    )
    modifie_le = models.DateTimeField("modifié le", auto_now=True)
    modifie_par = models.ForeignKey(
        Utilisateur, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = EntreeAnnuaireQuerySet.as_manager()

    class Meta:
        abstract = True


class Referent(EntreeAnnuaire):
    """A professional contact of an organisation (shown to signed-in users only)."""

    nom = models.CharField("nom et prénom", max_length=150)
    fonction = models.CharField("fonction", max_length=150)
    telephone = models.CharField("téléphone professionnel", max_length=20, blank=True)
    email = models.EmailField("adresse électronique professionnelle", blank=True)
    types = models.ManyToManyField(
        TypeDispositif,
        verbose_name="dispositifs suivis",
        blank=True,
        related_name="referents",
    )

    class Meta(EntreeAnnuaire.Meta):
        verbose_name = "référent"
        ordering = ["nom"]
        default_related_name = "referents"

    def __str__(self):
        return f"{self.nom} ({self.fonction})"


class Dispositif(EntreeAnnuaire):
    """A scheme an organisation runs, where and how to reach it."""

    type = models.ForeignKey(TypeDispositif, on_delete=models.PROTECT, related_name="dispositifs")
    nom = models.CharField("nom", max_length=200)
    description = models.TextField("description", blank=True)
    comment_joindre = models.TextField(
        "comment le joindre", blank=True, help_text="Orientation, formulaire, pièces à fournir."
    )
    adresse = models.CharField("adresse", max_length=250, blank=True)
    telephone = models.CharField("téléphone", max_length=20, blank=True)
    email = models.EmailField("adresse électronique", blank=True)
    horaires = models.CharField("horaires", max_length=250, blank=True)

    class Meta(EntreeAnnuaire.Meta):
        verbose_name = "dispositif"
        ordering = ["type__ordre", "nom"]
        default_related_name = "dispositifs"

    def __str__(self):
        return self.nom


class CampagneAnnuaire(models.Model):
    """The yearly request to every organisation of a département to confirm its entries."""

    departement = models.ForeignKey(
        Departement, on_delete=models.PROTECT, related_name="campagnes_annuaire"
    )
    annee = models.PositiveSmallIntegerField("année")
    lancee_le = models.DateTimeField("lancée le", default=timezone.now)
    lancee_par = models.ForeignKey(
        Utilisateur, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "campagne de confirmation de l’annuaire"
        verbose_name_plural = "campagnes de confirmation de l’annuaire"
        ordering = ["-annee"]
        constraints = [
            models.UniqueConstraint(
                fields=["departement", "annee"],
                name="campagne_annuaire_unique",
                violation_error_message="Une campagne existe déjà pour cette année.",
            )
        ]

    def __str__(self):
        return f"Campagne {self.annee}"


class ConfirmationAnnuaire(models.Model):
    """One organisation in one campaign: asked, reminded, confirmed."""

    campagne = models.ForeignKey(
        CampagneAnnuaire, on_delete=models.CASCADE, related_name="confirmations"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="confirmations_annuaire"
    )
    envoyee_le = models.DateTimeField("demande envoyée le", null=True, blank=True)
    relancee_le = models.DateTimeField("dernière relance le", null=True, blank=True)
    nb_relances = models.PositiveSmallIntegerField("relances", default=0)
    confirmee_le = models.DateTimeField("confirmée le", null=True, blank=True)
    confirmee_par = models.ForeignKey(
        Utilisateur, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "confirmation de l’annuaire"
        ordering = ["organisation__nom"]
        constraints = [
            models.UniqueConstraint(
                fields=["campagne", "organisation"], name="confirmation_annuaire_unique"
            )
        ]

    def __str__(self):
        return f"{self.organisation} — {self.campagne}"


# --- Sign-in: second-factor enrolment links, ProConnect sign-ins -----------------------


class LienSecondFacteurQuerySet(models.QuerySet):
    def valides(self):
        return self.filter(utilise_le__isnull=True, expire_le__gt=timezone.now())


class LienSecondFacteur(models.Model):
    """A one-time link, sent to the account's own address, to enrol an authenticator app.

    The password alone never enrols a device: whoever stole it still lacks the mailbox
    (issue 13, item 3). Only the SHA-256 of the link's secret is stored, as for API keys.
    """

    utilisateur = models.ForeignKey(
        Utilisateur, on_delete=models.CASCADE, related_name="liens_second_facteur"
    )
    empreinte = models.CharField("empreinte SHA-256", max_length=64, unique=True)
    cree_le = models.DateTimeField("créé le", default=timezone.now)
    cree_par = models.ForeignKey(
        Utilisateur, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    expire_le = models.DateTimeField("expire le")
    utilise_le = models.DateTimeField("utilisé le", null=True, blank=True)

    objects = LienSecondFacteurQuerySet.as_manager()

    class Meta:
        verbose_name = "lien d’enrôlement du second facteur"
        verbose_name_plural = "liens d’enrôlement du second facteur"
        ordering = ["-cree_le"]

    def __str__(self):
        return f"{self.utilisateur} — {self.cree_le:%d/%m/%Y %H:%M}"

    @property
    def valide(self) -> bool:
        return self.utilise_le is None and self.expire_le > timezone.now()

    @staticmethod
    def empreinte_de(jeton: str) -> str:
        return hashlib.sha256(jeton.encode()).hexdigest()


class ConnexionProConnect(models.Model):
    """One sign-in through ProConnect, with the assurance level the provider asserted."""

    utilisateur = models.ForeignKey(
        Utilisateur, on_delete=models.CASCADE, related_name="connexions_proconnect"
    )
    le = models.DateTimeField("le", default=timezone.now)
    sub = models.CharField("identifiant ProConnect (sub)", max_length=255)
    acr = models.CharField("niveau d’authentification (acr)", max_length=255, blank=True)
    amr = models.JSONField("méthodes d’authentification (amr)", default=list, blank=True)
    second_facteur = models.BooleanField(
        "vaut second facteur",
        default=False,
        help_text="L’acr fait partie de PROCONNECT_ACR_SECOND_FACTEUR.",
    )

    class Meta:
        verbose_name = "connexion ProConnect"
        verbose_name_plural = "connexions ProConnect"
        ordering = ["-le"]

    def __str__(self):
        return f"{self.utilisateur} — {self.le:%d/%m/%Y %H:%M} ({self.acr or 'sans acr'})"
