import pytest

from indicateurs.calculs import (
    arrondi_evolution,
    ecart_points,
    evolution_pourcentage,
    part_pourcentage,
    progression_objectif,
    taux,
)

# Paris 2019–2024 (DOMAIN.md): every change the seed prints, from the raw counts.
PARIS = [
    # (2023, 2024, printed 2024/2023), CAF, CDP, assignations, CQL, CFP asked, granted, evictions
    (4215, 4382, 4.0),
    (9604, 10782, 12.0),
    (4907, 5415, 10.0),
    (2702, 2909, 8.0),
    (2641, 2971, 12.5),
    (1780, 1788, 0.45),
    (983, 998, 1.53),
]
PARIS_CINQ_ANS = [
    (6780, 4382, -35.0),
    (6011, 10782, 79.0),
    (5452, 5415, -0.68),
    (3310, 2909, -12.0),
    (3588, 2971, -17.0),
    (2877, 1788, -38.0),
    (1136, 998, -12.0),
]


@pytest.mark.parametrize(("avant", "apres", "attendu"), PARIS + PARIS_CINQ_ANS)
def test_evolutions_comme_le_bilan_de_paris(avant, apres, attendu):
    assert evolution_pourcentage(avant, apres) == attendu


def test_evolution_sans_base():
    assert evolution_pourcentage(0, 12) is None
    assert evolution_pourcentage(None, 12) is None
    assert evolution_pourcentage(10, None) is None


def test_evolution_exacte_sur_demande():
    assert round(evolution_pourcentage(9604, 10782, arrondir=False), 2) == 12.27


@pytest.mark.parametrize(
    ("valeur", "attendu"),
    [(12.27, 12), (12.495, 12.5), (12.55, 13), (-12.45, -12.5), (1.994, 1.99), (2.0, 2), (0, 0)],
)
def test_regle_d_arrondi(valeur, attendu):
    assert arrondi_evolution(valeur) == attendu


def test_parts_et_points():
    assert part_pourcentage(138, 230) == 60.0
    assert part_pourcentage(1, 230) == 0.4
    assert part_pourcentage(3, 0) is None
    assert ecart_points(59, 50) == 9
    assert ecart_points(40.0, 42.5) == -2.5
    assert ecart_points(None, 50) is None


def test_taux_et_progression():
    assert taux(56, 100) == 56.0
    # Essonne: presence 40 % → 70 % in 2028; at 55 % half the way is done.
    assert progression_objectif(55, 40, 70) == 50
    assert progression_objectif(30, 56, 25) == 84
    assert progression_objectif(30, 40, 40) is None
