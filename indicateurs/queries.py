"""Read-only aggregates of the annual balance, computed in SQL.

Every family can be restricted to one parc (social or private housing) by the rule of
`parc.py`. Each family of figures is ONE query with conditional aggregation over the years it needs
(`Count(filter=Q(...))`), so that the number of queries does not depend on the data; Python
only reshapes the aggregated rows (a handful per family) into typed dataclasses. Shares,
rates and changes come from the pure functions of `calculs.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Aggregate,
    Case,
    CharField,
    Count,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate

from ccapex.agregats import travailleurs_paralleles
from commission.enums import (
    NatureDecision,
    NatureExamen,
    SituationLogement,
    StatutDecision,
    StatutPreconisation,
    TypeCourrier,
)
from commission.models import Bilan as BilanDouzeMois
from commission.models import Courrier, Decision, Examen, Preconisation, Seance
from dossiers.enums import CanalSaisine, NatureSaisine, StatutDLS, StatutSaisine
from dossiers.models import Menage, Saisine
from partenaires.enums import OrigineSaisine, TypeOrganisation
from procedure.enums import PRESENCES_CONTRADICTOIRES, IssueJugement, Motif, Parc, Stade, TypeActe
from procedure.models import ActeProcedure

from . import parc as parcs
from .calculs import (
    ecart_points,
    evolution_pourcentage,
    part_pourcentage,
    progression_objectif,
    taux,
)
from .models import DonneeDeclaree, ObjectifCharte
from .referentiel import DECLARABLES_PAR_CODE, IndicateurCharte
from .territoires import Territoire

NON_RENSEIGNE = "Non renseigné"

# The stages of the procedure the balance counts, in the order of the seeds' table.
ACTES_DU_BILAN = [
    (TypeActe.SIGNALEMENT_CAF, "signalements_caf", "Impayés signalés à la CAF"),
    (TypeActe.CDP, "cdp", "Commandements de payer"),
    (TypeActe.ASSIGNATION, "assignations", "Assignations"),
    (TypeActe.CQL, "cql", "Commandements de quitter les lieux"),
    (TypeActe.REQUISITION_CFP, "requisitions_cfp", "Concours de la force publique demandés"),
    (TypeActe.OCTROI_CFP, "octrois_cfp", "Concours de la force publique accordés"),
    (TypeActe.EXPULSION, "expulsions", "Expulsions réalisées"),
]

GENRES_SAISINE = {
    "administrative_sociale": "Saisines administratives — parc social",
    "administrative_privee": "Saisines administratives — parc privé",
    "complexe": "Dossiers signalés (examen en commission)",
}


# --- Dataclasses -------------------------------------------------------------------------


@dataclass
class LigneActes:
    code: str
    libelle: str
    par_annee: dict[int, int]
    social: int
    prive: int
    evolution_annuelle: float | None
    evolution_cinq_ans: float | None
    source: str = ""  # empty: counted from the application's rows; else the declaring body


@dataclass
class LigneRepartition:
    code: str
    libelle: str
    n: int
    n1: int | None
    part: float | None
    part_n1: float | None
    ecart: float | None


@dataclass
class Repartition:
    cle: str
    titre: str
    lignes: list[LigneRepartition]
    total: int
    total_n1: int | None


@dataclass
class Activite:
    seances_tenues: int
    seances_tenues_n1: int
    seances_programmees: int
    premiers_examens: int
    premiers_examens_n1: int
    reexamens: int
    reexamens_n1: int
    bilans: int
    bilans_n1: int

    @property
    def evolution_premiers_examens(self):
        return evolution_pourcentage(self.premiers_examens_n1, self.premiers_examens)

    @property
    def evolution_seances(self):
        return evolution_pourcentage(self.seances_tenues_n1, self.seances_tenues)


@dataclass
class LignePreconisation:
    libelle: str
    preconisees: int
    realisees: int
    taux_realisation: float | None


@dataclass
class IssuesDouzeMois:
    repartition: Repartition
    dette_soldee: int
    surendettement_recevable: int
    fsl_accorde: int
    pcs_signe: int


@dataclass
class Dettes:
    avec_dette: int
    plus_10000: int
    plus_50000: int
    avec_dette_n1: int
    plus_10000_n1: int
    plus_50000_n1: int

    @property
    def part_10000(self):
        return part_pourcentage(self.plus_10000, self.avec_dette, 0)

    @property
    def part_10000_n1(self):
        return part_pourcentage(self.plus_10000_n1, self.avec_dette_n1, 0)


@dataclass
class LigneObjectif:
    indicateur: str
    libelle: str
    valeur: float | None
    valeur_n1: float | None
    valeur_depart: float | None
    cible: float | None
    annee_cible: int | None
    progression: float | None
    source: str = ""


@dataclass
class Courriers:
    envoyes: int
    repondus: int
    envoyes_n1: int
    repondus_n1: int

    @property
    def taux_reponse(self):
        return taux(self.repondus, self.envoyes)

    @property
    def taux_reponse_n1(self):
        return taux(self.repondus_n1, self.envoyes_n1)


@dataclass
class LigneDecisions:
    """Decisions of one nature notified in the year, each replacement chain counted once
    (see `_decisions`): `n` splits into the four outcomes; `remplacees` stands apart."""

    code: str
    libelle: str
    n: int
    n1: int
    notifiees: int  # in force, not yet carried out
    executees: int
    levees: int
    expirees: int
    remplacees: int  # notified in the year, since replaced: not in `n`


@dataclass
class Decisions:
    aide_logement: list[LigneDecisions]  # maintien, suspension, reprise, always the three
    saisines: list[LigneDecisions]  # FSL, SIAO, then other decisions
    orientations: Repartition  # reports oriented, by type of addressee organisation
    delai_median_orientation: float | None  # days, report received → orientation notified
    delai_median_orientation_n1: float | None
    orientations_datees: int  # orientations whose report date is known (the median's base)
    orientations_datees_n1: int

    @property
    def total(self) -> int:
        return sum(x.n for x in self.aide_logement + self.saisines) + self.orientations.total

    def ligne(self, code: str) -> LigneDecisions:
        return next(x for x in self.aide_logement + self.saisines if x.code == code)


@dataclass
class LigneDeclaree:
    code: str
    libelle: str
    famille: str
    valeur: Decimal | None
    valeur_n1: Decimal | None
    evolution: float | None
    source: str
    unite: str


@dataclass
class Bilan:
    annee: int
    territoire: Territoire
    annees: list[int]
    actes: list[LigneActes]
    activite: Activite
    saisines: list[Repartition]
    preconisations_par_type: list[LignePreconisation]
    preconisations_par_destinataire: list[LignePreconisation]
    issues: IssuesDouzeMois
    dls: Repartition
    dettes: Dettes
    objectifs: list[LigneObjectif]
    courriers: Courriers
    decisions: Decisions
    declarees: list[LigneDeclaree] = field(default_factory=list)
    parc: str = ""  # "" for every parc, else a `Parc` value

    @property
    def parc_libelle(self) -> str:
        return parcs.LIBELLES[self.parc]

    @property
    def vide(self) -> bool:
        """Nothing at all for this year and territory: the pages say « aucune donnée »."""
        return not (
            any(ligne.par_annee.get(self.annee) for ligne in self.actes)
            or self.activite.seances_programmees
            or any(r.total for r in self.saisines)
            or self.issues.repartition.total
            or self.courriers.envoyes
            or self.decisions.total
            or any(d.valeur is not None for d in self.declarees)
        )

    def acte(self, code: str) -> LigneActes:
        return next(ligne for ligne in self.actes if ligne.code == code)

    def saisines_par(self, cle: str) -> Repartition:
        return next(r for r in self.saisines if r.cle == cle)


# --- Helpers -----------------------------------------------------------------------------


def dans_les_annees(champ: str, annees) -> Q:
    """`champ` falls in one of these years, as a range an index can serve.

    `__year__in` compiles to EXTRACT(year …), which no index serves: every row of the table
    was read. `__year__gte`/`__year__lte` compile to bounds (local midnight for datetimes).
    """
    annees = sorted(set(annees))
    if not annees:
        return Q(pk__in=[])  # no year, no row (as `__year__in=[]`)
    if annees == list(range(annees[0], annees[-1] + 1)):
        return Q(**{f"{champ}__year__gte": annees[0], f"{champ}__year__lte": annees[-1]})
    q = Q()
    for annee in annees:
        q |= Q(**{f"{champ}__year": annee})
    return q


def _repartition(cle, titre, lignes_sql, libelles: dict, avec_n1=True) -> Repartition:
    """Shape `[{"code": …, "n": …, "n1": …}]` rows into shares and gaps in points."""
    comptes = {}
    for ligne in lignes_sql:
        code = ligne["code"] or ""
        n, n1 = comptes.get(code, (0, 0))
        comptes[code] = (n + ligne["n"], n1 + (ligne.get("n1") or 0))
    total = sum(n for n, _ in comptes.values())
    total_n1 = sum(n1 for _, n1 in comptes.values()) if avec_n1 else None
    ordre = list(libelles) + sorted(c for c in comptes if c not in libelles)
    lignes = []
    for code in ordre:
        n, n1 = comptes.get(code, (0, 0))
        if not n and not n1:
            continue
        part = part_pourcentage(n, total)
        part_n1 = part_pourcentage(n1, total_n1) if avec_n1 else None
        lignes.append(
            LigneRepartition(
                code=code,
                libelle=libelles.get(code) or (code if code else NON_RENSEIGNE),
                n=n,
                n1=n1 if avec_n1 else None,
                part=part,
                part_n1=part_n1,
                ecart=ecart_points(part, part_n1) if avec_n1 else None,
            )
        )
    return Repartition(cle, titre, lignes, total, total_n1)


def _annuel(annee: int, champ: str) -> dict:
    """`n` and `n1`: counts for the year and the year before, on a date/datetime field."""
    return {
        "n": Count("id", filter=Q(**{f"{champ}__year": annee})),
        "n1": Count("id", filter=Q(**{f"{champ}__year": annee - 1})),
    }


# --- Families ----------------------------------------------------------------------------


def _declarees(
    territoire: Territoire, annees: list[int], parc: str
) -> dict[tuple[str, int], DonneeDeclaree]:
    """Declared figures cover every parc: a balance restricted to one parc leaves them out."""
    if parc:
        return {}
    lignes = DonneeDeclaree.objects.filter(
        territoire=territoire.code, annee__in=annees
    ).select_related("source_organisation")
    return {(d.indicateur, d.annee): d for d in lignes}


def _actes(territoire: Territoire, annee: int, annees: list[int], declarees, parc: str) -> tuple:
    """Acts per stage over six years and by parc (one query), with the judgments' details
    the charter's rates need."""
    types = [type_ for type_, _, _ in ACTES_DU_BILAN] + [TypeActe.JUGEMENT]
    contradictoire = Q(presence__in=list(PRESENCES_CONTRADICTOIRES))
    delais = Q(issue_jugement=IssueJugement.DELAIS_ACCORDES)
    colonnes = {f"a{y}": Count("id", filter=Q(date__year=y)) for y in annees}
    colonnes |= {
        "social": Count("id", filter=Q(date__year=annee, procedure__parc=Parc.SOCIAL)),
        "prive": Count("id", filter=Q(date__year=annee, procedure__parc=Parc.PRIVE)),
        "contradictoires": Count("id", filter=Q(date__year=annee) & contradictoire),
        "contradictoires_n1": Count("id", filter=Q(date__year=annee - 1) & contradictoire),
        "delais": Count("id", filter=Q(date__year=annee) & delais),
        "delais_n1": Count("id", filter=Q(date__year=annee - 1) & delais),
    }
    lignes_sql = {
        ligne["type"]: ligne
        for ligne in ActeProcedure.objects.filter(type__in=types)
        .filter(dans_les_annees("date", annees))
        .filter(territoire.filtre("procedure__commune"), parcs.filtre_acte(parc))
        .values("type")
        .annotate(**colonnes)
        .order_by()
    }
    lignes = []
    for type_, code, libelle in ACTES_DU_BILAN:
        sql = lignes_sql.get(type_, {})
        par_annee = {y: sql.get(f"a{y}", 0) for y in annees}
        sources = set()
        for y in annees:
            declaree = declarees.get((code, y))
            if not par_annee[y] and declaree is not None:
                par_annee[y] = int(declaree.valeur)
                sources.add(declaree.source_organisation.nom)
        lignes.append(
            LigneActes(
                code=code,
                libelle=libelle,
                par_annee=par_annee,
                social=sql.get("social", 0),
                prive=sql.get("prive", 0),
                evolution_annuelle=evolution_pourcentage(par_annee[annee - 1], par_annee[annee]),
                evolution_cinq_ans=evolution_pourcentage(par_annee[annees[0]], par_annee[annee]),
                source=", ".join(sorted(sources)),
            )
        )
    jugements = lignes_sql.get(TypeActe.JUGEMENT, {})
    return lignes, jugements


