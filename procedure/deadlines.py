"""Legal deadlines and alerts of an eviction procedure, as in force since the law n° 2023-668
of 27 July 2023. Pure functions: the acts, the debt and `today` come in as arguments; no ORM,
no clock. `ActeProcedure` instances and `stades.Acte` both fit the expected shape.

Each rule cites its article. Delays in weeks and months follow CPC art. 641; delays the tenant
has (commandement de payer, commandement de quitter les lieux) run to the next working day
when they end on a weekend or a public holiday (CPC art. 642).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from .calendrier import ajouter_mois, ajouter_semaines, report_jour_ouvrable
from .enums import IssueJugement, NatureBailleur, TypeActe

# Delays in force (loi 2023-668). Kept here, dated, so that a future change is one edit.
DELAI_CDP_SEMAINES = 6  # was 2 months before 28 July 2023
DELAI_SAISINE_PREALABLE_MOIS = 2
DELAI_NOTIFICATION_AUDIENCE_SEMAINES = 6  # was 2 months before 28 July 2023
DELAI_CQL_MOIS = 2
DELAI_REPONSE_PREFET_MOIS = 2
SEUIL_MOIS_IMPAYES = 2


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

    @property
    def ouverte(self) -> bool:
        return self.statut != Statut.LEVEE

    @property
    def en_retard(self) -> bool:
        return self.statut == Statut.DEPASSEE


def dans_la_treve(jour: date) -> bool:
    """Winter truce, 1 November – 31 March inclusive (CPCE art. L412-6)."""
    return jour.month >= 11 or jour.month <= 3


def fin_de_la_treve(jour: date) -> date:
    """The 31 March that ends the truce containing `jour` (which must be in the truce)."""
    return date(jour.year + (1 if jour.month >= 11 else 0), 3, 31)


def prochaine_treve(jour: date) -> tuple[date, date]:
    """The truce in force at `jour`, or the next one: (1 November, 31 March)."""
    if dans_la_treve(jour):
        fin = fin_de_la_treve(jour)
        return date(fin.year - 1, 11, 1), fin
    return date(jour.year, 11, 1), date(jour.year + 1, 3, 31)


def cdp_a_signaler(
    *, mois_impayes: int | None, dette: Decimal | None, loyer_hc: Decimal | None
) -> bool:
    """Loi 89-462 art. 24 I (loi 2023-668): the commissaire de justice reports the
    commandement de payer to the CCAPEX when the tenant has been in arrears for 2 months
    without interruption, or when the debt reaches twice the monthly rent excluding charges."""
    if mois_impayes is not None and mois_impayes >= SEUIL_MOIS_IMPAYES:
        return True
    return dette is not None and loyer_hc is not None and loyer_hc > 0 and dette >= 2 * loyer_hc


def _statut(jour: date | None, aujourd_hui: date, levee: bool) -> str:
    if levee:
        return Statut.LEVEE
    return Statut.DEPASSEE if jour is not None and jour < aujourd_hui else Statut.A_VENIR


def _posterieurs(actes: Sequence, acte, types: set[str]) -> list:
    return [a for a in actes if a.type in types and a.date >= acte.date and a is not acte]


def echeances(
    actes: Iterable,
    aujourd_hui: date,
    *,
    loyer_hc: Decimal | None = None,
    dette: Decimal | None = None,
    nature_bailleur: str | None = None,
) -> list[Echeance]:
    """Every deadline and alert of the procedure, in date order (alerts without date last)."""
    actes = sorted(actes, key=lambda a: (a.date, getattr(a, "id", 0) or 0))
    resultat: list[Echeance] = []
    par_type: dict[str, list] = {}
    for acte in actes:
        par_type.setdefault(acte.type, []).append(acte)

    # Commandement de payer: 6 weeks to pay (loi 89-462 art. 24 I).
    for cdp in par_type.get(TypeActe.CDP, []):
        fin = report_jour_ouvrable(ajouter_semaines(cdp.date, DELAI_CDP_SEMAINES))
        levee = bool(_posterieurs(actes, cdp, {TypeActe.ASSIGNATION, TypeActe.PCS_SIGNE}))
        resultat.append(
            Echeance(
                "fin_cdp",
                "Fin du délai de 6 semaines du commandement de payer",
                fin,
                "loi n° 89-462, art. 24 I",
                _statut(fin, aujourd_hui, levee),
                cdp.id,
            )
        )
        mois = getattr(cdp, "mois_impayes", None)
        if cdp_a_signaler(mois_impayes=mois, dette=dette, loyer_hc=loyer_hc):
            resultat.append(
                Echeance(
                    "cdp_a_signaler",
                    "Commandement à signaler à la CCAPEX (seuil atteint)",
                    None,
                    "loi n° 89-462, art. 24 I",
                    Statut.A_VENIR,
                    cdp.id,
                    alerte=True,
                )
            )

    # Prior referral to the CCAPEX by a legal-person landlord, 2 months before the
    # assignation (loi 89-462 art. 24 II).
    for saisine in par_type.get(TypeActe.SAISINE_PREALABLE, []):
        possible = ajouter_mois(saisine.date, DELAI_SAISINE_PREALABLE_MOIS)
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
        prealables = [
            s for s in par_type.get(TypeActe.SAISINE_PREALABLE, []) if s.date <= assignation.date
        ]
        doit_saisir = nature_bailleur in {
            NatureBailleur.BAILLEUR_SOCIAL,
            NatureBailleur.PERSONNE_MORALE,
        }
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
        elif prealables and assignation.date < ajouter_mois(
            prealables[-1].date, DELAI_SAISINE_PREALABLE_MOIS
        ):
            resultat.append(
                Echeance(
                    "assignation_trop_tot",
                    "Assignation moins de 2 mois après la saisine préalable de la CCAPEX",
                    None,
                    "loi n° 89-462, art. 24 II",
                    Statut.A_VENIR,
                    assignation.id,
                    alerte=True,
                )
            )

        # The hearing is at least 6 weeks after notification to the préfet, who has a DSF
        # made and sent to the judge before the hearing (loi 89-462 art. 24 III).
        audience = getattr(assignation, "date_audience", None)
        notification = getattr(assignation, "date_notification_prefet", None)
        jugee = bool(_posterieurs(actes, assignation, {TypeActe.JUGEMENT}))
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
            if notification and audience < ajouter_semaines(
                notification, DELAI_NOTIFICATION_AUDIENCE_SEMAINES
            ):
                resultat.append(
                    Echeance(
                        "audience_trop_proche",
                        "Audience moins de 6 semaines après la notification au préfet",
                        None,
                        "loi n° 89-462, art. 24 III",
                        Statut.A_VENIR,
                        assignation.id,
                        alerte=True,
                    )
                )

    # Commandement de quitter les lieux: 2 months, unless the judge cut or removed the
    # delay (CPCE art. L412-1).
    for cql in par_type.get(TypeActe.CQL, []):
        jugements = [
            j
            for j in par_type.get(TypeActe.JUGEMENT, [])
            if j.date <= cql.date and j.issue_jugement == IssueJugement.EXPULSION_ORDONNEE
        ]
        jours_du_juge = (
            getattr(jugements[-1], "delai_quitter_lieux_jours", None) if jugements else None
        )
        if jours_du_juge is not None:
            fin = report_jour_ouvrable(cql.date + timedelta(days=jours_du_juge))
            libelle = (
                f"Fin du délai pour quitter les lieux fixé par le juge ({jours_du_juge} jours)"
            )
        else:
            fin = report_jour_ouvrable(ajouter_mois(cql.date, DELAI_CQL_MOIS))
            libelle = "Fin du délai de 2 mois du commandement de quitter les lieux"
        # Like the CDP period ends with the assignation, this one ends with the next stage
        # (the landlord asks the préfet for the police): else it stays "overdue" forever and
        # hides the household's real next deadline (SIAO referral on CFP granted).
        suite = {
            TypeActe.DEPART_VOLONTAIRE,
            TypeActe.PCS_SIGNE,
            TypeActe.REQUISITION_CFP,
            TypeActe.OCTROI_CFP,
            TypeActe.REFUS_CFP,
            TypeActe.EXPULSION,
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

    # Réquisition of the police: the préfet answers within 2 months; silence is a refusal
    # (CPCE art. R153-1).
    for requisition in par_type.get(TypeActe.REQUISITION_CFP, []):
        reponse = ajouter_mois(requisition.date, DELAI_REPONSE_PREFET_MOIS)
        repondue = bool(_posterieurs(actes, requisition, {TypeActe.OCTROI_CFP, TypeActe.REFUS_CFP}))
        statut = Statut.LEVEE if repondue else _statut(reponse, aujourd_hui, False)
        libelle = (
            "Réponse du préfet à la réquisition (son silence vaut refus)"
            if statut != Statut.DEPASSEE
            else "Réquisition sans réponse du préfet en 2 mois : refus implicite"
        )
        resultat.append(
            Echeance(
                "reponse_prefet", libelle, reponse, "CPCE, art. R153-1", statut, requisition.id
            )
        )

    # CFP granted: the CCAPEX refers the household to the SIAO at once (loi 90-449 art. 7-2,
    # as amended by loi 2023-668); no eviction during the winter truce (CPCE art. L412-6).
    for octroi in par_type.get(TypeActe.OCTROI_CFP, []):
        fini = bool(
            _posterieurs(
                actes, octroi, {TypeActe.EXPULSION, TypeActe.DEPART_VOLONTAIRE, TypeActe.PCS_SIGNE}
            )
        )
        resultat.append(
            Echeance(
                "saisine_siao",
                "Saisir le SIAO (concours de la force publique accordé)",
                octroi.date,
                "loi n° 90-449, art. 7-2",
                _statut(octroi.date, aujourd_hui, fini),
                octroi.id,
            )
        )
        prevue = getattr(octroi, "date_expulsion_prevue", None)
        if prevue and not fini and dans_la_treve(prevue):
            resultat.append(
                Echeance(
                    "expulsion_pendant_treve",
                    "Expulsion prévue pendant la trêve hivernale "
                    f"(jusqu’au {fin_de_la_treve(prevue):%d/%m/%Y})",
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


def prochaine_echeance(liste: Iterable[Echeance]) -> Echeance | None:
    """The earliest open deadline that has a date (overdue ones included: they come first)."""
    ouvertes = [e for e in liste if e.ouverte and e.date is not None]
    return min(ouvertes, key=lambda e: e.date, default=None)
