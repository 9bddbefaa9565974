"""Applying an import file, chunk by chunk, in a constant number of queries per chunk.

For each chunk of rows: one query finds the references already imported, three find the
known households (CAF number, name and birth date, address in the commune — the criteria of
`dossiers.doublons`, exact rather than by similarity so that they can be batched), one finds
their current procedures, three lock them (after the numbering's counter) and read their
acts and debts, then every row is written with COPY (`copie.inserer`); once the households
are locked, one query checks that none was merged and that their current procedure is still
the one read (otherwise the chunk runs again). Each chunk is one transaction: a worker
killed mid-file leaves whole chunks behind, and running the file again skips the references
already imported (idempotent on canal + source reference).

The rows written are built with `copie.nouvelle`, not the model constructor: profiled on
10 000 rows, `Model.__init__` for the five instances of each row was 40 % of the time, the
matching queries under 5 %. The deadline rules (`Procedure.echeances`) still run in Python,
once per touched procedure with the reference data read once; the household summary and
search text are refreshed by one UPDATE each per chunk (`resume.actualiser`,
`recherche.actualiser`). `tests/dossiers/test_imports_equivalence.py` freezes the results."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections import defaultdict, namedtuple
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from ccapex.telechargements import ecrire_ligne_csv
from dossiers import journal, recherche, resume
from dossiers.enums import CanalSaisine, NatureSaisine, StatutMenage, StatutSaisine
from dossiers.imports.copie import identifiants, inserer, nouvelle, reserver
from dossiers.imports.formats import Format
from dossiers.imports.lecture import lire
from dossiers.imports.validation import LigneRefusee, LigneValide, valider_ligne
from dossiers.models import EvenementJournal, MenageProcedure, Saisine
from dossiers.numerotation import reserver_numeros
from partenaires.enums import TypeOrganisation
from partenaires.models import Commune, Organisation
from procedure.deadlines import echeances_de_procedure, prochaine_echeance
from procedure.enums import Motif, NatureBailleur, Parc, Stade, TypeActe
from procedure.models import ActeProcedure, EtatDette, Procedure, RegleJuridique
from procedure.services import enregistrer_echeances

TAILLE_LOT = 1000
ESSAIS_PAR_LOT = 3  # a chunk rolled back by a concurrent change is read again
LIGNES_GARDEES = 5000  # rows kept in the job's result for the page; the CSV report has all

CREEE, RAPPROCHEE, DEJA, REFUSEE = "creee", "rapprochee", "deja_importee", "refusee"
LIBELLES = {
    CREEE: "Créé (ménage inconnu)",
    RAPPROCHEE: "Créé et rattaché à un dossier connu",
    DEJA: "Déjà importé : ignoré",
    REFUSEE: "Refusé",
}
STADE_PAR_ACTE = {
    TypeActe.CDP: Stade.CDP,
    TypeActe.SIGNALEMENT_CAF: Stade.PREVENTION,
    TypeActe.SAISINE_PREALABLE: Stade.PREVENTION,
}


@dataclass
class Rapport:
    compteurs: dict = field(default_factory=lambda: dict.fromkeys(LIBELLES, 0))
    lignes: list[dict] = field(default_factory=list)
    csv: io.StringIO = field(default_factory=io.StringIO)

    def __post_init__(self):
        self._ecrivain = csv.writer(self.csv, delimiter=";")
        self._ecrivain.writerow(["ligne", "reference", "issue", "detail"])

    def ajouter(self, numero: int, reference: str, issue: str, detail: str = "") -> None:
        self.compteurs[issue] += 1
        ligne = {"ligne": numero, "reference": reference, "issue": issue, "detail": detail}
        if len(self.lignes) < LIGNES_GARDEES:
            self.lignes.append(ligne)
        # Values from the file must not run as formulas when the report opens in a spreadsheet.
        ecrire_ligne_csv(self._ecrivain, [numero, reference, LIBELLES[issue], detail])

    @property
    def total(self) -> int:
        return sum(self.compteurs.values())

    def en_donnees(self) -> dict:
        return {
            "compteurs": self.compteurs,
            "lignes": self.lignes,
            "tronque": self.total > len(self.lignes),
        }


@lru_cache(maxsize=100_000)  # the same names and addresses recur across a file
def simple(texte: str) -> str:
    """Python twin of `SansAccents`: upper case, no accent, single spaces."""
    texte = unicodedata.normalize("NFKD", texte or "")
    return " ".join("".join(c for c in texte if not unicodedata.combining(c)).upper().split())


def importer(
    contenu: bytes,
    format_: str,
    *,
    spec: Format,
    departement,
    par,
    simulation: bool,
    avancer: Callable[[int], None] | None = None,
    aujourd_hui: date | None = None,
    taille_lot: int | None = None,
) -> Rapport:
    """Read, check and apply (or only simulate) a whole file; the report lists every row."""
    aujourd_hui = aujourd_hui or timezone.localdate()
    taille_lot = taille_lot or TAILLE_LOT
    contexte = _Contexte(spec, departement, par, simulation, aujourd_hui)
    rapport = Rapport()
    vues: dict[str, int] = {}
    lot: list[LigneValide] = []
    fait = 0

    def vider():
        nonlocal lot
        if lot:
            contexte.appliquer(lot, rapport)
            lot = []

    for numero, brute in lire(contenu, format_, spec):
        ligne = valider_ligne(
            numero, brute, spec=spec, communes=contexte.communes, aujourd_hui=aujourd_hui
        )
        fait += 1
        if isinstance(ligne, LigneRefusee):
            vider()  # keep the report in file order
            rapport.ajouter(numero, ligne.reference, REFUSEE, " ".join(ligne.raisons))
        elif ligne.reference in vues:
            vider()
            rapport.ajouter(
                numero,
                ligne.reference,
                REFUSEE,
                f"Référence en double dans le fichier (déjà vue ligne {vues[ligne.reference]}).",
            )
        else:
            vues[ligne.reference] = numero
            lot.append(ligne)
            if len(lot) >= taille_lot:
                vider()
        if avancer and fait % taille_lot == 0:
            avancer(fait)
    vider()
    if avancer:
        avancer(fait)
    return rapport


def _message_d_arret(
    lignes: list[LigneValide], erreur: Exception, *, toujours_ainsi: bool = True
) -> str:
    """What the job's page shows when a chunk failed every attempt (it shows no report): where
    the import stopped, what was in the way as far as it is known, what to do. A database
    refusal is not always a dossier changing (a landlord deleted meanwhile, the same file
    launched twice at once); the log keeps the whole error. `erreur` is the last attempt's;
    `toujours_ainsi` is false when an earlier attempt failed the other way (then the message
    does not say « N fois de suite »)."""
    premiere, derniere = lignes[0].numero, lignes[-1].numero
    if premiere == derniere:
        ces_lignes, de_ces_lignes, completent = (
            f"la ligne {premiere}",
            f"de la ligne {premiere}",
            "complète",
        )
    else:
        ces_lignes = f"les lignes {premiere} à {derniere}"
        de_ces_lignes, completent = f"des lignes {premiere} à {derniere}", "complètent"
    if isinstance(erreur, IntegrityError):
        cause = (
            f"l’enregistrement {de_ces_lignes} a été refusé par la base (le même fichier "
            "importé en même temps, ou une donnée liée supprimée entre-temps)"
        )
    else:
        cause = f"des dossiers que {completent} {ces_lignes} ont changé pendant l’import"
    combien = (
        f"{ESSAIS_PAR_LOT} fois de suite"
        if toujours_ainsi
        else f"au dernier des {ESSAIS_PAR_LOT} essais (les précédents ont échoué autrement)"
    )
    return (
        f"Import arrêté à la ligne {premiere} : {cause}, {combien}. Les lignes qui précèdent "
        "ont été traitées (importées, déjà importées ou refusées pour une erreur du fichier) ; "
        f"la ligne {premiere} et les suivantes ne l’ont pas été. Relancez l’import : les lignes "
        "déjà importées seront reconnues et ignorées, et son rapport CSV listera toutes les "
        "lignes refusées."
    )


class _MenageFusionne(Exception):
    """A household the chunk matched was merged before the chunk locked it."""


class _CouranteChangee(Exception):
    """A household the chunk matched got another current procedure before the chunk locked
    it (an agent opened or linked one)."""


# ((procedure id, None) or (None, household id), act date): see `_Ecrits`.
_Cle = tuple[tuple[int | None, int | None], date]


@dataclass(slots=True)
class _Ecrits:
    """What earlier rows opened or wrote, read by the later ones as a later chunk reads it
    from the database: a file gives the same procedures, acts and debts wherever its chunks
    are cut (`test_le_decoupage_en_paquets_ne_change_rien`). One per chunk attempt; a dry
    run keeps one for the whole file.

    A procedure is named by its id, a new one by the household it was opened for, not by
    `id()`: a dry run keeps the names for the whole file, and CPython gives the id of a
    procedure freed with its chunk to a later one (its act was then announced "already
    known"). One opened for no household is never read again: nothing is kept for it."""

    ouvertes: dict[int, Procedure] = field(default_factory=dict)  # household id → procedure
    actes: set[_Cle] = field(default_factory=set)
    dettes: dict[_Cle, Decimal] = field(default_factory=dict)  # → the last amount written

    def noter(self, procedure, menage_id, ligne: LigneValide, type_acte) -> tuple[bool, bool]:
        """(act known, debt known) of this row on `procedure`, from its rows read in the
        database and the earlier rows of the file; then this row's are remembered.

        The debt in force at that date (the last recorded for it, as the summary and the
        deadlines read it) reported again is not recorded twice: a second report of one
        situation. An amount recorded earlier that day but replaced since is a new state,
        recorded: skipped, the last debt would have stayed the one that replaced it."""
        cle = ((procedure.pk, None) if procedure.pk else (None, menage_id), ligne.date_acte)
        acte_connu = cle in self.actes or any(
            a.type == type_acte and a.date == ligne.date_acte
            for a in getattr(procedure, "actes_connus", ())
        )
        if cle in self.dettes:
            en_vigueur = self.dettes[cle]
        else:
            du_jour = [
                d for d in getattr(procedure, "dettes_connues", ()) if d.date == ligne.date_acte
            ]
            en_vigueur = max(du_jour, key=lambda d: d.id).montant if du_jour else None
        dette_connue = ligne.montant_dette is not None and ligne.montant_dette == en_vigueur
        if procedure.pk or menage_id:
            self.actes.add(cle)
            if ligne.montant_dette is not None:
                self.dettes[cle] = ligne.montant_dette
        return acte_connu, dette_connue


class _Contexte:
    """What every chunk of one file shares: communes, known landlords, the numbering."""

    def __init__(self, spec: Format, departement, par, simulation: bool, aujourd_hui: date):
        self.spec, self.departement, self.par = spec, departement, par
        self.simulation, self.aujourd_hui = simulation, aujourd_hui
        # What the rows simulated so far would have written: a dry run writes nothing.
        self.simule = _Ecrits()
        # The law's dated reference data, read once for the whole file.
        self.regles = RegleJuridique.objects.referentiel(departement_code=departement.code)
        self.communes = dict(
            Commune.objects.filter(departement=departement).values_list("code_insee", "pk")
        )
        self.bailleurs = {
            simple(nom): pk
            for pk, nom in Organisation.objects.filter(
                departement=departement, type=TypeOrganisation.BAILLEUR_SOCIAL
            ).values_list("pk", "nom")
        }

    # -- matching ------------------------------------------------------------------------

    def _menages_connus(self, lignes: list[LigneValide]) -> dict[int, tuple[list, str]]:
        """Row number → (matching household ids, reason), in three queries.

        Each query joins the chunk's keys (`unnest` of arrays) to an index — (département,
        CAF number), (upper-unaccented name, birth date), (commune, upper-unaccented
        address) — so its cost depends on the chunk, not on the size of the département."""
        # An archived file is never matched: a new report opens a new file.
        actif = (
            f"m.departement_id = %s AND m.statut <> '{StatutMenage.FUSIONNE}' "
            "AND m.archive_le IS NULL"
        )
        par_allocataire = defaultdict(set)
        allocataires = sorted({x.numero_allocataire for x in lignes if x.numero_allocataire})
        for numero, pk in _lignes_sql(
            # `= ANY` rather than a join: the planner then probes the partial index on
            # (département, number); joined, it merged the whole département (92 ms a chunk
            # at 100 000 households).
            "SELECT m.numero_allocataire, m.id FROM dossiers_menage m "
            f"WHERE m.numero_allocataire = ANY(%s::text[]) AND m.numero_allocataire <> '' "
            f"AND {actif}",
            [allocataires, self.departement.pk],
        ):
            par_allocataire[numero].add(pk)
        par_identite = defaultdict(set)
        identites = sorted({(simple(x.nom), x.date_naissance) for x in lignes if x.date_naissance})
        for cle, naissance, pk in _lignes_sql(
            "SELECT v.cle, v.naissance, m.id FROM unnest(%s::text[], %s::date[]) "
            "AS v(cle, naissance) JOIN dossiers_membremenage mm "
            "ON UPPER(immutable_unaccent((mm.nom)::text)) = v.cle "
            "AND mm.date_naissance = v.naissance "
            f"JOIN dossiers_menage m ON m.id = mm.menage_id WHERE {actif}",
            [[c for c, _ in identites], [n for _, n in identites], self.departement.pk],
        ):
            par_identite[(cle, naissance)].add(pk)
        par_adresse = defaultdict(set)
        adresses = sorted({(x.commune_id, simple(x.adresse)) for x in lignes})
        for commune_id, cle, pk in _lignes_sql(
            "SELECT v.commune_id, v.cle, m.id FROM unnest(%s::bigint[], %s::text[]) "
            "AS v(commune_id, cle) JOIN dossiers_menage m ON m.commune_id = v.commune_id "
            f"AND UPPER(immutable_unaccent((m.adresse)::text)) = v.cle WHERE {actif}",
            [[c for c, _ in adresses], [a for _, a in adresses], self.departement.pk],
        ):
            par_adresse[(commune_id, cle)].add(pk)

        resultat = {}
        for ligne in lignes:
            for candidats, raison in (
                (par_allocataire.get(ligne.numero_allocataire), "même numéro d’allocataire"),
                (
                    par_identite.get((simple(ligne.nom), ligne.date_naissance)),
                    "même nom et même date de naissance",
                ),
                (par_adresse.get((ligne.commune_id, simple(ligne.adresse))), "même adresse"),
            ):
                if candidats:
                    resultat[ligne.numero] = (sorted(candidats), raison)
                    break
        return resultat

    # -- one chunk -----------------------------------------------------------------------

    def appliquer(self, lignes: list[LigneValide], rapport: Rapport) -> None:
        """Apply one chunk; its report lines are kept only once the chunk is committed."""
        if self.simulation:
            issues = self._appliquer(lignes)
        else:
            issues = self._appliquer_en_reessayant(lignes)
        for issue in issues:
            rapport.ajouter(*issue)

    def _appliquer_en_reessayant(self, lignes: list[LigneValide]) -> list[tuple]:
        """The same references were imported meanwhile (the same file launched twice at
        once), or a household matched was merged or got another current procedure: the chunk
        was rolled back; read again what now exists. A busy dossier can change again during
        the second reading: a few attempts, then a message saying what to do (the job's
        error; a relaunch skips the chunks already imported)."""
        refus = set()  # whether each failed attempt was a database refusal
        for essai in range(1, ESSAIS_PAR_LOT + 1):
            try:
                with transaction.atomic():
                    return self._appliquer(lignes)
            except (IntegrityError, _MenageFusionne, _CouranteChangee) as erreur:
                refus.add(isinstance(erreur, IntegrityError))
                if essai == ESSAIS_PAR_LOT:
                    # The job stops here; its page says too that the rows after the chunk
                    # were not read (naming the chunk's rows alone read as if only they were
                    # missing).
                    raise ValidationError(
                        _message_d_arret(lignes, erreur, toujours_ainsi=len(refus) == 1)
                    ) from erreur
        raise AssertionError("unreachable")

    def _appliquer(self, lignes: list[LigneValide]) -> list[tuple]:
        issues: list[tuple] = []
        spec = self.spec
        # Arrays rather than Django's `IN (%s, %s, …)`: a thousand placeholders cost more to
        # split and parse than the lookups themselves. Joined to `unnest` so that each reference
        # probes the unique index (canal, reference): with `= ANY` of a literal array the
        # planner read every referral of the canal, a cost growing with the table.
        deja = dict(
            _lignes_sql(
                "SELECT s.reference_source, s.numero FROM unnest(%s::text[]) AS r(reference) "
                "JOIN dossiers_saisine s ON s.reference_source = r.reference "
                "AND s.canal = %s AND s.reference_source <> ''",
                [[x.reference for x in lignes], spec.canal],
            )
        )
        nouvelles = [x for x in lignes if x.reference not in deja]
        connus = self._menages_connus(nouvelles) if nouvelles else {}
        menage_ids = {ids[0] for ids, _ in connus.values() if len(ids) == 1}
        tous = sorted({i for ids, _ in connus.values() for i in ids[:5]})
        menages, courantes = _procedures_courantes(tous, menage_ids)

        numeros = (
            []
            if self.simulation or not nouvelles
            else reserver_numeros(
                departement=self.departement,
                annee=self.aujourd_hui.year,
                serie="saisine",
                nombre=len(nouvelles),
            )
        )
        # Locked after the counter, the chunk's order (counter, procedures, households), then
        # read: read before, an agent's act committed meanwhile was missing from the deadline
        # written and from the "already known" decision (`test_verrous_concurrence.py`).
        _actes_et_dettes(courantes, verrouiller=not self.simulation)
        maintenant = timezone.now()  # for the new procedures: one clock read, not one each
        plans = []  # (ligne, menage_id, procedure, nouvelle_procedure, acte_a_creer)
        # Empty at each attempt: a chunk read again after a conflict starts from what the
        # database holds, not from what its rolled-back attempt noted. A dry run writes
        # nothing: it keeps one for the whole file.
        ecrits = self.simule if self.simulation else _Ecrits()
        sans_dette: set[int] = set()  # rows whose debt is already recorded
        for ligne in lignes:
            if ligne.reference in deja:
                issues.append(
                    (
                        ligne.numero,
                        ligne.reference,
                        DEJA,
                        f"Référence déjà importée (signalement {deja[ligne.reference]}).",
                    )
                )
                continue
            ids, raison = connus.get(ligne.numero, ([], ""))
            menage_id = ids[0] if len(ids) == 1 else None
            procedure = courantes.get(menage_id) or ecrits.ouvertes.get(menage_id)
            neuve = procedure is None  # not `nouvelle`: the function of that name is used here
            if neuve:
                procedure = self._procedure(ligne, maintenant)
                if menage_id:
                    ecrits.ouvertes[menage_id] = procedure
            connu, dette_connue = ecrits.noter(procedure, menage_id, ligne, spec.type_acte)
            if dette_connue:
                sans_dette.add(ligne.numero)
            plans.append((ligne, menage_id, procedure, neuve, not connu))
            if menage_id:
                detail = f"Rattaché au dossier {menages[menage_id]} ({raison})"
                detail += {
                    (True, True): " ; acte et dette déjà connus.",
                    (True, False): " ; acte déjà connu.",
                    (False, True): " ; dette déjà connue.",
                }.get((connu, dette_connue), ".")
                issues.append((ligne.numero, ligne.reference, RAPPROCHEE, detail))
            else:
                detail = "Nouvelle procédure, à orienter."
                if len(ids) > 1:
                    detail += (
                        f" Plusieurs dossiers possibles ({raison}) : "
                        + ", ".join(menages[i] for i in ids[:5])
                        + " — à rapprocher par le secrétariat."
                    )
                issues.append((ligne.numero, ligne.reference, CREEE, detail))
        if not self.simulation and plans:
            self._ecrire(plans, numeros, sans_dette)
        return issues

    def _procedure(self, ligne: LigneValide, maintenant) -> Procedure:
        social = ligne.parc == Parc.SOCIAL
        if social:
            nature = NatureBailleur.BAILLEUR_SOCIAL
        elif self.spec.type_acte == TypeActe.SAISINE_PREALABLE:
            nature = NatureBailleur.PERSONNE_MORALE  # only legal persons must refer first
        else:
            nature = NatureBailleur.PERSONNE_PHYSIQUE
        return nouvelle(
            Procedure,
            bailleur_organisation_id=self.bailleurs.get(simple(ligne.bailleur)),
            bailleur_nom=ligne.bailleur,
            bailleur_nature=nature,
            locataires=f"{ligne.prenom} {ligne.nom}".strip(),
            adresse=ligne.adresse,
            commune_id=ligne.commune_id,
            parc=ligne.parc,
            motif=Motif.IMPAYES,
            loyer_hc=ligne.loyer_hc,
            cree_le=maintenant,  # the chunk's clock read, as for its other rows
        )

    def _ecrire(self, plans: list, numeros: list[str], sans_dette: set[int]) -> None:
        spec, par, maintenant = self.spec, self.par, timezone.now()
        canal = CanalSaisine(spec.canal).label  # once, not `get_canal_display` per row
        nouvelles = [p for _, _, p, neuve, _ in plans if neuve]
        # Ids first: the new procedures' acts and debts can point to them, and their next
        # deadline is computed before the row is written (no UPDATE afterwards).
        reserver(Procedure, nouvelles)
        actes = {}
        for ligne, _, procedure, _, creer in plans:
            if creer:
                actes[ligne.numero] = nouvelle(
                    ActeProcedure,
                    procedure_id=procedure.pk,
                    type=spec.type_acte,
                    date=ligne.date_acte,
                    source=spec.source_acte,
                    reference_source=ligne.reference,
                    mois_impayes=ligne.mois_impayes if spec.type_acte == TypeActe.CDP else None,
                    cree_le=maintenant,  # one clock read per chunk, not one per row
                )
        reserver(ActeProcedure, list(actes.values()))
        dettes = [
            nouvelle(
                EtatDette,
                procedure_id=procedure.pk,
                date=ligne.date_acte,
                montant=ligne.montant_dette,
                mois_impayes=ligne.mois_impayes,
                acte_id=actes[ligne.numero].pk if ligne.numero in actes else None,
                commentaire=f"Import {canal} réf. {ligne.reference}"[:200],
                cree_le=maintenant,
            )
            for ligne, _, procedure, _, _ in plans
            if ligne.montant_dette is not None and ligne.numero not in sans_dette
        ]
        reserver(EtatDette, dettes)
        self._echeances(nouvelles, actes, dettes)
        inserer(Procedure, nouvelles)
        liens = [
            nouvelle(MenageProcedure, menage_id=m, procedure_id=p.pk, lie_le=maintenant)
            for _, m, p, neuve, _ in plans
            if neuve and m
        ]
        inserer(MenageProcedure, liens)
        inserer(ActeProcedure, list(actes.values()))
        inserer(EtatDette, dettes)
        # Saisines and journal lines are written as they are built (generators): the server
        # indexes each batch sent while the next is built.
        saisines, ids = [], identifiants(Saisine, len(plans))  # no query during the COPY

        def a_ecrire():
            for (ligne, menage_id, procedure, _, _), numero, pk in zip(
                plans, numeros, ids, strict=True
            ):
                saisine = nouvelle(
                    Saisine,
                    id=pk,
                    numero=numero,
                    departement_id=self.departement.pk,
                    nature=NatureSaisine.ADMINISTRATIVE,
                    canal=spec.canal,
                    origine=spec.origine,
                    deposee_par_id=par.pk if par else None,
                    statut=StatutSaisine.ENREGISTREE,
                    reference_source=ligne.reference,
                    nom=ligne.nom,
                    prenom=ligne.prenom,
                    date_naissance=ligne.date_naissance,
                    adresse=ligne.adresse,
                    commune_id=ligne.commune_id,
                    nb_enfants=ligne.nb_enfants,
                    numero_allocataire=ligne.numero_allocataire,
                    bailleur_organisation_id=procedure.bailleur_organisation_id,
                    bailleur_nom=ligne.bailleur,
                    bailleur_nature=procedure.bailleur_nature,
                    parc=ligne.parc,
                    loyer_hc=ligne.loyer_hc,
                    motif=Motif.IMPAYES,
                    stade_declare=STADE_PAR_ACTE[spec.type_acte],
                    actes_connus=[{"type": spec.type_acte, "date": ligne.date_acte.isoformat()}],
                    montant_dette=ligne.montant_dette,
                    date_dette=ligne.date_acte if ligne.montant_dette is not None else None,
                    mois_impayes=ligne.mois_impayes,
                    menage_id=menage_id,
                    procedure_id=procedure.pk,
                    cree_le=maintenant,
                    soumise_le=maintenant,
                    traitee_le=maintenant,
                    traitee_par_id=par.pk if par else None,
                )
                saisines.append(saisine)
                yield saisine

        inserer(Saisine, a_ecrire())
        inserer(
            EvenementJournal,
            (
                # What `journal.ligne` builds, without `Model.__init__`.
                nouvelle(
                    EvenementJournal,
                    id=pk,
                    type=journal.TypeEvenement.SIGNALEMENT_IMPORTE,
                    description=(
                        f"Signalement {s.numero} importé ({canal}, réf. {s.reference_source})"
                    )[:500],
                    auteur_id=par.pk if par else None,
                    quand=maintenant,
                    donnees={"procedure_id": s.procedure_id},
                    menage_id=s.menage_id,
                    saisine_id=s.pk,
                )
                for s, pk in zip(
                    saisines, identifiants(EvenementJournal, len(saisines)), strict=True
                )
            ),
        )
        # Not the procedures this chunk opened, which later rows of the chunk may point to.
        ouvertes = {p.pk for p in nouvelles}
        connues = list({p.pk: p for _, _, p, _, _ in plans if p.pk not in ouvertes}.values())
        self._echeances(connues, actes, dettes)
        enregistrer_echeances(connues)
        # New acts, debts and deadlines of known households, a procedure newly linked: their
        # stored summary follows, one UPDATE for the chunk.
        rapproches = {m for _, m, _, _, _ in plans if m}
        resume.actualiser(rapproches, aujourd_hui=self.aujourd_hui)
        # Matched, and their current procedure picked, without locks: a merge committed
        # since moved the duplicate's rows, not this chunk's, which would stay on the merged
        # dossier; a procedure an agent opened since is the current one, not the one the act
        # went to (or a second one was opened here). Now locked (the summary's lock), a merge
        # or a link to come waits for our commit; one committed before is read here.
        _verifier_les_menages(plans, ouvertes)
        # The tenants and address of a procedure now linked are searchable in the dossier.
        # After the summary, which locked every household of the chunk in id order: these are
        # among them, so the chunk takes its household locks in one id order (locked first,
        # before the others, they could deadlock with an actualiser of two dossiers), and
        # after the procedures' deadlines are written, as services lock a procedure first.
        recherche.actualiser(lien.menage_id for lien in liens)

    def _echeances(self, procedures: list, actes: dict, dettes: list) -> None:
        """Next deadline of each procedure from its acts and debts, old and new, in memory
        (no query each)."""
        nouveaux_actes, nouvelles_dettes = defaultdict(list), defaultdict(list)
        for acte in actes.values():
            nouveaux_actes[acte.procedure_id].append(acte)
        for dette in dettes:
            nouvelles_dettes[dette.procedure_id].append(dette)
        for procedure in procedures:
            prochaine = prochaine_echeance(
                echeances_de_procedure(
                    procedure,
                    [*getattr(procedure, "actes_connus", ()), *nouveaux_actes[procedure.pk]],
                    [*getattr(procedure, "dettes_connues", ()), *nouvelles_dettes[procedure.pk]],
                    self.aujourd_hui,
                    self.regles,
                )
            )
            procedure.prochaine_echeance = prochaine.date if prochaine else None
            procedure.prochaine_echeance_libelle = prochaine.libelle if prochaine else ""


def _verifier_les_menages(plans: list, ouvertes: set[int]) -> None:
    """One query, once the chunk's households are locked: none merged, and each one's current
    procedure (this chunk's new ones, `ouvertes`, aside) still the one the chunk read, or
    none."""
    lue = {m: None if p.pk in ouvertes else p.pk for _, m, p, _, _ in plans if m}
    if not lue:
        return
    with connection.cursor() as curseur:
        curseur.execute(
            "SELECT m.id, m.statut, (SELECT p.id FROM dossiers_menageprocedure mp "
            "JOIN procedure_procedure p ON p.id = mp.procedure_id "
            "WHERE mp.menage_id = m.id AND p.id <> ALL(%s::bigint[]) "
            "ORDER BY p.cree_le DESC, p.id DESC LIMIT 1) "
            "FROM dossiers_menage m WHERE m.id = ANY(%s::bigint[])",
            [sorted(ouvertes), sorted(lue)],
        )
        lignes = curseur.fetchall()
    for menage_id, statut, courante in lignes:
        if statut == StatutMenage.FUSIONNE:
            raise _MenageFusionne
        if courante != lue[menage_id]:
            raise _CouranteChangee


def _lignes_sql(sql: str, parametres: list) -> list[tuple]:
    if not parametres[0]:
        return []
    with connection.cursor() as curseur:
        curseur.execute(sql, parametres)
        return curseur.fetchall()


@dataclass(slots=True)
class _Courante:
    """A known household's current procedure: what the deadline rules and the written rows
    read (`Procedure.echeances`), its acts and debts as plain rows. Not a model instance:
    building them through the ORM was a third of the loading time."""

    pk: int
    bailleur_organisation_id: int | None
    bailleur_nature: str
    loyer_hc: Decimal | None
    date_bail: date | None
    date_renouvellement_bail: date | None
    actes_connus: list = field(default_factory=list)
    dettes_connues: list = field(default_factory=list)
    prochaine_echeance: date | None = None
    prochaine_echeance_libelle: str = ""


_CHAMPS_COURANTE = (
    "bailleur_organisation_id",
    "bailleur_nature",
    "loyer_hc",
    "date_bail",
    "date_renouvellement_bail",
)


@lru_cache(maxsize=1)
def _ligne_acte():
    """Acts as named tuples of every column: the rules may read any of them."""
    return namedtuple("Acte", [f.attname for f in ActeProcedure._meta.concrete_fields])


_Dette = namedtuple("_Dette", "id procedure_id date montant")


def _procedures_courantes(
    menage_ids: list[int], avec_procedure: set[int]
) -> tuple[dict[int, str], dict[int, _Courante]]:
    """(household id → its number, for every candidate; household id → its current
    procedure, the latest created, for those in `avec_procedure`), in one query; their acts
    and debts are read once locked (`_actes_et_dettes`)."""
    if not menage_ids:
        return {}, {}
    numeros, procedures, courantes = {}, {}, {}
    with connection.cursor() as curseur:
        # Not `_lignes_sql`, which skips the query when its first array is empty: the
        # numbers are wanted even when every match of the chunk is ambiguous.
        curseur.execute(
            "SELECT m.id, m.numero, c.id, "
            + ", ".join(f"c.{champ}" for champ in _CHAMPS_COURANTE)
            + " FROM dossiers_menage m LEFT JOIN LATERAL ("
            "SELECT p.* FROM dossiers_menageprocedure mp "
            "JOIN procedure_procedure p ON p.id = mp.procedure_id "
            # Only for the households matched alone: a test on `m` alone, made before the scan.
            "WHERE mp.menage_id = m.id AND m.id = ANY(%(seuls)s) "
            "ORDER BY p.cree_le DESC, p.id DESC LIMIT 1"
            ") c ON TRUE WHERE m.id = ANY(%(tous)s)",
            {"seuls": sorted(avec_procedure), "tous": menage_ids},
        )
        lignes = curseur.fetchall()
    for menage_id, numero, procedure_id, *valeurs in lignes:
        numeros[menage_id] = numero
        if procedure_id is not None:
            procedure = procedures.get(procedure_id) or _Courante(procedure_id, *valeurs)
            procedures[procedure_id] = courantes[menage_id] = procedure
    return numeros, courantes


def _actes_et_dettes(courantes: dict[int, _Courante], *, verrouiller: bool) -> None:
    """Lock the current procedures in id order (FOR NO KEY UPDATE, as the procedure
    services), read again their fields, then their acts and debts: three queries. The acts
    and debts are read in statements of their own, whose snapshot follows the lock's wait
    (`dossiers.verrous`)."""
    procedures = {p.pk: p for p in courantes.values()}
    if not procedures:
        return
    ids = sorted(procedures)
    for pk, *valeurs in _lignes_sql(
        f"SELECT id, {', '.join(_CHAMPS_COURANTE)} FROM {Procedure._meta.db_table} "
        "WHERE id = ANY(%s) ORDER BY id" + (" FOR NO KEY UPDATE" if verrouiller else ""),
        [ids],
    ):
        for champ, valeur in zip(_CHAMPS_COURANTE, valeurs, strict=True):
            setattr(procedures[pk], champ, valeur)
    acte = _ligne_acte()
    for ligne in _lignes_sql(
        f"SELECT {', '.join(f.column for f in ActeProcedure._meta.concrete_fields)} "
        f"FROM {ActeProcedure._meta.db_table} WHERE procedure_id = ANY(%s)",
        [ids],
    ):
        valeurs = acte._make(ligne)
        procedures[valeurs.procedure_id].actes_connus.append(valeurs)
    for ligne in _lignes_sql(
        f"SELECT id, procedure_id, date, montant FROM {EtatDette._meta.db_table} "
        "WHERE procedure_id = ANY(%s)",
        [ids],
    ):
        dette = _Dette._make(ligne)
        procedures[dette.procedure_id].dettes_connues.append(dette)


def lignes_du_rapport(donnees: dict) -> Iterable[dict]:
    for ligne in donnees.get("lignes", []):
        yield {**ligne, "libelle": LIBELLES[ligne["issue"]]}