def _objectifs(territoire, annee, lignes_actes, jugements, declarees) -> list[LigneObjectif]:
    def compte(code, y):
        return next(ligne.par_annee[y] for ligne in lignes_actes if ligne.code == code)

    def decisions(y, suffixe):
        """Judgments counted from the acts, or declared by the court when none is held."""
        total = jugements.get(f"a{y}", 0)
        if total:
            return (
                total,
                jugements.get(f"contradictoires{suffixe}", 0),
                jugements.get(f"delais{suffixe}", 0),
                "",
            )
        rendues = declarees.get(("decisions_rendues", y))
        if rendues is None:
            return 0, 0, 0, ""
        contr = declarees.get(("decisions_contradictoires", y))
        delais = declarees.get(("decisions_delais", y))
        return (
            int(rendues.valeur),
            int(contr.valeur) if contr else None,
            int(delais.valeur) if delais else None,
            rendues.source_organisation.nom,
        )

    total, contr, delais, source = decisions(annee, "")
    total_n1, contr_n1, delais_n1, source_n1 = decisions(annee - 1, "_n1")
    valeurs = {
        IndicateurCharte.TAUX_CDP_ASSIGNATION: (
            taux(compte("assignations", annee), compte("cdp", annee)),
            taux(compte("assignations", annee - 1), compte("cdp", annee - 1)),
            "",
        ),
        IndicateurCharte.TAUX_PRESENCE_AUDIENCE: (
            taux(contr, total),
            taux(contr_n1, total_n1),
            source or source_n1,
        ),
        IndicateurCharte.TAUX_ASSIGNATION_CQL: (
            taux(compte("cql", annee), compte("assignations", annee)),
            taux(compte("cql", annee - 1), compte("assignations", annee - 1)),
            "",
        ),
        IndicateurCharte.TAUX_DECISIONS_DELAIS: (
            taux(delais, total),
            taux(delais_n1, total_n1),
            source or source_n1,
        ),
    }
    objectifs = {
        o.indicateur: o
        for o in ObjectifCharte.objects.filter(departement_id=territoire.departement_id)
    }
    lignes = []
    for indicateur in IndicateurCharte:
        valeur, valeur_n1, source = valeurs[indicateur]
        objectif = objectifs.get(indicateur.value)
        lignes.append(
            LigneObjectif(
                indicateur=indicateur.value,
                libelle=indicateur.label,
                valeur=valeur,
                valeur_n1=valeur_n1,
                valeur_depart=float(objectif.valeur_depart) if objectif else None,
                cible=float(objectif.cible) if objectif else None,
                annee_cible=objectif.annee_cible if objectif else None,
                progression=progression_objectif(valeur, objectif.valeur_depart, objectif.cible)
                if objectif
                else None,
                source=source,
            )
        )
    return lignes


