"""Legal deadlines: tables of dates, edges included (truce, month ends, leap years, same day,
weekends and public holidays)."""

from datetime import date
from decimal import Decimal

import pytest

from procedure.calendrier import ajouter_mois, ajouter_semaines, report_jour_ouvrable
from procedure.deadlines import (
    Statut,
    cdp_a_signaler,
    dans_la_treve,
    echeances,
    prochaine_echeance,
    prochaine_treve,
)
from procedure.enums import IssueJugement, NatureBailleur, TypeActe
from procedure.stades import Acte as _Acte

EXPULSION = IssueJugement.EXPULSION_ORDONNEE
BAIL_RECENT = date(2024, 1, 1)  # signed after 29 July 2023: 6 weeks for the CDP


def acte(type_, jour, id_=0, **extra):
    """An act as the rules see it, with the type-specific fields they read."""
    objet = _Acte(type=type_, date=jour, issue_jugement=extra.pop("issue_jugement", ""), id=id_)
    for nom, valeur in extra.items():
        object.__setattr__(objet, nom, valeur)
    return objet


def par_code(liste, code):
    trouvees = [e for e in liste if e.code == code]
    assert trouvees, f"pas d’échéance {code} dans {[e.code for e in liste]}"
    return trouvees[0]


# --- Calendar -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("depart", "mois", "fin"),
    [
        (date(2026, 1, 15), 2, date(2026, 3, 15)),
        (date(2026, 12, 31), 2, date(2027, 2, 28)),  # no 31 February: last day of the month
        (date(2027, 12, 31), 2, date(2028, 2, 29)),  # leap year
        (date(2028, 2, 29), 2, date(2028, 4, 29)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2026, 8, 31), 2, date(2026, 10, 31)),
        (date(2026, 11, 30), 2, date(2027, 1, 30)),
    ],
)
def test_ajouter_mois(depart, mois, fin):
    assert ajouter_mois(depart, mois) == fin


def test_ajouter_semaines():
    assert ajouter_semaines(date(2026, 2, 20), 6) == date(2026, 4, 3)


@pytest.mark.parametrize(
    ("jour", "report"),
    [
        (date(2026, 4, 3), date(2026, 4, 3)),  # Friday
        (date(2026, 4, 4), date(2026, 4, 7)),  # Saturday → Tuesday (Easter Monday 6 April)
        (date(2026, 12, 25), date(2026, 12, 28)),  # Christmas Friday → Monday
        (date(2026, 5, 14), date(2026, 5, 15)),  # Ascension Thursday → Friday
        (date(2027, 1, 1), date(2027, 1, 4)),  # New Year Friday → Monday
    ],
)
def test_report_au_jour_ouvrable(jour, report):
    assert report_jour_ouvrable(jour) == report


# --- Winter truce ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("jour", "treve"),
    [
        (date(2026, 10, 31), False),
        (date(2026, 11, 1), True),
        (date(2026, 12, 31), True),
        (date(2027, 1, 1), True),
        (date(2027, 3, 31), True),
        (date(2027, 4, 1), False),
        (date(2028, 2, 29), True),
    ],
)
def test_treve_hivernale(jour, treve):
    assert dans_la_treve(jour) is treve


def test_prochaine_treve():
    assert prochaine_treve(date(2026, 11, 24)) == (date(2026, 11, 1), date(2027, 3, 31))
    assert prochaine_treve(date(2027, 2, 1)) == (date(2026, 11, 1), date(2027, 3, 31))
    assert prochaine_treve(date(2027, 4, 1)) == (date(2027, 11, 1), date(2028, 3, 31))


# --- Report of the CDP to the CCAPEX ---------------------------------------------------


@pytest.mark.parametrize(
    ("mois", "dette", "loyer", "signaler"),
    [
        (2, None, None, True),
        (1, None, None, False),
        (None, Decimal("1300"), Decimal("650"), True),  # exactly 2 × rent
        (None, Decimal("1299.99"), Decimal("650"), False),
        (1, Decimal("1000"), Decimal("650"), False),
        (None, Decimal("5000"), None, False),  # rent unknown: not provable
    ],
)
def test_cdp_a_signaler(mois, dette, loyer, signaler):
    assert cdp_a_signaler(mois_impayes=mois, dette=dette, loyer_hc=loyer) is signaler


# --- Deadlines of a procedure ----------------------------------------------------------


def test_fin_du_delai_du_commandement_de_payer():
    liste = echeances(
        [acte(TypeActe.CDP, date(2026, 2, 20), 1)], date(2026, 3, 1), date_bail=BAIL_RECENT
    )
    fin = par_code(liste, "fin_cdp")
    assert fin.date == date(2026, 4, 3) and fin.statut == Statut.A_VENIR
    assert "art. 24" in fin.article


