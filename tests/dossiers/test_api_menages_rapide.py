"""The API list builds its rows without DRF's per-row machinery: the JSON must be the very
bytes DRF's serializer gives, on households with every kind of value."""

import datetime as dt
import json
import random
from decimal import Decimal

from django.db.models import Prefetch
from rest_framework.renderers import JSONRenderer

from dossiers.api.menages import CHAMPS_MEMBRE, MenageSerializer, lignes_de_la_liste
from dossiers.enums import LienMembre, Vulnerabilite
from dossiers.models import MembreMenage, Menage
from procedure.models import Procedure
from tests.conftest import client_de
from tests.dossiers.factories import MembreFactory, MenageFactory, menage_avec_procedure
from tests.procedure.factories import ProcedureFactory


def _varies(monde, n=12):
    hasard = random.Random(12)
    for i in range(n):
        if i % 3 == 0:
            menage = menage_avec_procedure(
                monde.departement,
                commune=monde.commune,
                nom=f"Dupré{i}",
                actes=[("cdp", dt.date(2026, 1 + i % 12, 3))],
                dettes=[(dt.date(2026, 2, 1), Decimal(f"{hasard.randint(0, 99999)}.{i % 10}"))],
                vulnerabilites=hasard.sample(list(Vulnerabilite.values), 2),
            )
        else:
            menage = MenageFactory(
                departement=monde.departement,
                commune=monde.commune,
                complement_adresse="Bât. « B »" if i % 2 else "",
                dalo_prioritaire=bool(i % 2),
            )
        for j in range(i % 4):  # none, one, two or three members
            MembreFactory(
                menage=menage,
                nom=f"Nom{i}{j}",
                prenom="Zoé" if j else "",
                date_naissance=dt.date(1980 + j, 2, 28) if j % 2 else None,
                lien=LienMembre.values[j % len(LienMembre.values)],
            )
        if i % 4 == 1:  # a second procedure, without acts
            menage.procedures.add(ProcedureFactory(commune=monde.commune))


def _par_drf(numeros):
    menages = {
        m.numero: m
        for m in Menage.objects.avec_resume()
        .filter(numero__in=numeros)
        .prefetch_related(
            Prefetch("membres", queryset=MembreMenage.objects.only(*CHAMPS_MEMBRE)),
            Prefetch("procedures", queryset=Procedure.objects.only("id")),
        )
    }
    return MenageSerializer([menages[n] for n in numeros], many=True).data


def test_les_lignes_sont_celles_du_serialiseur_drf(monde):
    _varies(monde)
    reponse = client_de(monde.secretariat).get("/api/v1/dossiers/")
    assert reponse.status_code == 200
    resultats = reponse.json()["results"]
    assert len(resultats) == 12
    numeros = [r["numero"] for r in resultats]
    attendu = JSONRenderer().render(_par_drf(numeros))
    obtenu = JSONRenderer().render(resultats)
    assert obtenu == attendu
    # The data exercised every branch: members of each count, a birth date and none,
    # debts with cents, several procedures, empty and non-empty vulnerabilities.
    assert {len(r["membres"]) for r in resultats} >= {0, 1, 2, 3}
    assert any(r["dette"] for r in resultats) and any(r["dette"] is None for r in resultats)
    assert any(len(r["procedures"]) > 1 for r in resultats)
    assert any(m["date_naissance"] for r in resultats for m in r["membres"])
    assert any(r["vulnerabilites"] for r in resultats)


def test_les_lignes_directes_egalent_drf_sur_une_page_vide_et_sans_membres(monde):
    assert lignes_de_la_liste([]) == []
    menage = MenageFactory(departement=monde.departement, commune=monde.commune)
    ligne = lignes_de_la_liste(list(Menage.objects.avec_resume().filter(pk=menage.pk)))
    assert json.loads(JSONRenderer().render(ligne)) == json.loads(
        JSONRenderer().render(_par_drf([menage.numero]))
    )