def _activite(territoire: Territoire, annee: int, parc: str) -> Activite:
    """Sessions held = closed sessions of the year (programmed = all of them); below the
    département or for one parc, the sessions that examined a household of the territory
    and of the parc."""
    seances = Seance.objects.filter(commission__departement_id=territoire.departement_id).filter(
        dans_les_annees("date", [annee, annee - 1])
    )
    if territoire.niveau != "D":
        seances = seances.filter(territoire.filtre("examens__menage__commune"))
    if parc:
        seances = seances.filter(parcs.filtre_menage(parc, "examens__menage"))
    tenue = Q(statut="close")
    s = seances.aggregate(
        tenues=Count("id", distinct=True, filter=tenue & Q(date__year=annee)),
        tenues_n1=Count("id", distinct=True, filter=tenue & Q(date__year=annee - 1)),
        programmees=Count("id", distinct=True, filter=Q(date__year=annee)),
    )
    colonnes = {}
    for nature, nom in [
        (NatureExamen.PREMIER_EXAMEN, "premiers"),
        (NatureExamen.REEXAMEN, "reexamens"),
        (NatureExamen.BILAN, "bilans"),
    ]:
        colonnes[nom] = Count("id", filter=Q(nature=nature, seance__date__year=annee))
        colonnes[f"{nom}_n1"] = Count("id", filter=Q(nature=nature, seance__date__year=annee - 1))
    e = (
        Examen.objects.filter(dans_les_annees("seance__date", [annee, annee - 1]))
        .filter(territoire.filtre("menage__commune", "menage__departement"))
        .filter(parcs.filtre_menage(parc))
        .aggregate(**colonnes)
    )
    return Activite(
        seances_tenues=s["tenues"],
        seances_tenues_n1=s["tenues_n1"],
        seances_programmees=s["programmees"],
        premiers_examens=e["premiers"],
        premiers_examens_n1=e["premiers_n1"],
        reexamens=e["reexamens"],
        reexamens_n1=e["reexamens_n1"],
        bilans=e["bilans"],
        bilans_n1=e["bilans_n1"],
    )


