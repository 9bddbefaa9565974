"""The law by date: each rule takes the version of the reference data in force on the date
that matters (the lease, the act). Pure tables, no database; edges included: 28/29 July 2023,
31 December 2026 / 1 January 2027, 31 October / 1 November, 31 March / 1 April, 29 February
2028, month ends."""

from dataclasses import replace
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from procedure.deadlines import (
    cdp_a_signaler,
    dans_la_treve,
    date_expulsion_au_plus_tot,
    date_impaye,
    echeances,
    effet_suspension_aide,
    erreur_delai_grace,
    erreur_delais_paiement,
    fin_du_cdp,
    limite_notification_prefet,
)
from procedure.enums import (
    CleRegle,
    IssueJugement,
    LectureBailRenouvele,
    MotifExceptionTreve,
    NatureBailleur,
    TypeActe,
)
from procedure.referentiel import REFERENTIEL_PAR_DEFAUT, Referentiel
from tests.procedure.test_deadlines import acte, par_code

EXP = IssueJugement.EXPULSION_ORDONNEE
DELAIS = IssueJugement.DELAIS_ACCORDES


def lecture_par_signature() -> Referentiel:
    """The other reading of renewed leases: the original clause stays."""
    versions = tuple(
        replace(v, texte=LectureBailRenouvele.SIGNATURE) if v.cle == CleRegle.BAIL_RENOUVELE else v
        for v in REFERENTIEL_PAR_DEFAUT.versions
    )
    return Referentiel(versions)


# --- CDP period by the lease's date (art. 24 I; Cass. avis 13 June 2024) -----------------


