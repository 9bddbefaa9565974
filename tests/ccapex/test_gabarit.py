"""The main navigation really depends on the role (no entry of another role leaks in),
and the 403 and 500 pages are in French, not only the 404 one."""

import re

import pytest
from django.test import RequestFactory
from django.urls import reverse

from partenaires.navigation import ACCUEIL_PAR_ROLE, NAVIGATION_PAR_ROLE
from tests.conftest import client_de


def liens_du_menu(html: str) -> set[str]:
    menu = html.split('aria-label="Menu principal"', 1)[1].split("</nav>", 1)[0]
    return set(re.findall(r'href="([^"]+)"', menu))


@pytest.mark.parametrize("role", sorted(str(r) for r in ACCUEIL_PAR_ROLE))
def test_le_menu_est_exactement_celui_du_role(role, monde):
    user = getattr(monde, role)
    html = client_de(user).get(reverse(ACCUEIL_PAR_ROLE[role])).content.decode()
    attendu = {reverse(entree[1]) for entree in NAVIGATION_PAR_ROLE[role]}
    assert liens_du_menu(html) == attendu
    assert "CCAPEX" in html.split("</header>", 1)[0]
    assert user.organisation.nom in html.split("</header>", 1)[0]
    assert "<footer" in html


def test_page_403_en_francais(monde):
    reponse = client_de(monde.membre).get(reverse("dossiers:liste"))
    assert reponse.status_code == 403
    assert "Accès refusé" in reponse.content.decode()


def test_page_500_en_francais():
    from django.views.defaults import server_error

    reponse = server_error(RequestFactory().get("/"))
    assert reponse.status_code == 500
    assert "Erreur inattendue" in reponse.content.decode()