def saisines_du_territoire(territoire: Territoire, annees: list[int], parc: str = ""):
    """Referrals sent (drafts excluded) in these years, in the territory (and the parc)."""
    return (
        Saisine.objects.exclude(statut=StatutSaisine.BROUILLON)
        .filter(dans_les_annees("soumise_le", annees))
        .filter(territoire.filtre("commune", "departement"))
        .filter(parcs.filtre_saisine(parc))
    )


GENRE_SQL = Case(
    When(nature=NatureSaisine.COMPLEXE, then=Value("complexe")),
    When(parc=Parc.SOCIAL, then=Value("administrative_sociale")),
    default=Value("administrative_privee"),
    output_field=CharField(),
)


def _saisines(territoire: Territoire, annee: int, parc: str) -> list[Repartition]:
    toutes = saisines_du_territoire(territoire, [annee, annee - 1], parc)
    complexes = toutes.filter(nature=NatureSaisine.COMPLEXE)
    compte = _annuel(annee, "soumise_le")

    def par(qs, expression):
        return qs.annotate(code=expression).values("code").annotate(**compte).order_by()

    stades = dict(Stade.choices)
    return [
        _repartition("nature", "Saisines par nature", par(toutes, GENRE_SQL), GENRES_SAISINE),
        _repartition(
            "origine",
            "Origine des dossiers signalés",
            par(complexes, F("origine")),
            dict(OrigineSaisine.choices),
        ),
        _repartition(
            "stade",
            "Stade de la procédure à la saisine (dossiers signalés)",
            par(complexes, F("stade_declare")),
            stades,
        ),
        _repartition(
            "motif", "Motif des dossiers signalés", par(complexes, F("motif")), dict(Motif.choices)
        ),
        _repartition(
            "parc", "Dossiers signalés par parc", par(complexes, F("parc")), dict(Parc.choices)
        ),
        _repartition(
            "arrondissement",
            "Saisines par arrondissement",
            par(toutes, F("commune__arrondissement__nom")),
            {},
        ),
        _repartition("epci", "Saisines par EPCI", par(toutes, F("commune__epci__nom")), {}),
    ]


