"""Every URL of the URLconf, requested as every actor, against the declared matrix."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import ACTEURS, client_de
from tests.matrice import toutes_les_regles

REGLES = toutes_les_regles()


def noms_des_urls(resolver=None, prefixe: str = ""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # Django's admin has its own staff-only check, tested apart
            espace = f"{prefixe}{pattern.namespace}:" if pattern.namespace else prefixe
            yield from noms_des_urls(pattern, espace)
        elif isinstance(pattern, URLPattern):
            yield prefixe + (pattern.name or f"<sans nom : {pattern.pattern}>")


def test_chaque_url_est_dans_la_matrice():
    urls = set(noms_des_urls())
    assert sorted(urls - set(REGLES)) == [], "URL sans règle dans tests/matrice/"
    assert sorted(set(REGLES) - urls) == [], "règle pour une URL qui n’existe plus"


@pytest.mark.parametrize("nom", sorted(REGLES))
def test_matrice_des_permissions(nom, monde):
    regle = REGLES[nom]
    url = reverse(nom, kwargs=regle.kwargs(monde) if regle.kwargs else None)
    obtenu = {}
    for acteur in ACTEURS:
        client = client_de(monde.utilisateur(acteur))
        reponse = getattr(client, regle.methode)(url, regle.donnees)
        obtenu[acteur] = reponse.status_code
    ecarts = {a: (regle.attendu[a], obtenu[a]) for a in ACTEURS if regle.attendu[a] != obtenu[a]}
    assert ecarts == {}, f"{url} — (attendu, obtenu) par acteur"


@pytest.mark.parametrize("acteur", ["anonyme", "secretariat", "administrateur"])
def test_admin_django_reserve_au_personnel_technique(acteur, monde):
    reponse = client_de(monde.utilisateur(acteur)).get("/admin/")
    assert reponse.status_code == 302
    assert reponse.url.startswith("/admin/login/")
