"""The stage is derived from the acts; the Python rule and its SQL twin agree."""

from datetime import date

import pytest

from procedure.enums import IssueJugement, Stade, TypeActe
from procedure.models import Procedure
from procedure.stades import Acte, stade_de
from tests.procedure.factories import procedure_avec_actes

J = date(2026, 3, 2)
EXP = IssueJugement.EXPULSION_ORDONNEE

CAS = [
    ("aucun acte", [], Stade.PREVENTION),
    ("signalement CAF seul", [(TypeActe.SIGNALEMENT_CAF, J)], Stade.PREVENTION),
    ("commandement", [(TypeActe.CDP, J)], Stade.CDP),
    (
        "signalement CAF après le commandement ne recule pas",
        [(TypeActe.CDP, J), (TypeActe.SIGNALEMENT_CAF, date(2026, 4, 1))],
        Stade.CDP,
    ),
    (
        "saisine préalable puis assignation",
        [(TypeActe.CDP, J), (TypeActe.SAISINE_PREALABLE, date(2026, 3, 10)),
         (TypeActe.ASSIGNATION, date(2026, 5, 20))],
        Stade.ASSIGNATION,
    ),
    (
        "audience sans jugement",
        [(TypeActe.ASSIGNATION, J), (TypeActe.AUDIENCE, date(2026, 5, 1))],
        Stade.ASSIGNATION,
    ),
    (
        "renvoi : retour à l’assignation",
        [(TypeActe.ASSIGNATION, J),
         (TypeActe.JUGEMENT, date(2026, 5, 1), IssueJugement.RADIATION_RENVOI)],
        Stade.ASSIGNATION,
    ),
    (
        "jugement d’expulsion",
        [(TypeActe.ASSIGNATION, J), (TypeActe.JUGEMENT, date(2026, 5, 1), EXP)],
        Stade.JUGEMENT,
    ),
    (
        "actes du même jour : l’ordre de la procédure départage",
        [(TypeActe.JUGEMENT, J, EXP), (TypeActe.CQL, J)],
        Stade.CQL,
    ),
    (
        "refus puis nouvelle réquisition",
        [(TypeActe.CQL, J), (TypeActe.REQUISITION_CFP, date(2026, 5, 1)),
         (TypeActe.REFUS_CFP, date(2026, 6, 1)), (TypeActe.REQUISITION_CFP, date(2026, 9, 1))],
        Stade.CFP_REQUIS,
    ),
    (
        "octroi",
        [(TypeActe.REQUISITION_CFP, J), (TypeActe.OCTROI_CFP, date(2026, 4, 1))],
        Stade.CFP_ACCORDE,
    ),
    (
        "défaut de paiement de l’échéancier : jugement exécutoire",
        [(TypeActe.ASSIGNATION, J),
         (TypeActe.JUGEMENT, date(2026, 5, 1), IssueJugement.DELAIS_ACCORDES),
         (TypeActe.DEFAUT_ECHEANCIER, date(2026, 8, 3))],
        Stade.JUGEMENT,
    ),
    (
        "défaut puis CQL le même jour : l’ordre départage",
        [(TypeActe.JUGEMENT, J, IssueJugement.DELAIS_ACCORDES),
         (TypeActe.CQL, date(2026, 8, 3)), (TypeActe.DEFAUT_ECHEANCIER, date(2026, 8, 3))],
        Stade.CQL,
    ),
    (
        "défaut après un refus du concours : le stade le plus récent",
        [(TypeActe.JUGEMENT, J, IssueJugement.DELAIS_ACCORDES),
         (TypeActe.REQUISITION_CFP, date(2026, 4, 1)),
         (TypeActe.DEFAUT_ECHEANCIER, date(2026, 4, 1))],
        Stade.CFP_REQUIS,
    ),
    (
        "délai de grâce : le stade ne bouge pas",
        [(TypeActe.JUGEMENT, J, EXP), (TypeActe.CQL, date(2026, 4, 1)),
         (TypeActe.DELAI_GRACE, date(2026, 5, 1))],
        Stade.CQL,
    ),
    (
        "PCS après le jugement",
        [(TypeActe.JUGEMENT, J, EXP), (TypeActe.PCS_SIGNE, date(2026, 6, 1))],
        Stade.PROTOCOLE,
    ),
]  # fmt: skip


def actes(spec):
    return [
        Acte(type=t, date=d, issue_jugement=(i or [""])[0], id=n)
        for n, (t, d, *i) in enumerate(spec, 1)
    ]


@pytest.mark.parametrize(("libelle", "spec", "attendu"), CAS, ids=[c[0] for c in CAS])
def test_stade_en_python(libelle, spec, attendu):
    assert stade_de(actes(spec)) == attendu


@pytest.mark.parametrize(("libelle", "spec", "attendu"), CAS, ids=[c[0] for c in CAS])
def test_stade_en_sql_identique(libelle, spec, attendu, db):
    procedure = procedure_avec_actes(*spec)
    assert Procedure.objects.avec_stade().get(pk=procedure.pk).stade == attendu


def test_stade_a_une_date(db):
    spec = [(TypeActe.CDP, date(2026, 1, 5)), (TypeActe.ASSIGNATION, date(2026, 4, 1))]
    procedure = procedure_avec_actes(*spec)
    avant = date(2026, 3, 31)
    assert stade_de(actes(spec), a_la_date=avant) == Stade.CDP
    assert Procedure.objects.avec_stade(a_la_date=avant).get(pk=procedure.pk).stade == Stade.CDP
    assert stade_de(actes(spec), a_la_date=date(2026, 1, 1)) == Stade.PREVENTION
