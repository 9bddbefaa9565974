"""A page past the middle is read backwards from the end: it must hold exactly the rows, in
the same order, as the plain OFFSET over the same (total) order, for every sort and filter,
with ties on every sort key and empty deadlines."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ccapex import pagination
from ccapex.pagination import PaginateurPlafonne, ordre_total
from dossiers.models import Menage
from dossiers.views.menages import filtrer
from procedure.enums import Motif, Parc
from tests.conftest import client_de
from tests.dossiers.factories import MenageFactory

PAR_PAGE = 3
TRIS = ["", "echeance", "-echeance", "nom", "-nom", "creation", "-creation", "dette", "-dette"]
TRIS += ["numero", "-numero"]
FILTRES = [{}, {"motif": Motif.IMPAYES}, {"motif": Motif.IMPAYES, "parc": Parc.PRIVE}]


@pytest.fixture
def menages(monde):
    """17 households whose sort keys repeat (three values each, some empty)."""
    jour, instant = timezone.localdate(), timezone.now()
    for i in range(17):
        menage = MenageFactory(departement=monde.departement, commune=monde.commune)
        # The stored summary, written as `dossiers.resume` would: ties everywhere.
        Menage.objects.filter(pk=menage.pk).update(
            prochaine_echeance=[None, jour, jour + timedelta(days=9)][i % 3],
            cree_le=instant - timedelta(days=i % 2),
            nom_reference=["Martin", "Durand", None][i % 3],
            dette=[Decimal(100), None, Decimal(900)][i % 3],
            motif=[Motif.IMPAYES, Motif.IMPAYES, ""][i % 3],
            parc=[Parc.PRIVE, Parc.SOCIAL][i % 2],
        )
    return monde


def _requete(monde, parametres):
    requete = RequestFactory().get("/menages/", parametres)
    requete.user = monde.secretariat
    return requete


@pytest.mark.parametrize("filtre", FILTRES)
@pytest.mark.parametrize("tri", TRIS)
def test_chaque_page_lue_a_l_envers_egale_l_offset(menages, tri, filtre, monkeypatch):
    monkeypatch.setattr(pagination, "PLAFOND", 2)
    parametres = {**filtre, **({"tri": tri} if tri else {})}
    _, queryset = filtrer(_requete(menages, parametres))
    attendu = list(ordre_total(queryset).values_list("pk", flat=True))
    assert len(attendu) == len(set(attendu)) >= 4
    pages = -(-len(attendu) // PAR_PAGE)
    for numero in range(1, pages + 1):
        paginateur = PaginateurPlafonne(queryset, PAR_PAGE, numero_demande=numero)
        lues = [m.pk for m in paginateur.page(numero)]
        assert lues == attendu[(numero - 1) * PAR_PAGE : numero * PAR_PAGE], (tri, numero)


def test_la_derniere_page_est_lue_depuis_la_fin(menages, monkeypatch):
    monkeypatch.setattr(pagination, "PLAFOND", 2)
    _, queryset = filtrer(_requete(menages, {}))
    paginateur = PaginateurPlafonne(queryset, PAR_PAGE, numero_demande=6)
    with CaptureQueriesContext(connection) as requetes:
        page = paginateur.page(6)
    assert paginateur.exact and paginateur.count == 17 and len(page) == 2
    (cles,) = [r["sql"] for r in requetes if "ORDER BY" in r["sql"]]
    # Two rows from the end, without skipping the fifteen before them.
    assert "LIMIT 2" in cles and "OFFSET" not in cles
    assert '"prochaine_echeance" DESC, "dossiers_menage"."cree_le" ASC, 1 ASC' in cles


def test_une_page_du_debut_reste_lue_dans_l_ordre(menages, monkeypatch):
    monkeypatch.setattr(pagination, "PLAFOND", 2)
    _, queryset = filtrer(_requete(menages, {}))
    paginateur = PaginateurPlafonne(queryset, PAR_PAGE, numero_demande=2)
    with CaptureQueriesContext(connection) as requetes:
        paginateur.page(2)
    (cles,) = [r["sql"] for r in requetes if "OFFSET" in r["sql"]]
    assert "LIMIT 3 OFFSET 3" in cles and '"prochaine_echeance" ASC' in cles
    # Counted up to twice the rows before the page: still « plus de 12 ».
    assert not paginateur.exact and paginateur.minimum == 12


def test_l_ordre_finit_par_la_cle_primaire_dans_le_sens_du_dernier_critere(db):
    def ordre(queryset):
        return [str(c) for c in ordre_total(queryset).query.order_by]

    assert ordre(Menage.objects.order_by("prochaine_echeance", "-cree_le")) == [
        "prochaine_echeance",
        "-cree_le",
        "-pk",
    ]
    assert ordre(Menage.objects.order_by("nom_reference")) == ["nom_reference", "pk"]
    # Already total: the number is unique.
    assert ordre(Menage.objects.order_by("-numero")) == ["-numero"]
    assert ordre(Menage.objects.all()) == ["-cree_le", "-pk"]


@pytest.mark.parametrize("tri", ["", "nom", "-dette"])
def test_api_chaque_page_egale_l_offset(menages, tri, monkeypatch):
    monkeypatch.setattr(pagination, "PLAFOND", 2)
    monkeypatch.setattr("dossiers.api.menages.PaginationPlafonnee.page_size", PAR_PAGE)
    client = client_de(menages.secretariat)
    parametres = {"tri": tri} if tri else {}
    _, queryset = filtrer(_requete(menages, parametres))
    numeros = list(ordre_total(queryset).values_list("numero", flat=True))
    lus = []
    for page in range(1, 7):
        reponse = client.get("/api/v1/dossiers/", {**parametres, "page": page}).json()
        lus += [r["numero"] for r in reponse["results"]]
    assert lus == numeros
    derniere = client.get("/api/v1/dossiers/", {**parametres, "page": "last"}).json()
    assert [r["numero"] for r in derniere["results"]] == numeros[-2:]
    assert (derniere["count"], derniere["count_exact"]) == (17, True)


def test_api_liens_et_pages_hors_bornes(menages, monkeypatch):
    """Walking `next` from page 1 and `previous` from the last page gives every row once, in
    order, whichever end a page is read from; malformed pages are 400, past the end 404."""
    monkeypatch.setattr(pagination, "PLAFOND", 2)
    monkeypatch.setattr("dossiers.api.menages.PaginationPlafonnee.page_size", PAR_PAGE)
    client = client_de(menages.secretariat)
    _, queryset = filtrer(_requete(menages, {"tri": "-dette"}))
    numeros = list(ordre_total(queryset).values_list("numero", flat=True))
    lus, url, pages = [], "/api/v1/dossiers/?tri=-dette", 0
    while url:
        reponse = client.get(url).json()
        lus += [r["numero"] for r in reponse["results"]]
        url, pages = reponse["next"], pages + 1
    assert lus == numeros and pages == 6
    lus, url = [], "/api/v1/dossiers/?tri=-dette&page=last"
    while url:
        reponse = client.get(url).json()
        lus = [r["numero"] for r in reponse["results"]] + lus
        url = reponse["previous"]
    assert lus == numeros
    sixieme = client.get("/api/v1/dossiers/", {"tri": "-dette", "page": 6}).json()
    assert (sixieme["count"], sixieme["count_exact"], sixieme["next"]) == (17, True, None)
    for page in ["0", "-1", "abc", "1.5", "١", "9999999"]:
        assert client.get("/api/v1/dossiers/", {"page": page}).status_code == 400, page
    assert client.get("/api/v1/dossiers/", {"page": 7}).status_code == 404
    assert client.get("/api/v1/dossiers/", {"page": 999_999}).status_code == 404
    for page in ["0", "-1", "abc", "last"]:
        assert client.get("/menages/", {"page": page}).status_code == 400, page
    derniere = client.get("/menages/", {"page": 999_999})
    assert derniere.status_code == 200  # the list shows its last page