def _dettes(territoire: Territoire, annee: int, parc: str) -> Dettes:
    base = saisines_du_territoire(territoire, [annee, annee - 1], parc).filter(
        nature=NatureSaisine.COMPLEXE, montant_dette__isnull=False
    )
    colonnes = {}
    for suffixe, y in (("", annee), ("_n1", annee - 1)):
        an = Q(soumise_le__year=y)
        colonnes[f"avec_dette{suffixe}"] = Count("id", filter=an)
        colonnes[f"plus_10000{suffixe}"] = Count("id", filter=an & Q(montant_dette__gt=10000))
        colonnes[f"plus_50000{suffixe}"] = Count("id", filter=an & Q(montant_dette__gt=50000))
    return Dettes(**base.aggregate(**colonnes))


DESTINATAIRE_SQL = Case(
    When(destinataire_menage=True, then=Value("menage")),
    default=F("destinataire_organisation__type"),
    output_field=CharField(),
)


def _preconisations(territoire: Territoire, annee: int, parc: str):
    base = Preconisation.objects.filter(examen__seance__date__year=annee).filter(
        territoire.filtre("examen__menage__commune", "examen__menage__departement"),
        parcs.filtre_menage(parc, "examen__menage"),
    )
    faite = Q(statut=StatutPreconisation.FAITE) | Q(suivi__reponse=StatutPreconisation.FAITE)
    colonnes = {"preconisees": Count("id"), "realisees": Count("id", filter=faite)}

    def lignes(qs, libelles):
        return sorted(
            (
                LignePreconisation(
                    libelle=libelles.get(r["code"], r["code"] or NON_RENSEIGNE),
                    preconisees=r["preconisees"],
                    realisees=r["realisees"],
                    taux_realisation=taux(r["realisees"], r["preconisees"], 0),
                )
                for r in qs
            ),
            key=lambda ligne: (-ligne.preconisees, ligne.libelle),
        )

    par_type = base.annotate(code=F("type__libelle")).values("code").annotate(**colonnes).order_by()
    par_destinataire = (
        base.annotate(code=DESTINATAIRE_SQL).values("code").annotate(**colonnes).order_by()
    )
    destinataires = {"menage": "Le ménage", **dict(TypeOrganisation.choices)}
    return lignes(par_type, {}), lignes(par_destinataire, destinataires)