def test_fin_du_commandement_reportee_apres_paques():
    # 21 Feb + 6 weeks = Saturday 4 April 2026; Monday 6 April is Easter Monday.
    liste = echeances(
        [acte(TypeActe.CDP, date(2026, 2, 21), 1)], date(2026, 3, 1), date_bail=BAIL_RECENT
    )
    assert par_code(liste, "fin_cdp").date == date(2026, 4, 7)


def test_fin_du_commandement_depassee_puis_levee_par_l_assignation():
    cdp = acte(TypeActe.CDP, date(2026, 1, 5), 1)
    liste = echeances([cdp], date(2026, 3, 1), date_bail=BAIL_RECENT)
    assert par_code(liste, "fin_cdp").statut == Statut.DEPASSEE
    # Lease date unknown: the later end (2 months, 5 March) is not over yet.
    assert par_code(echeances([cdp], date(2026, 3, 1)), "fin_cdp").statut == Statut.A_VENIR
    avec_assignation = [cdp, acte(TypeActe.ASSIGNATION, date(2026, 4, 1), 2)]
    assert par_code(echeances(avec_assignation, date(2026, 5, 1)), "fin_cdp").statut == Statut.LEVEE


def test_alerte_commandement_a_signaler():
    cdp = acte(TypeActe.CDP, date(2026, 1, 5), 1, mois_impayes=3)
    assert par_code(echeances([cdp], date(2026, 1, 6)), "cdp_a_signaler").alerte
    sous_le_seuil = acte(TypeActe.CDP, date(2026, 1, 5), 1, mois_impayes=1)
    liste = echeances(
        [sous_le_seuil], date(2026, 1, 6), dette=Decimal("900"), loyer_hc=Decimal("650")
    )
    assert "cdp_a_signaler" not in [e.code for e in liste]


def test_deux_commandements_une_seule_alerte_a_signaler():
    # Issue 14: a second CDP 20 days after the first raised the alert twice.
    premier = acte(TypeActe.CDP, date(2026, 1, 5), 1, mois_impayes=3)
    second = acte(TypeActe.CDP, date(2026, 1, 25), 2, mois_impayes=4)
    alertes = [
        e for e in echeances([premier, second], date(2026, 2, 1)) if e.code == "cdp_a_signaler"
    ]
    assert len(alertes) == 1 and alertes[0].acte_id == 2


def test_saisine_prealable_deux_mois_avant_l_assignation():
    saisine = acte(TypeActe.SAISINE_PREALABLE, date(2025, 12, 31), 1)
    liste = echeances([saisine], date(2026, 1, 10), nature_bailleur=NatureBailleur.BAILLEUR_SOCIAL)
    assert par_code(liste, "assignation_possible").date == date(2026, 2, 28)
    trop_tot = [saisine, acte(TypeActe.ASSIGNATION, date(2026, 2, 27), 2)]
    liste = echeances(trop_tot, date(2026, 3, 1), nature_bailleur=NatureBailleur.BAILLEUR_SOCIAL)
    assert par_code(liste, "assignation_trop_tot").alerte
    a_temps = [saisine, acte(TypeActe.ASSIGNATION, date(2026, 2, 28), 2)]
    codes = [
        e.code for e in echeances(a_temps, date(2026, 3, 1), nature_bailleur="bailleur_social")
    ]
    assert "assignation_trop_tot" not in codes


@pytest.mark.parametrize(
    ("nature", "alerte"),
    [
        (NatureBailleur.BAILLEUR_SOCIAL, True),
        (NatureBailleur.PERSONNE_MORALE, True),
        (NatureBailleur.SCI_FAMILIALE, False),  # family SCI: no prior referral required
        (NatureBailleur.PERSONNE_PHYSIQUE, False),
    ],
)
def test_assignation_sans_saisine_prealable(nature, alerte):
    liste = echeances(
        [acte(TypeActe.ASSIGNATION, date(2026, 3, 1), 1)], date(2026, 3, 2), nature_bailleur=nature
    )
    assert ("saisine_prealable_absente" in [e.code for e in liste]) is alerte


def test_dsf_avant_audience_et_delai_de_six_semaines():
    assignation = acte(
        TypeActe.ASSIGNATION,
        date(2026, 3, 2),
        1,
        date_audience=date(2026, 4, 10),
        date_notification_prefet=date(2026, 3, 3),
    )
    liste = echeances([assignation], date(2026, 3, 10))
    dsf = par_code(liste, "dsf_avant_audience")
    assert dsf.date == date(2026, 4, 10) and dsf.statut == Statut.A_VENIR
    # 3 March + 6 weeks = 14 April: a hearing on 10 April is too close.
    assert par_code(liste, "audience_trop_proche").alerte
    bien = acte(
        TypeActe.ASSIGNATION,
        date(2026, 3, 2),
        1,
        date_audience=date(2026, 4, 14),
        date_notification_prefet=date(2026, 3, 3),
    )
    assert "audience_trop_proche" not in [e.code for e in echeances([bien], date(2026, 3, 10))]
    jugee = [
        bien,
        acte(TypeActe.JUGEMENT, date(2026, 4, 14), 2, issue_jugement="expulsion_ordonnee"),
    ]
    assert par_code(echeances(jugee, date(2026, 5, 1)), "dsf_avant_audience").statut == Statut.LEVEE


