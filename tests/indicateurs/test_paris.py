"""The Paris 2019–2024 table of DOMAIN.md, loaded as ~85 000 act rows: the dashboard (HTML)
and the PDF must print exactly the seed's figures and year-on-year changes."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from indicateurs.bilan_pdf import bilan_pdf
from indicateurs.territoires import du_departement
from procedure.enums import Parc, TypeActe
from procedure.models import ActeProcedure
from tests.conftest import client_de
from tests.pdf import texte_pdf
from tests.procedure.factories import ProcedureFactory

# act type: {year: count}; the seed's table (CAF reports, CDP, assignations, CQL, CFP
# requested, CFP granted, evictions).
PARIS = {
    TypeActe.SIGNALEMENT_CAF: {2019: 6780, 2023: 4215, 2024: 4382},
    TypeActe.CDP: {2019: 6011, 2023: 9604, 2024: 10782},
    TypeActe.ASSIGNATION: {2019: 5452, 2023: 4907, 2024: 5415},
    TypeActe.CQL: {2019: 3310, 2023: 2702, 2024: 2909},
    TypeActe.REQUISITION_CFP: {2019: 3588, 2023: 2641, 2024: 2971},
    TypeActe.OCTROI_CFP: {2019: 2877, 2023: 1780, 2024: 1788},
    TypeActe.EXPULSION: {2019: 1136, 2023: 983, 2024: 998},
}
# What the seed prints for 2024: the figure, the change on 2023, the change since 2019.
ATTENDU = {
    "Impayés signalés à la CAF": ("4 382", "+4 %", "−35 %"),
    "Commandements de payer": ("10 782", "+12 %", "+79 %"),
    "Assignations": ("5 415", "+10 %", "−0,68 %"),
    "Commandements de quitter les lieux": ("2 909", "+8 %", "−12 %"),
    "Concours de la force publique demandés": ("2 971", "+12,5 %", "−17 %"),
    "Concours de la force publique accordés": ("1 788", "+0,45 %", "−38 %"),
    "Expulsions réalisées": ("998", "+1,53 %", "−12 %"),
}


@pytest.fixture
def paris(monde):
    sociale = ProcedureFactory(commune=monde.commune, parc=Parc.SOCIAL)
    privee = ProcedureFactory(commune=monde.commune, parc=Parc.PRIVE)
    actes = []
    for type_, par_annee in PARIS.items():
        for annee, nombre in par_annee.items():
            for i in range(nombre):
                actes.append(
                    ActeProcedure(
                        procedure=sociale if i % 2 else privee,
                        type=type_,
                        date=dt.date(annee, 1 + i % 12, 1 + i % 28),
                    )
                )
    ActeProcedure.objects.bulk_create(actes, batch_size=10_000)
    assert len(actes) > 80_000
    return monde


def espaces(texte: str) -> str:
    return re.sub(r"[ \u202f\u00a0]+", " ", texte)


def test_tableau_de_bord_comme_le_bilan_de_paris(paris):
    html = client_de(paris.pilotage).get(reverse("indicateurs:accueil"), {"annee": 2024})
    html = espaces(html.content.decode())
    tableau = html.split("<caption>Actes de la procédure par année</caption>")[1].split("</table>")[
        0
    ]
    for libelle, (valeur, annuelle, cinq_ans) in ATTENDU.items():
        ligne = tableau.split(f'<th scope="row">{libelle}</th>')[1].split("</tr>")[0]
        cellules = re.findall(r"<td[^>]*>([^<]*)</td>", ligne)
        # 2019, 2020, 2021, 2022, 2023, 2024, change on a year, on five years, source
        assert cellules[5:8] == [valeur, annuelle, cinq_ans], libelle
    cdp = tableau.split('<th scope="row">Commandements de payer</th>')[1].split("</tr>")[0]
    assert re.findall(r"<td[^>]*>([^<]*)</td>", cdp)[:6] == [
        "6 011",
        "0",
        "0",
        "0",
        "9 604",
        "10 782",
    ]


def test_pdf_comme_le_bilan_de_paris(paris):
    texte = espaces(texte_pdf(bilan_pdf(2024, du_departement(paris.departement))))
    lignes = {
        "Impayés signalés à la CAF": "6 780 0 0 0 4 215 4 382 +4 % −35 %",
        "Commandements de payer": "6 011 0 0 0 9 604 10 782 +12 % +79 %",
        "Assignations": "5 452 0 0 0 4 907 5 415 +10 % −0,68 %",
        "Commandements de quitter les lieux": "3 310 0 0 0 2 702 2 909 +8 % −12 %",
        "CFP demandés": "3 588 0 0 0 2 641 2 971 +12,5 % −17 %",
        "CFP accordés": "2 877 0 0 0 1 780 1 788 +0,45 % −38 %",
        "Expulsions réalisées": "1 136 0 0 0 983 998 +1,53 % −12 %",
    }
    for libelle, attendu in lignes.items():
        assert attendu in texte, libelle