def _issues(territoire: Territoire, annee: int, parc: str) -> IssuesDouzeMois:
    """Reviews of the households first examined the year before (the seeds' cohort)."""
    lignes_sql = list(
        BilanDouzeMois.objects.filter(
            realise_le__isnull=False, examen__seance__date__year=annee - 1
        )
        .filter(territoire.filtre("examen__menage__commune", "examen__menage__departement"))
        .filter(parcs.filtre_menage(parc, "examen__menage"))
        .annotate(code=F("situation"))
        .values("code")
        .annotate(
            n=Count("id"),
            dette_soldee=Count("id", filter=Q(dette_soldee=True)),
            surendettement=Count("id", filter=Q(surendettement_recevable=True)),
            fsl=Count("id", filter=Q(fsl_accorde=True)),
            pcs=Count("id", filter=Q(pcs_signe=True)),
        )
        .order_by()
    )
    return IssuesDouzeMois(
        repartition=_repartition(
            "issues",
            f"Situation à 12 mois des ménages examinés pour la première fois en {annee - 1}",
            lignes_sql,
            dict(SituationLogement.choices),
            avec_n1=False,
        ),
        dette_soldee=sum(r["dette_soldee"] for r in lignes_sql),
        surendettement_recevable=sum(r["surendettement"] for r in lignes_sql),
        fsl_accorde=sum(r["fsl"] for r in lignes_sql),
        pcs_signe=sum(r["pcs"] for r in lignes_sql),
    )


def _dls(territoire: Territoire, annee: int, parc: str) -> Repartition:
    lignes_sql = (
        Menage.objects.filter(dans_les_annees("examens__seance__date", [annee, annee - 1]))
        .filter(territoire.filtre("commune", "departement"), parcs.filtre_menage(parc, ""))
        .annotate(code=F("dls_statut"))
        .values("code")
        .annotate(
            n=Count("id", distinct=True, filter=Q(examens__seance__date__year=annee)),
            n1=Count("id", distinct=True, filter=Q(examens__seance__date__year=annee - 1)),
        )
        .order_by()
    )
    return _repartition(
        "dls",
        "Demande de logement social des ménages examinés",
        lignes_sql,
        dict(StatutDLS.choices),
    )


