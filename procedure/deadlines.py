"""Legal deadlines and alerts of an eviction procedure. Pure functions: the acts, the debt,
`today` and a snapshot of the dated reference data (`referentiel.Referentiel`) come in as
arguments; no ORM, no clock. Each rule takes the version of the delay or threshold in force
on the relevant date (the act, the lease). `ActeProcedure` instances and `stades.Acte` both
fit the expected shape.

Each rule cites its article. Delays in weeks and months follow CPC art. 641; delays the tenant
has (commandement de payer, commandement de quitter les lieux) run to the next working day
when they end on a weekend or a public holiday (CPC art. 642).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from .calendrier import ajouter_mois, report_jour_ouvrable
from .enums import (
    CleRegle,
    IssueJugement,
    LectureBailRenouvele,
    MotifExceptionTreve,
    NatureBailleur,
    TypeActe,
)
from .referentiel import REFERENTIEL_PAR_DEFAUT, Referentiel, VersionRegle

# Acts after which the household is no longer threatened by this procedure.
ACTES_TERMINAUX = {TypeActe.EXPULSION, TypeActe.DEPART_VOLONTAIRE, TypeActe.PCS_SIGNE}
# Acts that make the eviction enforceable (the CQL and the JEX's délai de grâce need one).
TITRES_D_EXPULSION = "jugement ordonnant l’expulsion, ou un défaut de paiement de l’échéancier,"


def est_titre_d_expulsion(acte) -> bool:
    """A judgment ordering the eviction, or the first default on the judge's schedule, which
    ends the suspension of the termination clause (loi 89-462 art. 24 VII)."""
    return (
        acte.type == TypeActe.JUGEMENT and acte.issue_jugement == IssueJugement.EXPULSION_ORDONNEE
    ) or acte.type == TypeActe.DEFAUT_ECHEANCIER


class Statut:
    A_VENIR = "a_venir"
    DEPASSEE = "depassee"
    LEVEE = "levee"  # superseded by a later act: shown in the history only


@dataclass(frozen=True)
class Echeance:
    code: str
    libelle: str
    date: date | None
    article: str
    statut: str
    acte_id: int | None = None
    alerte: bool = False  # an irregularity or a task, rather than a date to wait for
    # When a fact is unknown (the lease date), the other possible dates; `date` is the latest.
    autres_dates: tuple[date, ...] = ()
    regle: str = ""  # which dated rule was applied, in French, when the choice is not obvious

    @property
    def ouverte(self) -> bool:
        return self.statut != Statut.LEVEE

    @property
    def en_retard(self) -> bool:
        return self.statut == Statut.DEPASSEE


def _bornes_de_la_treve(jour: date, regles: Referentiel) -> tuple[tuple, tuple]:
    """(month, day) of the truce's first and last days in force at `jour`; before the first
    version known, the oldest one."""

    def version(cle):
        return regles.version(cle, jour) or (regles.versions_de(cle) or [None])[0]

    debut, fin = version(CleRegle.TREVE_DEBUT), version(CleRegle.TREVE_FIN)
    (jd, md), (jf, mf) = (
        (debut.jour_mois if debut else (1, 11)),
        (fin.jour_mois if fin else (31, 3)),
    )
    return (md, jd), (mf, jf)


def dans_la_treve(jour: date, regles: Referentiel = REFERENTIEL_PAR_DEFAUT) -> bool:
    """Winter truce, 1 November – 31 March inclusive (CPCE art. L412-6; until 15 March
    before the loi ALUR of 2014): the dates in force at `jour`."""
    debut, fin = _bornes_de_la_treve(jour, regles)
    return (jour.month, jour.day) >= debut or (jour.month, jour.day) <= fin


def fin_de_la_treve(jour: date, regles: Referentiel = REFERENTIEL_PAR_DEFAUT) -> date:
    """The last day (31 March) of the truce containing `jour` (which must be in the truce)."""
    debut, (mois, jour_fin) = _bornes_de_la_treve(jour, regles)
    annee = jour.year + (1 if (jour.month, jour.day) >= debut else 0)
    return date(annee, mois, jour_fin)


def prochaine_treve(jour: date, regles: Referentiel = REFERENTIEL_PAR_DEFAUT) -> tuple[date, date]:
    """The truce in force at `jour`, or the next one: (1 November, 31 March)."""
    (mois_debut, jour_debut), _ = _bornes_de_la_treve(jour, regles)
    if dans_la_treve(jour, regles):
        fin = fin_de_la_treve(jour, regles)
        return date(fin.year - 1, mois_debut, jour_debut), fin
    debut = date(jour.year, mois_debut, jour_debut)
    return debut, fin_de_la_treve(debut, regles)


def cdp_a_signaler(
    *,
    mois_impayes: int | None,
    dette: Decimal | None,
    loyer_hc: Decimal | None,
    jour: date | None = None,
    regles: Referentiel = REFERENTIEL_PAR_DEFAUT,
) -> bool:
    """Loi 89-462 art. 24 I (loi 2023-668): the commissaire de justice reports the
    commandement de payer to the CCAPEX when the tenant has been in arrears for 2 months
    without interruption, or when the debt reaches twice the monthly rent excluding charges.
    Before 29 July 2023 the thresholds were the préfet's (e.g. 6 months / 6 × rent in
    Seine-Saint-Denis): the versions in force at `jour` (the CDP's date) apply."""
    seuil_mois = regles.version(CleRegle.SEUIL_SIGNALEMENT_CDP_MOIS, jour)
    seuil_loyers = regles.version(CleRegle.SEUIL_SIGNALEMENT_CDP_LOYERS, jour)
    if (
        mois_impayes is not None
        and seuil_mois
        and seuil_mois.valeur is not None
        and mois_impayes >= seuil_mois.valeur
    ):
        return True
    if seuil_loyers is None or seuil_loyers.valeur is None:
        return False
    return (
        dette is not None
        and loyer_hc is not None
        and loyer_hc > 0
        and dette >= seuil_loyers.valeur * loyer_hc
    )


@dataclass(frozen=True)
class FinCdp:
    """End of the commandement de payer's period and the dated rule that gave it."""

    dates: tuple[date, ...]  # one date; two (or more) when the lease date is unknown
    regle: str
    certaine: bool
    delais: tuple[str, ...] = ()  # « 6 semaines », « 2 mois », aligned with `dates`

    @property
    def libelle(self) -> str:
        if self.certaine and self.delais:
            return f"Fin du délai de {self.delais[0]} du commandement de payer"
        possibles = " ou ".join(
            f"{delai} le {jour:%d/%m/%Y}"
            for jour, delai in zip(self.dates, self.delais, strict=True)
        )
        return f"Fin du délai du commandement de payer (date du bail inconnue : {possibles})"

    @property
    def date(self) -> date | None:
        """The latest possible end: the landlord may not act before it."""
        return max(self.dates, default=None)


def _periode(version: VersionRegle, premiere: bool) -> str:
    if version.valide_jusqu_au is None:
        return f"à partir du {version.valide_du:%d/%m/%Y}"
    lendemain = version.valide_jusqu_au + timedelta(days=1)
    if premiere:
        return f"avant le {lendemain:%d/%m/%Y}"
    return f"du {version.valide_du:%d/%m/%Y} au {version.valide_jusqu_au:%d/%m/%Y}"


def fin_du_cdp(
    date_cdp: date,
    *,
    date_bail: date | None = None,
    date_renouvellement_bail: date | None = None,
    regles: Referentiel = REFERENTIEL_PAR_DEFAUT,
) -> FinCdp:
    """Loi 89-462 art. 24 I: the tenant has 6 weeks to pay (loi 2023-668), but leases in
    progress on 29 July 2023 keep the 2 months of their clause (Cass., avis 13 June 2024,
    n° 24-70.002): the period is the one in force on the LEASE's date. For a lease renewed
    since, the setting `bail_renouvele` says whether the renewal or the original signature
    counts (ANIL reads 6 weeks). Lease date unknown: every possible end, and the rule says so.
    The end runs to the next working day (CPC art. 642)."""
    lecture = regles.version(CleRegle.BAIL_RENOUVELE, date_cdp)
    par_renouvellement = (
        lecture is not None and lecture.texte == LectureBailRenouvele.RENOUVELLEMENT
    )
    renouvele = date_renouvellement_bail is not None and (
        date_bail is None or date_renouvellement_bail > date_bail
    )
    reference, quoi, note = None, "", ""
    if renouvele and par_renouvellement:
        reference, quoi = (
            date_renouvellement_bail,
            f"bail renouvelé le {date_renouvellement_bail:%d/%m/%Y}",
        )
        note = " ; bail renouvelé : la date du renouvellement est retenue (réglage, à vérifier)"
    elif date_bail is not None:
        reference, quoi = date_bail, f"bail signé le {date_bail:%d/%m/%Y}"
        if renouvele:
            note = (
                f" ; bail renouvelé le {date_renouvellement_bail:%d/%m/%Y} : la date de "
                "signature d’origine est retenue (réglage)"
            )
    if reference is not None:
        version = regles.version(CleRegle.DELAI_CDP, reference)
        if version is None:
            return FinCdp(
                (),
                f"Aucun délai de commandement en vigueur au {reference:%d/%m/%Y} dans les "
                "règles juridiques : complétez-les.",
                False,
            )
        fin = report_jour_ouvrable(version.apres(date_cdp))
        return FinCdp(
            (fin,),
            f"{quoi.capitalize()} : délai de {version.libelle}{note}",
            True,
            (version.libelle,),
        )
    # The lease predates the CDP: every national version in force on some day before it.
    versions = [
        v
        for v in regles.versions_de(CleRegle.DELAI_CDP)
        if v.valide_du <= date_cdp and not v.departement_code
    ]
    possibles: dict[date, tuple[str, str]] = {}
    for rang, version in enumerate(versions):
        fin = report_jour_ouvrable(version.apres(date_cdp))
        texte = f"{version.libelle} pour un bail signé {_periode(version, rang == 0)}"
        possibles.setdefault(fin, (texte, version.libelle))
    if len(possibles) == 1:
        ((fin, (texte, delai)),) = possibles.items()
        return FinCdp((fin,), f"Date du bail inconnue, sans incidence : {texte}", True, (delai,))
    ordre = sorted(possibles.items())
    details = " ; ".join(f"{texte} (fin le {fin:%d/%m/%Y})" for fin, (texte, _) in ordre)
    return FinCdp(
        tuple(fin for fin, _ in ordre),
        f"Date du bail inconnue : {details}. Renseignez la date du bail.",
        False,
        tuple(delai for _, (_, delai) in ordre),
    )


def limite_notification_prefet(
    audience: date, date_assignation: date, regles: Referentiel = REFERENTIEL_PAR_DEFAUT
) -> tuple[date, VersionRegle] | None:
    """Loi 89-462 art. 24 III: the assignation is notified to the préfet at least 6 weeks
    before the hearing, or the claim is inadmissible. The 6 weeks are 42 days counted
    BACKWARDS from the hearing, with no move to a working day (Cass., avis 6 November 2025,
    n° 25-70.018). The version in force at the assignation applies (2 months before 2023).
    Returns the last day the notification may be made, with the version used."""
    version = regles.version(CleRegle.DELAI_NOTIFICATION_PREFET, date_assignation)
    if version is None or version.valeur is None:
        return None
    return version.avant(audience), version


def _bornes(regles: Referentiel, cle_min: str | None, cle_max: str, jour: date):
    minimum = regles.version(cle_min, jour) if cle_min else None
    return minimum, regles.version(cle_max, jour)


def erreur_delais_paiement(
    mois: int | None, jour: date, regles: Referentiel = REFERENTIEL_PAR_DEFAUT
) -> str | None:
    """Loi 89-462 art. 24 V: the judge grants payment delays of at most 3 years (the version
    in force on the judgment's date). Returns the French refusal, or None."""
    _, maximum = _bornes(regles, None, CleRegle.DELAIS_PAIEMENT_MAX, jour)
    if mois is None or maximum is None or maximum.en_mois is None:
        return None
    if mois > maximum.en_mois:
        return (
            f"Les délais de paiement accordés par le juge ne peuvent dépasser {maximum.libelle} "
            f"({maximum.en_mois} mois ; loi n° 89-462, art. 24 V) : {mois} mois est refusé."
        )
    return None


def erreur_delai_grace(
    mois: int | None, jour: date, regles: Referentiel = REFERENTIEL_PAR_DEFAUT
) -> str | None:
    """CPCE art. L412-3 and L412-4 (loi 2023-668): the juge de l'exécution grants a délai de
    grâce of 1 month to 1 year (3 months to 3 years before 29 July 2023), the version in force
    on the decision's date. Returns the French refusal, or None."""
    if mois is None:
        return "Indiquez la durée du délai de grâce accordé, en mois."
    minimum, maximum = _bornes(regles, CleRegle.DELAI_GRACE_MIN, CleRegle.DELAI_GRACE_MAX, jour)
    if minimum is None or maximum is None or None in (minimum.en_mois, maximum.en_mois):
        return None
    if not minimum.en_mois <= mois <= maximum.en_mois:
        return (
            f"Le délai de grâce du juge de l’exécution va de {minimum.libelle} à "
            f"{maximum.libelle} (CPCE, art. L412-4) : {mois} mois est hors de ces bornes."
        )
    return None


def _fin_cql(cql, actes: Sequence, regles: Referentiel) -> tuple[date | None, str]:
    """CPCE art. L412-1: 2 months after the CQL, unless the judge cut or removed the delay."""
    titres = [j for j in actes if j.date <= cql.date and est_titre_d_expulsion(j)]
    jugements = [j for j in titres if j.type == TypeActe.JUGEMENT]
    jours_du_juge = getattr(jugements[-1], "delai_quitter_lieux_jours", None) if jugements else None
    if jours_du_juge is not None:
        fin = report_jour_ouvrable(cql.date + timedelta(days=jours_du_juge))
        return fin, f"Fin du délai pour quitter les lieux fixé par le juge ({jours_du_juge} jours)"
    version = regles.version(CleRegle.DELAI_CQL, cql.date)
    if version is None or version.valeur is None:
        return None, "Délai du commandement de quitter les lieux absent des règles juridiques"
    fin = report_jour_ouvrable(version.apres(cql.date))
    return fin, f"Fin du délai de {version.libelle} du commandement de quitter les lieux"


def fin_delai_grace(acte) -> date | None:
    """End of the JEX's délai de grâce: its length in months from the decision."""
    mois = getattr(acte, "delai_grace_mois", None)
    return ajouter_mois(acte.date, mois) if mois else None


@dataclass(frozen=True)
class ExpulsionAuPlusTot:
    date: date
    motifs: tuple[str, ...]  # how the date was reached, in French, in order
    exception_treve: str = ""  # the recorded ground when the truce does not apply


def date_expulsion_au_plus_tot(
    actes: Iterable, regles: Referentiel = REFERENTIEL_PAR_DEFAUT
) -> ExpulsionAuPlusTot | None:
    """The earliest day the eviction may lawfully happen: the day after the last of the CQL's
    period (CPCE art. L412-1) and the JEX's délais de grâce (L412-3, L412-4); a day inside
    the winter truce, 1 November – 31 March, gives 1 April (L412-6) — so a period ending on
    31 October also gives 1 April — unless a truce exception is recorded with its ground
    (L412-6 al. 1 to 3, L412-7, L412-8). None before the CQL or once the procedure ended."""
    actes = sorted(actes, key=lambda a: (a.date, getattr(a, "id", 0) or 0))
    cqls = [a for a in actes if a.type == TypeActe.CQL]
    if not cqls or _posterieurs(actes, cqls[-1], ACTES_TERMINAUX):
        return None
    cql = cqls[-1]
    fin, libelle = _fin_cql(cql, actes, regles)
    fins = [(fin, f"{libelle} : {fin:%d/%m/%Y}")] if fin else []
    for grace in (a for a in actes if a.type == TypeActe.DELAI_GRACE):
        fin_grace = fin_delai_grace(grace)
        if fin_grace:
            fins.append(
                (
                    fin_grace,
                    f"Délai de grâce de {grace.delai_grace_mois} mois accordé le "
                    f"{grace.date:%d/%m/%Y} : jusqu’au {fin_grace:%d/%m/%Y}",
                )
            )
    if not fins:
        return None
    fin, _ = max(fins)
    jour = fin + timedelta(days=1)
    motifs = [texte for _, texte in fins]
    exceptions = [a for a in actes if getattr(a, "motif_exception_treve", "")]
    exception = exceptions[-1].motif_exception_treve if exceptions else ""
    if dans_la_treve(jour, regles):
        if exception:
            motifs.append(f"Trêve hivernale écartée : {MotifExceptionTreve(exception).label}")
        else:
            debut_treve, fin_treve = prochaine_treve(jour, regles)
            jour = fin_treve + timedelta(days=1)
            motifs.append(
                f"Trêve hivernale du {debut_treve:%d/%m/%Y} au {fin_treve:%d/%m/%Y} "
                "(CPCE, art. L412-6)"
            )
    return ExpulsionAuPlusTot(jour, tuple(motifs), exception)


def date_impaye(
    dettes: Iterable,
    premier_defaut: date | None,
    regles: Referentiel = REFERENTIEL_PAR_DEFAUT,
) -> date | None:
    """Décret n° 2026-84 (housing aid, impayés reported from 1 January 2027): an impayé exists
    3 months after a first payment default if the household still has not paid, whatever the
    amount, or as soon as the debt exceeds €450. `dettes` is the debt history (`.date`,
    `.montant`); with no amount known at a date, the first default stands unpaid. Returns the
    first date both a rule is in force and the situation meets it, or None."""
    points = sorted((d.date, d.montant) for d in dettes)

    def dette_au(jour: date) -> Decimal | None:
        connues = [montant for quand, montant in points if quand <= jour]
        return connues[-1] if connues else None

    candidats = {quand for quand, _ in points}
    for cle in (CleRegle.IMPAYE_AL_DELAI, CleRegle.IMPAYE_AL_SEUIL):
        for version in regles.versions_de(cle):
            candidats.add(version.valide_du)
            if cle == CleRegle.IMPAYE_AL_DELAI and premier_defaut and version.valeur:
                candidats.add(version.apres(premier_defaut))
    for jour in sorted(candidats):
        montant = dette_au(jour)
        seuil = regles.version(CleRegle.IMPAYE_AL_SEUIL, jour)
        if seuil and seuil.valeur is not None and montant is not None and montant > seuil.valeur:
            return jour
        delai = regles.version(CleRegle.IMPAYE_AL_DELAI, jour)
        if (
            delai
            and delai.valeur
            and premier_defaut
            and jour >= delai.apres(premier_defaut)
            and (montant is None or montant > 0)
        ):
            return jour
    return None


def effet_suspension_aide(
    notification: date, regles: Referentiel = REFERENTIEL_PAR_DEFAUT
) -> date | None:
    """Décret n° 2026-84: a CCAPEX decision suspending the housing aid takes effect on the
    first day of the month after the month in which it is notified to the paying body."""
    version = regles.version(CleRegle.SUSPENSION_AL_EFFET, notification)
    if version is None or version.valeur is None:
        return None
    return ajouter_mois(notification.replace(day=1), version.nombre)


def _statut(jour: date | None, aujourd_hui: date, levee: bool) -> str:
    if levee:
        return Statut.LEVEE
    return Statut.DEPASSEE if jour is not None and jour < aujourd_hui else Statut.A_VENIR


def _posterieurs(actes: Sequence, acte, types: set[str]) -> list:
    return [a for a in actes if a.type in types and a.date >= acte.date and a is not acte]


def _regle_absente(cle: str, jour: date, acte_id) -> Echeance:
    return Echeance(
        f"regle_absente_{cle}",
        f"Aucune règle « {CleRegle(cle).label} » en vigueur au {jour:%d/%m/%Y} : "
        "complétez les règles juridiques",
        None,
        "règles juridiques",
        Statut.A_VENIR,
        acte_id,
        alerte=True,
    )


def echeances(
    actes: Iterable,
    aujourd_hui: date,
    *,
    loyer_hc: Decimal | None = None,
    dette: Decimal | None = None,
    nature_bailleur: str | None = None,
    date_bail: date | None = None,
    date_renouvellement_bail: date | None = None,
    regles: Referentiel = REFERENTIEL_PAR_DEFAUT,
) -> list[Echeance]:
    """Every deadline and alert of the procedure, in date order (alerts without date last)."""
    actes = sorted(actes, key=lambda a: (a.date, getattr(a, "id", 0) or 0))
    resultat: list[Echeance] = []
    par_type: dict[str, list] = {}
    for acte in actes:
        par_type.setdefault(acte.type, []).append(acte)

    # Commandement de payer: 6 weeks or 2 months to pay, by the lease's date (art. 24 I).
    fins_cdp = {}
    a_signaler = None
    for cdp in par_type.get(TypeActe.CDP, []):
        fin = fin_du_cdp(
            cdp.date,
            date_bail=date_bail,
            date_renouvellement_bail=date_renouvellement_bail,
            regles=regles,
        )
        fins_cdp[id(cdp)] = fin
        if fin.date is None:
            resultat.append(_regle_absente(CleRegle.DELAI_CDP, cdp.date, cdp.id))
            continue
        levee = bool(_posterieurs(actes, cdp, {TypeActe.ASSIGNATION, TypeActe.PCS_SIGNE}))
        autres = tuple(d for d in fin.dates if d != fin.date)
        resultat.append(
            Echeance(
                "fin_cdp",
                fin.libelle,
                fin.date,
                "loi n° 89-462, art. 24 I",
                _statut(fin.date, aujourd_hui, levee),
                cdp.id,
                autres_dates=autres,
                regle=fin.regle,
            )
        )
        mois = getattr(cdp, "mois_impayes", None)
        if cdp_a_signaler(
            mois_impayes=mois, dette=dette, loyer_hc=loyer_hc, jour=cdp.date, regles=regles
        ):
            # One task per procedure: a second CDP replaces the first one's alert.
            a_signaler = Echeance(
                "cdp_a_signaler",
                "Commandement à signaler à la CCAPEX (seuil atteint)",
                None,
                "loi n° 89-462, art. 24 I",
                Statut.A_VENIR,
                cdp.id,
                alerte=True,
            )
    if a_signaler is not None:
        resultat.append(a_signaler)

    # Prior referral to the CCAPEX by a legal-person landlord, 2 months before the
    # assignation (loi 89-462 art. 24 II).
    for saisine in par_type.get(TypeActe.SAISINE_PREALABLE, []):
        delai = regles.version(CleRegle.DELAI_SAISINE_PREALABLE, saisine.date)
        if delai is None:
            resultat.append(
                _regle_absente(CleRegle.DELAI_SAISINE_PREALABLE, saisine.date, saisine.id)
            )
            continue
        possible = delai.apres(saisine.date)
        levee = bool(_posterieurs(actes, saisine, {TypeActe.ASSIGNATION}))
        resultat.append(
            Echeance(
                "assignation_possible",
                "Assignation possible après la saisine préalable",
                possible,
                "loi n° 89-462, art. 24 II",
                Statut.LEVEE if levee else Statut.A_VENIR,
                saisine.id,
            )
        )
    for assignation in par_type.get(TypeActe.ASSIGNATION, []):
        # A report of the impayé to the paying body (CAF/MSA) counts as the referral.
        prealables = [
            s
            for s in par_type.get(TypeActe.SAISINE_PREALABLE, [])
            + par_type.get(TypeActe.SIGNALEMENT_CAF, [])
            if s.date <= assignation.date
        ]
        doit_saisir = nature_bailleur in {
            NatureBailleur.BAILLEUR_SOCIAL,
            NatureBailleur.PERSONNE_MORALE,
        }
        delai = regles.version(CleRegle.DELAI_SAISINE_PREALABLE, assignation.date)
        if doit_saisir and not prealables:
            resultat.append(
                Echeance(
                    "saisine_prealable_absente",
                    "Assignation sans saisine préalable de la CCAPEX (bailleur personne morale)",
                    None,
                    "loi n° 89-462, art. 24 II",
                    Statut.A_VENIR,
                    assignation.id,
                    alerte=True,
                )
            )
        elif (
            prealables
            and delai is not None
            and not any(assignation.date >= delai.apres(s.date) for s in prealables)
        ):
            resultat.append(
                Echeance(
                    "assignation_trop_tot",
                    f"Assignation moins de {delai.libelle} après la saisine préalable de la "
                    "CCAPEX (ou le signalement de l’impayé à la CAF/MSA)",
                    None,
                    "loi n° 89-462, art. 24 II",
                    Statut.A_VENIR,
                    assignation.id,
                    alerte=True,
                )
            )

        # An assignation before the end of the CDP's period is premature (art. 24 I).
        cdps = [c for c in par_type.get(TypeActe.CDP, []) if c.date <= assignation.date]
        if cdps:
            fin = fins_cdp[id(cdps[-1])]
            if fin.date is not None and assignation.date <= fin.date:
                certain = fin.certaine or assignation.date <= min(fin.dates)
                resultat.append(
                    Echeance(
                        "assignation_avant_fin_cdp",
                        "Assignation avant la fin du délai du commandement de payer "
                        f"({fin.date:%d/%m/%Y})"
                        + ("" if certain else " si le bail est antérieur au 29/07/2023"),
                        None,
                        "loi n° 89-462, art. 24 I",
                        Statut.A_VENIR,
                        assignation.id,
                        alerte=True,
                        regle=fin.regle,
                    )
                )

        # The hearing is at least 6 weeks after notification to the préfet, who has a DSF
        # made and sent to the judge before the hearing (loi 89-462 art. 24 III).
        audience = getattr(assignation, "date_audience", None)
        notification = getattr(assignation, "date_notification_prefet", None)
        jugee = bool(_posterieurs(actes, assignation, {TypeActe.JUGEMENT}))
        if not notification and not jugee:
            resultat.append(
                Echeance(
                    "notification_prefet_inconnue",
                    "Date de notification de l’assignation au préfet non renseignée",
                    None,
                    "loi n° 89-462, art. 24 III",
                    Statut.A_VENIR,
                    assignation.id,
                    alerte=True,
                )
            )
        if audience:
            resultat.append(
                Echeance(
                    "dsf_avant_audience",
                    "Diagnostic social et financier à transmettre au juge avant l’audience",
                    audience,
                    "loi n° 89-462, art. 24 III",
                    _statut(audience, aujourd_hui, jugee),
                    assignation.id,
                )
            )
            limite = limite_notification_prefet(audience, assignation.date, regles)
            if limite is None:
                resultat.append(
                    _regle_absente(
                        CleRegle.DELAI_NOTIFICATION_PREFET, assignation.date, assignation.id
                    )
                )
            elif notification and notification > limite[0]:
                resultat.append(
                    Echeance(
                        "audience_trop_proche",
                        f"Audience moins de {limite[1].libelle} après la notification au préfet "
                        f"(notification au plus tard le {limite[0]:%d/%m/%Y})",
                        None,
                        "loi n° 89-462, art. 24 III ; Cass., avis 6 nov. 2025, n° 25-70.018",
                        Statut.A_VENIR,
                        assignation.id,
                        alerte=True,
                    )
                )
            elif not notification and not jugee:
                resultat.append(
                    Echeance(
                        "notification_prefet",
                        f"Notification de l’assignation au préfet au plus tard "
                        f"({limite[1].libelle} avant l’audience, comptés à rebours)",
                        limite[0],
                        "loi n° 89-462, art. 24 III ; Cass., avis 6 nov. 2025, n° 25-70.018",
                        _statut(limite[0], aujourd_hui, False),
                        assignation.id,
                    )
                )

    # Commandement de quitter les lieux: 2 months, unless the judge cut or removed the
    # delay (CPCE art. L412-1).
    for cql in par_type.get(TypeActe.CQL, []):
        fin, libelle = _fin_cql(cql, actes, regles)
        if fin is None:
            resultat.append(_regle_absente(CleRegle.DELAI_CQL, cql.date, cql.id))
            continue
        # Like the CDP period ends with the assignation, this one ends with the next stage
        # (the landlord asks the préfet for the police): else it stays "overdue" forever and
        # hides the household's real next deadline (SIAO referral on CFP granted).
        suite = ACTES_TERMINAUX | {
            TypeActe.REQUISITION_CFP,
            TypeActe.OCTROI_CFP,
            TypeActe.REFUS_CFP,
        }
        levee = bool(_posterieurs(actes, cql, suite))
        resultat.append(
            Echeance(
                "fin_cql",
                libelle,
                fin,
                "CPCE, art. L412-1",
                _statut(fin, aujourd_hui, levee),
                cql.id,
            )
        )

    # Délai de grâce of the juge de l'exécution (CPCE art. L412-3, L412-4).
    for grace in par_type.get(TypeActe.DELAI_GRACE, []):
        fin = fin_delai_grace(grace)
        if fin:
            levee = bool(_posterieurs(actes, grace, ACTES_TERMINAUX))
            resultat.append(
                Echeance(
                    "fin_delai_grace",
                    f"Fin du délai de grâce de {grace.delai_grace_mois} mois du juge de "
                    "l’exécution",
                    fin,
                    "CPCE, art. L412-3 et L412-4",
                    _statut(fin, aujourd_hui, levee),
                    grace.id,
                )
            )

    # Réquisition of the police: the préfet answers within 2 months; silence is a refusal
    # (CPCE art. R153-1).
    for requisition in par_type.get(TypeActe.REQUISITION_CFP, []):
        delai = regles.version(CleRegle.DELAI_REPONSE_PREFET, requisition.date)
        if delai is None:
            resultat.append(
                _regle_absente(CleRegle.DELAI_REPONSE_PREFET, requisition.date, requisition.id)
            )
            continue
        reponse = delai.apres(requisition.date)
        repondue = bool(_posterieurs(actes, requisition, {TypeActe.OCTROI_CFP, TypeActe.REFUS_CFP}))
        statut = Statut.LEVEE if repondue else _statut(reponse, aujourd_hui, False)
        libelle = (
            "Réponse du préfet à la réquisition (son silence vaut refus)"
            if statut != Statut.DEPASSEE
            else f"Réquisition sans réponse du préfet en {delai.libelle} : refus implicite"
        )
        resultat.append(
            Echeance(
                "reponse_prefet", libelle, reponse, "CPCE, art. R153-1", statut, requisition.id
            )
        )

    # CFP granted: the CCAPEX refers the household to the SIAO at once (loi 90-449 art. 7-2,
    # as amended by loi 2023-668); no eviction during the winter truce (CPCE art. L412-6).
    for octroi in par_type.get(TypeActe.OCTROI_CFP, []):
        fini = bool(_posterieurs(actes, octroi, ACTES_TERMINAUX))
        # The SIAO referral, once made (the commission's decision records it as an act),
        # closes its own alert, not the others.
        siao_saisi = bool(_posterieurs(actes, octroi, {TypeActe.SAISINE_SIAO}))
        resultat.append(
            Echeance(
                "saisine_siao",
                "Saisir le SIAO (concours de la force publique accordé)",
                octroi.date,
                "loi n° 90-449, art. 7-2",
                _statut(octroi.date, aujourd_hui, fini or siao_saisi),
                octroi.id,
            )
        )
        prevue = getattr(octroi, "date_expulsion_prevue", None)
        exception = any(
            getattr(a, "motif_exception_treve", "") for a in actes if a.date <= octroi.date
        ) or getattr(octroi, "motif_exception_treve", "")
        if prevue and not fini and dans_la_treve(prevue, regles) and not exception:
            resultat.append(
                Echeance(
                    "expulsion_pendant_treve",
                    "Expulsion prévue pendant la trêve hivernale "
                    f"(jusqu’au {fin_de_la_treve(prevue, regles):%d/%m/%Y})",
                    None,
                    "CPCE, art. L412-6",
                    Statut.A_VENIR,
                    octroi.id,
                    alerte=True,
                )
            )
        elif prevue and not fini:
            resultat.append(
                Echeance(
                    "expulsion_prevue",
                    "Expulsion prévue",
                    prevue,
                    "CPCE, art. L412-6",
                    _statut(prevue, aujourd_hui, False),
                    octroi.id,
                )
            )

    return sorted(resultat, key=lambda e: (e.date is None, e.date or date.max, e.code))


def echeances_de_procedure(
    procedure, actes: Iterable, dettes: Iterable, aujourd_hui: date, regles: Referentiel
) -> list[Echeance]:
    """`echeances` for a procedure-like object (lease dates, rent, landlord's nature) and its
    acts and debts, given as lists: the debt the rules read is the latest one known at the
    first commandement de payer (else the first debt)."""
    actes = list(actes)
    dettes = sorted(dettes, key=lambda d: (d.date, d.id))
    premier_cdp = min((a.date for a in actes if a.type == TypeActe.CDP), default=None)
    au_cdp = [d for d in dettes if premier_cdp and d.date <= premier_cdp] or dettes[:1]
    return echeances(
        actes,
        aujourd_hui,
        loyer_hc=procedure.loyer_hc,
        dette=au_cdp[-1].montant if au_cdp else None,
        nature_bailleur=procedure.bailleur_nature,
        date_bail=procedure.date_bail,
        date_renouvellement_bail=procedure.date_renouvellement_bail,
        regles=regles,
    )


def prochaine_echeance(liste: Iterable[Echeance]) -> Echeance | None:
    """The earliest open deadline that has a date (overdue ones included: they come first)."""
    ouvertes = [e for e in liste if e.ouverte and e.date is not None]
    return min(ouvertes, key=lambda e: e.date, default=None)