@pytest.mark.parametrize(
    ("cql", "jours_du_juge", "fin"),
    [
        (date(2026, 12, 31), None, date(2027, 3, 1)),  # 28 Feb 2027 is a Sunday → Monday
        (date(2027, 12, 31), None, date(2028, 2, 29)),  # leap year, a Tuesday
        (date(2026, 6, 1), 15, date(2026, 6, 16)),  # the judge cut the delay to 15 days
        (date(2026, 6, 1), 0, date(2026, 6, 1)),  # the judge removed it
    ],
)
def test_fin_du_delai_du_cql(cql, jours_du_juge, fin):
    actes = [
        acte(
            TypeActe.JUGEMENT,
            date(2026, 5, 1),
            1,
            issue_jugement=EXPULSION,
            delai_quitter_lieux_jours=jours_du_juge,
        ),
        acte(TypeActe.CQL, cql, 2),
    ]
    assert par_code(echeances(actes, date(2026, 6, 1)), "fin_cql").date == fin


def test_jugement_et_cql_le_meme_jour():
    actes = [
        acte(
            TypeActe.JUGEMENT,
            date(2026, 6, 1),
            1,
            issue_jugement=EXPULSION,
            delai_quitter_lieux_jours=30,
        ),
        acte(TypeActe.CQL, date(2026, 6, 1), 2),
    ]
    assert par_code(echeances(actes, date(2026, 6, 2)), "fin_cql").date == date(2026, 7, 1)


def test_reponse_du_prefet_et_refus_implicite():
    requisition = acte(TypeActe.REQUISITION_CFP, date(2026, 1, 31), 1)
    en_attente = par_code(echeances([requisition], date(2026, 2, 1)), "reponse_prefet")
    assert en_attente.date == date(2026, 3, 31) and en_attente.statut == Statut.A_VENIR
    silence = par_code(echeances([requisition], date(2026, 4, 1)), "reponse_prefet")
    assert silence.statut == Statut.DEPASSEE and "refus implicite" in silence.libelle
    repondu = [requisition, acte(TypeActe.OCTROI_CFP, date(2026, 3, 2), 2)]
    assert par_code(echeances(repondu, date(2026, 4, 1)), "reponse_prefet").statut == Statut.LEVEE


def test_octroi_saisine_siao_et_treve():
    octroi = acte(
        TypeActe.OCTROI_CFP, date(2026, 10, 20), 1, date_expulsion_prevue=date(2026, 11, 1)
    )
    liste = echeances([octroi], date(2026, 10, 21))
    assert par_code(liste, "saisine_siao").statut == Statut.DEPASSEE
    assert "31/03/2027" in par_code(liste, "expulsion_pendant_treve").libelle
    avant = acte(
        TypeActe.OCTROI_CFP, date(2026, 10, 20), 1, date_expulsion_prevue=date(2026, 10, 31)
    )
    liste = echeances([avant], date(2026, 10, 21))
    assert par_code(liste, "expulsion_prevue").date == date(2026, 10, 31)
    assert "expulsion_pendant_treve" not in [e.code for e in liste]


@pytest.mark.parametrize(
    ("saisine_siao", "statut"),
    [
        (None, Statut.DEPASSEE),  # not referred yet
        (date(2026, 10, 19), Statut.DEPASSEE),  # a referral before the CFP does not count
        (date(2026, 10, 20), Statut.LEVEE),  # the same day
        (date(2026, 10, 22), Statut.LEVEE),
    ],
)
def test_saisine_du_siao_ferme_son_alerte(saisine_siao, statut):
    """Loi 90-449 art. 7-2: on a granted CFP the CCAPEX refers to the SIAO; the referral
    (recorded by its decision as an act) closes that alert and only that one."""
    octroi = acte(
        TypeActe.OCTROI_CFP, date(2026, 10, 20), 1, date_expulsion_prevue=date(2026, 11, 1)
    )
    actes = [octroi]
    if saisine_siao:
        actes.append(acte(TypeActe.SAISINE_SIAO, saisine_siao, 2))
    liste = echeances(actes, date(2026, 10, 23))
    assert par_code(liste, "saisine_siao").statut == statut
    assert "expulsion_pendant_treve" in [e.code for e in liste]  # still open


def test_prochaine_echeance_prend_la_plus_ancienne_ouverte():
    actes = [
        acte(TypeActe.CDP, date(2026, 1, 5), 1),
        acte(TypeActe.SAISINE_PREALABLE, date(2026, 1, 20), 2),
    ]
    prochaine = prochaine_echeance(echeances(actes, date(2026, 1, 21), date_bail=BAIL_RECENT))
    assert prochaine.code == "fin_cdp" and prochaine.date == date(2026, 2, 16)
    assert prochaine_echeance([]) is None