def _courriers(territoire: Territoire, annee: int, parc: str) -> Courriers:
    colonnes = {}
    for suffixe, y in (("", annee), ("_n1", annee - 1)):
        colonnes[f"envoyes{suffixe}"] = Count("id", filter=Q(envoye_le__year=y))
        colonnes[f"repondus{suffixe}"] = Count(
            "id", filter=Q(envoye_le__year=y, reponse_recue_le__isnull=False)
        )
    return Courriers(
        **Courrier.objects.filter(type=TypeCourrier.PREVENTION)
        .filter(dans_les_annees("envoye_le", [annee, annee - 1]))
        .filter(territoire.filtre("menage__commune", "menage__departement"))
        .filter(parcs.filtre_menage(parc))
        .aggregate(**colonnes)
    )


class Mediane(Aggregate):
    """PostgreSQL's exact median (`percentile_cont`), NULL over no row."""

    function = "PERCENTILE_CONT"
    name = "Mediane"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


class JoursEntre(Func):
    """Whole days from the second date to the first (PostgreSQL: date - date is an integer)."""

    template = "(%(expressions)s)"
    arg_joiner = " - "
    output_field = IntegerField()


AIDE_LOGEMENT = [
    NatureDecision.AIDE_MAINTIEN,
    NatureDecision.AIDE_SUSPENSION,
    NatureDecision.AIDE_REPRISE,
]
SAISINES_DECIDEES = [NatureDecision.SAISINE_FSL, NatureDecision.SAISINE_SIAO, NatureDecision.AUTRE]
ISSUES_DECISION = {
    "notifiees": StatutDecision.NOTIFIEE,
    "executees": StatutDecision.EXECUTEE,
    "levees": StatutDecision.LEVEE,
    "expirees": StatutDecision.EXPIREE,
    "remplacees": StatutDecision.REMPLACEE,
}


def decisions_du_territoire(territoire: Territoire, annees: list[int], parc: str = ""):
    """Decisions notified in these years (local time) to households of the territory and parc."""
    return Decision.objects.filter(dans_les_annees("notifiee_le", annees)).filter(
        # A report oriented before it has a household counts where the report is.
        Q(menage__isnull=False)
        & territoire.filtre("menage__commune", "menage__departement")
        & parcs.filtre_menage(parc)
        | Q(menage__isnull=True, saisine__isnull=False)
        & territoire.filtre("saisine__commune", "saisine__departement")
        & parcs.filtre_saisine(parc, "saisine")
    )


def date_du_signalement():
    """SQL: when the bailiff's report reached the commission: the report the orientation
    decision is about when it names one; otherwise the household's latest report (commandement
    de payer, canal CDP) received on or before the decision was taken."""
    return Coalesce(F("saisine__soumise_le"), _dernier_signalement_du_menage())


def _dernier_signalement_du_menage():
    return Subquery(
        Saisine.objects.filter(
            menage=OuterRef("menage"),
            canal=CanalSaisine.CDP,
            soumise_le__isnull=False,
            soumise_le__lte=OuterRef("prise_le"),
        )
        .exclude(statut=StatutSaisine.BROUILLON)
        .order_by("-soumise_le", "-id")
        .values("soumise_le")[:1]
    )


