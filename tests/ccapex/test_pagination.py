"""A large household list is not counted in full: « plus de N », pages still reachable."""

import re

import pytest
from django.urls import reverse

from ccapex import pagination
from tests.conftest import client_de
from tests.dossiers.factories import MenageFactory
from tests.requetes import requetes_de


@pytest.fixture
def sept_menages(monde, monkeypatch):
    monkeypatch.setattr(pagination, "PLAFOND", 4)
    monkeypatch.setattr("dossiers.views.menages.PAR_PAGE", 2)
    for _ in range(7):
        MenageFactory(departement=monde.departement, commune=monde.commune)
    return client_de(monde.secretariat)


def textes(html):
    total = re.search(r'id="nombre-resultats">([^<]*)', html).group(1)
    pages = re.search(r'title="Page \d+">([^<]*)', html).group(1)
    return total, pages


def test_au_dela_du_plafond_la_liste_dit_plus_de(sept_menages):
    page = sept_menages.get(reverse("dossiers:liste"))
    assert textes(page.content.decode()) == ("Plus de 4 dossiers", "1 / plus de 2")
    assert page.context["page"].has_next()


def test_une_page_lointaine_compte_jusqu_au_double_et_la_derniere_est_exacte(sept_menages):
    # Page 3 counts up to twice its 4 preceding rows: the 7 are counted exactly.
    page = sept_menages.get(reverse("dossiers:liste"), {"page": 3})
    assert textes(page.content.decode()) == ("7 dossiers", "3 / 4")
    assert len(page.context["page"]) == 2 and page.context["page"].has_next()
    page = sept_menages.get(reverse("dossiers:liste"), {"page": 4})
    assert textes(page.content.decode()) == ("7 dossiers", "4 / 4")
    assert len(page.context["page"]) == 1 and not page.context["page"].has_next()


def test_sous_le_plafond_le_total_est_exact(sept_menages, monkeypatch):
    page = sept_menages.get(reverse("dossiers:liste"), {"q": "96-1999"})
    assert page.context["total"] == 4 and not page.context["total_exact"]
    monkeypatch.setattr(pagination, "PLAFOND", 10)
    page = sept_menages.get(reverse("dossiers:liste"), {"q": "96-1999"})
    assert textes(page.content.decode()) == ("7 dossiers", "1 / 4")


def test_le_comptage_s_arrete_au_plafond_sans_tri_ni_resume(sept_menages):
    requetes = requetes_de(sept_menages, reverse("dossiers:liste"))
    (comptage,) = [r for r in requetes if r.startswith("SELECT COUNT(*)")]
    assert "LIMIT 5" in comptage and "ORDER BY" not in comptage
    assert "procedure_procedure" not in comptage  # the summary's sub-selects are not run


def test_api_total_minimum_et_page_suivante(sept_menages, monkeypatch):
    monkeypatch.setattr("dossiers.api.menages.PaginationPlafonnee.page_size", 2)
    reponse = sept_menages.get("/api/v1/dossiers/").json()
    assert (reponse["count"], reponse["count_exact"], len(reponse["results"])) == (4, False, 2)
    assert reponse["next"].endswith("page=2")
    derniere = sept_menages.get("/api/v1/dossiers/", {"page": "last"}).json()
    assert (derniere["count"], derniere["count_exact"], len(derniere["results"])) == (7, True, 1)
    assert sept_menages.get("/api/v1/dossiers/", {"page": 9}).status_code == 404


def test_une_page_lointaine_ne_calcule_le_resume_que_pour_ses_lignes(sept_menages):
    requetes = requetes_de(sept_menages, reverse("dossiers:liste") + "?page=3")
    (decalage,) = [r for r in requetes if "OFFSET" in r]
    colonnes = decalage.split(" FROM ")[0]
    assert colonnes.startswith('SELECT "dossiers_menage"."id"') and "," not in colonnes
    (lignes,) = [r for r in requetes if "nom_reference" in r and "OFFSET" not in r]
    assert '"dossiers_menage"."id" IN (' in lignes


def test_le_plafond_reel_201_dossiers_tous_atteints(monde):
    """With the real cap (200) and page size (50): 201 households read « Plus de 200
    dossiers » on page 1, and following « Page suivante » reaches every one of them; the API
    says the same and its fifth page, counted exactly, is the last."""
    from dossiers.models import Menage
    from dossiers.views.menages import PAR_PAGE

    assert (pagination.PLAFOND, PAR_PAGE) == (200, 50)
    modele = MenageFactory(departement=monde.departement, commune=monde.commune)
    copies = []
    for i in range(200):
        copie = Menage.objects.get(pk=modele.pk)
        copie.pk, copie.numero = None, f"96-1999-9{i:04d}"
        copies.append(copie)
    Menage.objects.bulk_create(copies)
    client = client_de(monde.secretariat)

    vus, numero, vues = [], 1, []
    while numero:
        page = client.get(reverse("dossiers:liste"), {"page": numero})
        vues.append(textes(page.content.decode()))
        vus += [m.numero for m in page.context["page"]]
        numero = page.context["page"].has_next() and numero + 1
    assert len(vus) == len(set(vus)) == 201
    assert vues[0] == ("Plus de 200 dossiers", "1 / plus de 4")
    assert vues[-1] == ("201 dossiers", "5 / 5")

    premiere = client.get("/api/v1/dossiers/").json()
    assert (premiere["count"], premiere["count_exact"]) == (200, False)
    assert premiere["next"].endswith("page=2")
    cinquieme = client.get("/api/v1/dossiers/", {"page": 5}).json()
    assert (cinquieme["count"], cinquieme["count_exact"], cinquieme["next"]) == (201, True, None)
    assert len(cinquieme["results"]) == 1
    assert client.get("/api/v1/dossiers/", {"page": 6}).status_code == 404