CAS_CDP = [
    # (label, CDP, lease signed, renewed, reading, ends, certain, in the rule shown)
    ("bail du 28/07/2023 : 2 mois", date(2026, 2, 20), date(2023, 7, 28), None, None,
     (date(2026, 4, 20),), True, "Bail signé le 28/07/2023 : délai de 2 mois"),
    ("bail du 29/07/2023 : 6 semaines", date(2026, 2, 20), date(2023, 7, 29), None, None,
     (date(2026, 4, 3),), True, "Bail signé le 29/07/2023 : délai de 6 semaines"),
    ("bail inconnu : les deux dates", date(2026, 2, 20), None, None, None,
     (date(2026, 4, 3), date(2026, 4, 20)), False, "Date du bail inconnue"),
    ("bail inconnu, CDP du 28/07/2023 : seul 2 mois possible", date(2023, 7, 28), None, None,
     None, (date(2023, 9, 28),), True, "sans incidence"),
    ("bail inconnu, CDP du 29/07/2023 : samedi reporté au lundi", date(2023, 7, 29), None, None,
     None, (date(2023, 9, 11), date(2023, 9, 29)), False, "Date du bail inconnue"),
    ("renouvelé après 2023, lecture ANIL : 6 semaines", date(2026, 2, 20), date(2020, 1, 1),
     date(2024, 1, 1), None, (date(2026, 4, 3),), True, "date du renouvellement"),
    ("renouvelé après 2023, clause d’origine : 2 mois", date(2026, 2, 20), date(2020, 1, 1),
     date(2024, 1, 1), "signature", (date(2026, 4, 20),), True, "signature d’origine"),
    ("renouvelé le 28/07/2023, lecture ANIL : 2 mois", date(2026, 2, 20), date(2020, 1, 1),
     date(2023, 7, 28), None, (date(2026, 4, 20),), True, "renouvelé le 28/07/2023"),
    ("fin de mois, année bissextile (2 mois)", date(2027, 12, 31), date(2022, 5, 1), None, None,
     (date(2028, 2, 29),), True, "2 mois"),
    ("29 février 2028 (6 semaines)", date(2028, 1, 18), date(2024, 1, 1), None, None,
     (date(2028, 2, 29),), True, "6 semaines"),
    ("31 décembre + 2 mois = dimanche 28 février → lundi", date(2026, 12, 31), date(2020, 1, 1),
     None, None, (date(2027, 3, 1),), True, "2 mois"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("libelle", "cdp", "bail", "renouvellement", "lecture", "fins", "certaine", "regle"),
    CAS_CDP,
    ids=[c[0] for c in CAS_CDP],
)
def test_fin_du_cdp_selon_la_date_du_bail(
    libelle, cdp, bail, renouvellement, lecture, fins, certaine, regle
):
    regles = lecture_par_signature() if lecture == "signature" else REFERENTIEL_PAR_DEFAUT
    fin = fin_du_cdp(cdp, date_bail=bail, date_renouvellement_bail=renouvellement, regles=regles)
    assert fin.dates == fins and fin.certaine is certaine
    assert regle in fin.regle
    assert fin.date == max(fins)


def test_bail_inconnu_dit_les_deux_dates_dans_l_echeance():
    liste = echeances([acte(TypeActe.CDP, date(2026, 2, 20), 1)], date(2026, 3, 1))
    fin = par_code(liste, "fin_cdp")
    assert fin.date == date(2026, 4, 20) and fin.autres_dates == (date(2026, 4, 3),)
    assert "date du bail inconnue" in fin.libelle
    assert "6 semaines le 03/04/2026 ou 2 mois le 20/04/2026" in fin.libelle
    assert "Renseignez la date du bail" in fin.regle


def test_une_correction_de_l_administrateur_change_le_delai():
    """The rules read the snapshot they are given, never a constant."""
    versions = tuple(
        replace(v, valeur=Decimal(8))
        if v.cle == CleRegle.DELAI_CDP and v.valide_du == date(2023, 7, 29)
        else v
        for v in REFERENTIEL_PAR_DEFAUT.versions
    )
    fin = fin_du_cdp(date(2026, 2, 20), date_bail=date(2024, 1, 1), regles=Referentiel(versions))
    assert fin.dates == (date(2026, 4, 17),) and "8 semaines" in fin.regle


def test_regle_absente_signalee():
    sans_cql = Referentiel(
        tuple(v for v in REFERENTIEL_PAR_DEFAUT.versions if v.cle != CleRegle.DELAI_CQL)
    )
    actes = [
        acte(TypeActe.JUGEMENT, date(2026, 5, 1), 1, issue_jugement=EXP),
        acte(TypeActe.CQL, date(2026, 6, 1), 2),
    ]
    alerte = par_code(
        echeances(actes, date(2026, 6, 2), regles=sans_cql), "regle_absente_delai_cql"
    )
    assert alerte.alerte and "complétez les règles juridiques" in alerte.libelle


# --- Reporting the CDP: the préfet's former thresholds before the 2023 law -----------------


SSD = REFERENTIEL_PAR_DEFAUT.pour_departement("93")
LOYER = Decimal("500")
CAS_SEUILS = [
    # (label, référentiel, CDP date, months, debt, report?)
    ("93 avant la loi : 3 mois ne suffisent pas", SSD, date(2023, 7, 28), 3, None, False),
    ("93 avant la loi : 6 mois", SSD, date(2023, 7, 28), 6, None, True),
    ("93 avant la loi : 5 loyers ne suffisent pas", SSD, date(2023, 7, 28), None,
     Decimal("2500"), False),
    ("93 avant la loi : 6 loyers", SSD, date(2023, 7, 28), None, Decimal("3000"), True),
    ("93 depuis la loi : 2 mois (seuil national)", SSD, date(2023, 7, 29), 2, None, True),
    ("93 depuis la loi : 2 loyers", SSD, date(2023, 7, 29), None, Decimal("1000"), True),
    ("autre département avant la loi : pas de seuil connu", REFERENTIEL_PAR_DEFAUT,
     date(2023, 7, 28), 6, None, False),
    ("autre département depuis la loi : 2 mois", REFERENTIEL_PAR_DEFAUT, date(2023, 7, 29), 2,
     None, True),
    ("l’arrêté du 93 ne vaut pas ailleurs", REFERENTIEL_PAR_DEFAUT.pour_departement("96"),
     date(2022, 1, 1), 6, Decimal("3000"), False),
]  # fmt: skip


@pytest.mark.parametrize(
    ("libelle", "regles", "jour", "mois", "dette", "signaler"),
    CAS_SEUILS,
    ids=[c[0] for c in CAS_SEUILS],
)
def test_seuils_de_signalement_dates(libelle, regles, jour, mois, dette, signaler):
    assert (
        cdp_a_signaler(mois_impayes=mois, dette=dette, loyer_hc=LOYER, jour=jour, regles=regles)
        is signaler
    )


# --- 6 weeks between notification to the préfet and the hearing ---------------------------


CAS_NOTIFICATION = [
    # (label, hearing, assignation, last day to notify)
    ("42 jours à rebours", date(2026, 4, 14), date(2026, 3, 2), date(2026, 3, 3)),
    ("limite un 1er mai férié : pas de report", date(2026, 6, 12), date(2026, 3, 2),
     date(2026, 5, 1)),
    ("29 février 2028", date(2028, 4, 11), date(2028, 2, 1), date(2028, 2, 29)),
    ("assignation du 28/07/2023 : 2 mois", date(2023, 9, 30), date(2023, 7, 28),
     date(2023, 7, 30)),
    ("assignation du 29/07/2023 : 6 semaines", date(2023, 9, 30), date(2023, 7, 29),
     date(2023, 8, 19)),
    ("2 mois à rebours en fin de mois", date(2023, 4, 30), date(2023, 2, 1), date(2023, 2, 28)),
]  # fmt: skip


@pytest.mark.parametrize(
    ("libelle", "audience", "assignation", "limite"),
    CAS_NOTIFICATION,
    ids=[c[0] for c in CAS_NOTIFICATION],
)
def test_limite_de_notification_au_prefet(libelle, audience, assignation, limite):
    assert limite_notification_prefet(audience, assignation)[0] == limite


def _assignation(notification, audience=date(2026, 6, 12)):
    return acte(
        TypeActe.ASSIGNATION,
        date(2026, 3, 2),
        1,
        date_audience=audience,
        date_notification_prefet=notification,
    )


@pytest.mark.parametrize(
    ("notification", "alerte"),
    [(date(2026, 4, 30), False), (date(2026, 5, 1), False), (date(2026, 5, 2), True)],
)
def test_audience_trop_proche_au_jour_pres(notification, alerte):
    codes = [e.code for e in echeances([_assignation(notification)], date(2026, 5, 3))]
    assert ("audience_trop_proche" in codes) is alerte


def test_notification_au_prefet_absente_au_stade_de_l_assignation():
    liste = echeances([_assignation(None)], date(2026, 3, 10))
    assert par_code(liste, "notification_prefet_inconnue").alerte
    a_faire = par_code(liste, "notification_prefet")
    assert a_faire.date == date(2026, 5, 1) and "à rebours" in a_faire.libelle
    jugee = [
        _assignation(None),
        acte(TypeActe.JUGEMENT, date(2026, 6, 12), 2, issue_jugement=EXP),
    ]
    codes = [e.code for e in echeances(jugee, date(2026, 6, 13))]
    assert "notification_prefet_inconnue" not in codes and "notification_prefet" not in codes


# --- Assignation before the end of the CDP; CAF report as prior referral ------------------


@pytest.mark.parametrize(
    ("bail", "assignation", "alerte", "conditionnelle"),
    [
        (date(2024, 1, 1), date(2026, 4, 3), True, False),  # last day of the 6 weeks
        (date(2024, 1, 1), date(2026, 4, 7), False, False),  # 4 April Sat., 6 April Easter
        (date(2023, 7, 28), date(2026, 4, 7), True, False),  # 2 months: until 20 April
        (None, date(2026, 4, 2), True, False),  # before both possible ends
        (None, date(2026, 4, 10), True, True),  # premature only for a lease before 2023
        (None, date(2026, 4, 21), False, False),
    ],
)
def test_assignation_avant_la_fin_du_cdp(bail, assignation, alerte, conditionnelle):
    actes = [acte(TypeActe.CDP, date(2026, 2, 20), 1), acte(TypeActe.ASSIGNATION, assignation, 2)]
    liste = echeances(actes, date(2026, 5, 1), date_bail=bail)
    trouvees = [e for e in liste if e.code == "assignation_avant_fin_cdp"]
    assert bool(trouvees) is alerte
    if trouvees:
        assert ("si le bail est antérieur" in trouvees[0].libelle) is conditionnelle


@pytest.mark.parametrize(
    ("signalement", "code_attendu"),
    [
        (None, "saisine_prealable_absente"),
        (date(2026, 1, 1), None),  # reported to the CAF 2 months before: referral deemed made
        (date(2026, 1, 2), "assignation_trop_tot"),
    ],
)
def test_signalement_caf_vaut_saisine_prealable(signalement, code_attendu):
    actes = [acte(TypeActe.ASSIGNATION, date(2026, 3, 1), 2)]
    if signalement:
        actes.append(acte(TypeActe.SIGNALEMENT_CAF, signalement, 1))
    liste = echeances(actes, date(2026, 3, 2), nature_bailleur=NatureBailleur.BAILLEUR_SOCIAL)
    codes = {e.code for e in liste}
    assert not ({"saisine_prealable_absente", "assignation_trop_tot"} - {code_attendu}) & codes
    if code_attendu:
        assert code_attendu in codes


# --- Payment delays (art. 24 V) and délai de grâce (CPCE L412-3, L412-4) -----------------


@pytest.mark.parametrize(
    ("mois", "jour", "refus"),
    [
        (36, date(2026, 5, 1), None),
        (37, date(2026, 5, 1), "ne peuvent dépasser 3 ans"),
        (None, date(2026, 5, 1), None),
        (37, date(2014, 3, 26), None),  # no version known before loi ALUR: nothing to check
        (37, date(2014, 3, 27), "art. 24 V"),
    ],
)
def test_delais_de_paiement_au_plus_trois_ans(mois, jour, refus):
    erreur = erreur_delais_paiement(mois, jour)
    assert (erreur is None) if refus is None else (refus in erreur)


@pytest.mark.parametrize(
    ("mois", "jour", "refus"),
    [
        (0, date(2026, 5, 1), "de 1 mois à 1 an"),
        (1, date(2026, 5, 1), None),
        (12, date(2026, 5, 1), None),
        (13, date(2026, 5, 1), "CPCE, art. L412-4"),
        (None, date(2026, 5, 1), "Indiquez la durée"),
        (2, date(2023, 7, 28), "de 3 mois à 3 ans"),  # before the 2023 law
        (36, date(2023, 7, 28), None),
        (2, date(2023, 7, 29), None),
        (13, date(2023, 7, 29), "de 1 mois à 1 an"),
    ],
)
def test_delai_de_grace_d_un_mois_a_un_an(mois, jour, refus):
    erreur = erreur_delai_grace(mois, jour)
    assert (erreur is None) if refus is None else (refus in erreur)


# --- Earliest eviction date (CPCE L412-1, L412-3, L412-6 to L412-8) -----------------------


def _titre(issue=EXP, jour=date(2025, 1, 5), **extra):
    return acte(TypeActe.JUGEMENT, jour, 1, issue_jugement=issue, **extra)


CAS_EXPULSION = [
    # (label, acts after the judgment, earliest eviction)
    ("fin du CQL un mardi", [acte(TypeActe.CQL, date(2026, 7, 1), 2)], date(2026, 9, 2)),
    ("fin le jeudi 30/10 : le 31/10", [acte(TypeActe.CQL, date(2025, 8, 30), 2)],
     date(2025, 10, 31)),
    ("fin le vendredi 31/10 : le 1er avril", [acte(TypeActe.CQL, date(2025, 8, 31), 2)],
     date(2026, 4, 1)),
    ("fin pendant la trêve : le 1er avril", [acte(TypeActe.CQL, date(2026, 10, 15), 2)],
     date(2027, 4, 1)),
    ("fin le 31/03 : le 1er avril", [acte(TypeActe.CQL, date(2026, 1, 31), 2)],
     date(2026, 4, 1)),
    ("fin le 1er avril : le 2", [acte(TypeActe.CQL, date(2027, 2, 1), 2)], date(2027, 4, 2)),
    ("fin le 30/03/2028 : le 1er avril", [acte(TypeActe.CQL, date(2028, 1, 30), 2)],
     date(2028, 4, 1)),
    ("délai de grâce qui repousse", [acte(TypeActe.CQL, date(2026, 3, 2), 2),
     acte(TypeActe.DELAI_GRACE, date(2026, 5, 20), 3, delai_grace_mois=3)], date(2026, 8, 21)),
    ("délai de grâce jusqu’au 31/10 : le 1er avril",
     [acte(TypeActe.CQL, date(2026, 5, 2), 2),
      acte(TypeActe.DELAI_GRACE, date(2026, 7, 31), 3, delai_grace_mois=3)], date(2027, 4, 1)),
    ("délai de grâce jusqu’au 29/02/2028",
     [acte(TypeActe.CQL, date(2027, 10, 1), 2),
      acte(TypeActe.DELAI_GRACE, date(2027, 12, 29), 3, delai_grace_mois=2)], date(2028, 4, 1)),
    ("délai de grâce plus court que le CQL : sans effet",
     [acte(TypeActe.CQL, date(2026, 7, 1), 2),
      acte(TypeActe.DELAI_GRACE, date(2026, 7, 15), 3, delai_grace_mois=1)], date(2026, 9, 2)),
    ("exception (voie de fait) : pas de trêve",
     [acte(TypeActe.CQL, date(2025, 8, 31), 2,
           motif_exception_treve=MotifExceptionTreve.VOIE_DE_FAIT)], date(2025, 11, 1)),
]  # fmt: skip


@pytest.mark.parametrize(
    ("libelle", "suite", "au_plus_tot"), CAS_EXPULSION, ids=[c[0] for c in CAS_EXPULSION]
)
def test_date_d_expulsion_au_plus_tot(libelle, suite, au_plus_tot):
    resultat = date_expulsion_au_plus_tot([_titre(), *suite])
    assert resultat.date == au_plus_tot


def test_expulsion_au_plus_tot_explique_et_nomme_l_exception():
    treve = date_expulsion_au_plus_tot([_titre(), acte(TypeActe.CQL, date(2025, 8, 31), 2)])
    assert treve.motifs[0].endswith(": 31/10/2025") and "L412-6" in treve.motifs[-1]
    exception = date_expulsion_au_plus_tot(
        [
            _titre(motif_exception_treve=MotifExceptionTreve.CONJOINT_VIOLENT),
            acte(TypeActe.CQL, date(2025, 8, 31), 2),
        ]
    )
    assert exception.date == date(2025, 11, 1)
    assert exception.exception_treve == MotifExceptionTreve.CONJOINT_VIOLENT
    assert "L412-8" in exception.motifs[-1]


def test_expulsion_au_plus_tot_avec_le_delai_du_juge_et_apres_defaut_de_paiement():
    reduit = date_expulsion_au_plus_tot(
        [_titre(delai_quitter_lieux_jours=0), acte(TypeActe.CQL, date(2026, 6, 1), 2)]
    )
    assert reduit.date == date(2026, 6, 2)
    apres_defaut = [
        _titre(issue=DELAIS, delais_paiement_mois=24),
        acte(TypeActe.DEFAUT_ECHEANCIER, date(2026, 3, 10), 2),
        acte(TypeActe.CQL, date(2026, 7, 1), 3),
    ]
    assert date_expulsion_au_plus_tot(apres_defaut).date == date(2026, 9, 2)


def test_pas_de_date_d_expulsion_sans_cql_ou_une_fois_partis():
    assert date_expulsion_au_plus_tot([_titre()]) is None
    partis = [
        _titre(),
        acte(TypeActe.CQL, date(2026, 7, 1), 2),
        acte(TypeActe.DEPART_VOLONTAIRE, date(2026, 8, 1), 3),
    ]
    assert date_expulsion_au_plus_tot(partis) is None


# --- Impayé in the sense of décret n° 2026-84 (from 1 January 2027) ------------------------


def dettes(*points):
    return [SimpleNamespace(date=jour, montant=Decimal(montant)) for jour, montant in points]


CAS_IMPAYE = [
    # (label, first default, debt history, date of the impayé)
    ("3 mois échus en 2026 : le 1er janvier 2027", date(2026, 9, 30), [], date(2027, 1, 1)),
    ("3 mois échus le 31/12/2026 : le 1er janvier 2027", date(2026, 9, 30),
     [(date(2026, 9, 30), "300")], date(2027, 1, 1)),
    ("3 mois échus le 01/01/2027", date(2026, 10, 1), [], date(2027, 1, 1)),
    ("3 mois échus le 02/01/2027", date(2026, 10, 2), [], date(2027, 1, 2)),
    ("29 février 2028", date(2027, 11, 30), [(date(2027, 11, 30), "100")], date(2028, 2, 29)),
    ("fin de mois : 31/01 + 3 mois = 30/04", date(2028, 1, 31), [], date(2028, 4, 30)),
    ("450 € tout juste : il faut attendre 3 mois", date(2027, 1, 20),
     [(date(2027, 2, 1), "450.00")], date(2027, 4, 20)),
    ("au-delà de 450 €", date(2027, 1, 20), [(date(2027, 2, 1), "450.01")], date(2027, 2, 1)),
    ("dette de 2026 au-delà de 450 € : le 1er janvier 2027", None,
     [(date(2026, 12, 31), "900")], date(2027, 1, 1)),
    ("dette soldée avant 3 mois", date(2027, 1, 10),
     [(date(2027, 1, 10), "300"), (date(2027, 3, 1), "0")], None),
    ("ni défaut ni dette", None, [], None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("libelle", "premier_defaut", "historique", "attendu"),
    CAS_IMPAYE,
    ids=[c[0] for c in CAS_IMPAYE],
)
def test_date_de_l_impaye(libelle, premier_defaut, historique, attendu):
    assert date_impaye(dettes(*historique), premier_defaut) == attendu


@pytest.mark.parametrize(
    ("notification", "effet"),
    [
        (date(2026, 12, 31), None),  # the rule applies from 1 January 2027
        (date(2027, 1, 1), date(2027, 2, 1)),
        (date(2027, 1, 31), date(2027, 2, 1)),
        (date(2027, 12, 31), date(2028, 1, 1)),
        (date(2028, 2, 29), date(2028, 3, 1)),
    ],
)
def test_suspension_de_l_aide_au_premier_du_mois_suivant(notification, effet):
    assert effet_suspension_aide(notification) == effet


# --- Winter truce by date (CPCE L412-6; until 15 March before the loi ALUR) ----------------


@pytest.mark.parametrize(
    ("jour", "treve"),
    [
        (date(2013, 3, 15), True),
        (date(2013, 3, 16), False),  # ended on 15 March before the loi ALUR
        (date(2014, 3, 26), False),
        (date(2014, 3, 27), True),  # loi ALUR in force: until 31 March
        (date(2015, 3, 31), True),
        (date(2015, 4, 1), False),
        (date(2011, 3, 20), False),  # before the first version: the oldest one is read
    ],
)
def test_treve_hivernale_datee(jour, treve):
    assert dans_la_treve(jour) is treve


def test_expulsion_au_plus_tot_avant_la_loi_alur():
    actes = [_titre(jour=date(2012, 9, 1)), acte(TypeActe.CQL, date(2012, 11, 15), 2)]
    resultat = date_expulsion_au_plus_tot(actes)
    assert resultat.date == date(2013, 3, 16)
    assert "au 15/03/2013" in resultat.motifs[-1]