def _decisions(territoire: Territoire, annee: int, parc: str) -> Decisions:
    """Decisions by year of notification, in two queries.

    A replaced decision is counted once, as the decision in force: a decision whose status is
    « remplacée » leaves the totals (its replacement counts, in the year and under the nature
    it is notified with) and shows apart in the « remplacées » column of the year it was
    notified. A replacement not yet notified therefore counts nowhere until it is.

    Delay to orientation (nature « orientation »): calendar days from the date the bailiff's
    report was received (the report the decision names, else the household's latest report of
    canal CDP received before the decision was taken) to the notification of the decision in force
    (when the addressee is told). Chosen over the session or the household's creation, which
    measure something else (the agenda, the file); orientations with no such report are left
    out of the median, and `orientations_datees` says on how many it stands.
    """
    base = decisions_du_territoire(territoire, [annee, annee - 1], parc)
    compte = Q(notifiee_le__year=annee) & ~Q(statut=StatutDecision.REMPLACEE)
    compte_n1 = Q(notifiee_le__year=annee - 1) & ~Q(statut=StatutDecision.REMPLACEE)
    colonnes = {"n": Count("id", filter=compte), "n1": Count("id", filter=compte_n1)}
    for nom, statut in ISSUES_DECISION.items():
        colonnes[nom] = Count("id", filter=Q(notifiee_le__year=annee, statut=statut))
    lignes_sql = list(
        base.annotate(code=F("type__nature"), organisation=F("destinataire_organisation__type"))
        .values("code", "organisation")
        .annotate(**colonnes)
        .order_by()
    )

    def ligne(nature) -> LigneDecisions:
        sql = [r for r in lignes_sql if r["code"] == nature]
        return LigneDecisions(
            code=nature.value,
            libelle=nature.label,
            **{cle: sum(r[cle] for r in sql) for cle in ["n", "n1", *ISSUES_DECISION]},
        )

    orientation = NatureDecision.ORIENTATION
    orientations = _repartition(
        "decisions_orientation",
        f"Signalements orientés par décision, par destinataire ({annee})",
        [
            {"code": r["organisation"], "n": r["n"], "n1": r["n1"]}
            for r in lignes_sql
            if r["code"] == orientation
        ],
        dict(TypeOrganisation.choices),
    )
    jours = JoursEntre(TruncDate("notifiee_le"), TruncDate("signalement_le"))
    date = Q(signalement_le__isnull=False)
    delais = (
        base.filter(type__nature=orientation)
        .exclude(statut=StatutDecision.REMPLACEE)
        .annotate(signalement_le=date_du_signalement())
        .aggregate(
            mediane=Mediane(jours, filter=date & Q(notifiee_le__year=annee)),
            mediane_n1=Mediane(jours, filter=date & Q(notifiee_le__year=annee - 1)),
            datees=Count("id", filter=date & Q(notifiee_le__year=annee)),
            datees_n1=Count("id", filter=date & Q(notifiee_le__year=annee - 1)),
        )
    )
    return Decisions(
        aide_logement=[ligne(nature) for nature in AIDE_LOGEMENT],
        saisines=[ligne(nature) for nature in SAISINES_DECIDEES],
        orientations=orientations,
        delai_median_orientation=delais["mediane"],
        delai_median_orientation_n1=delais["mediane_n1"],
        orientations_datees=delais["datees"],
        orientations_datees_n1=delais["datees_n1"],
    )


def _lignes_declarees(annee: int, declarees) -> list[LigneDeclaree]:
    lignes = []
    for code, indicateur in DECLARABLES_PAR_CODE.items():
        courante = declarees.get((code, annee))
        precedente = declarees.get((code, annee - 1))
        if courante is None and precedente is None:
            continue
        lignes.append(
            LigneDeclaree(
                code=code,
                libelle=indicateur.libelle,
                famille=indicateur.famille,
                valeur=courante.valeur if courante else None,
                valeur_n1=precedente.valeur if precedente else None,
                evolution=evolution_pourcentage(
                    precedente.valeur if precedente else None, courante.valeur if courante else None
                ),
                source=(courante or precedente).source_organisation.nom,
                unite=indicateur.unite,
            )
        )
    return lignes


@travailleurs_paralleles()
def bilan(annee: int, territoire: Territoire, parc: str = "") -> Bilan:
    """Every figure of the annual balance for a year, a territory and a parc ("" for both;
    see `parc.py` for what belongs to a parc), in a fixed number of queries whatever the
    volume of data."""
    parc = parcs.valide(parc)
    annees = list(range(annee - 5, annee + 1))
    declarees = _declarees(territoire, annees, parc)
    actes, jugements = _actes(territoire, annee, annees, declarees, parc)
    par_type, par_destinataire = _preconisations(territoire, annee, parc)
    return Bilan(
        annee=annee,
        territoire=territoire,
        annees=annees,
        actes=actes,
        activite=_activite(territoire, annee, parc),
        saisines=_saisines(territoire, annee, parc),
        preconisations_par_type=par_type,
        preconisations_par_destinataire=par_destinataire,
        issues=_issues(territoire, annee, parc),
        dls=_dls(territoire, annee, parc),
        dettes=_dettes(territoire, annee, parc),
        objectifs=_objectifs(territoire, annee, actes, jugements, declarees),
        courriers=_courriers(territoire, annee, parc),
        decisions=_decisions(territoire, annee, parc),
        declarees=_lignes_declarees(annee, declarees),
        parc=parc,
    )
