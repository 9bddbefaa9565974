"""axe-core (WCAG 2.0 and 2.1, levels A and AA) on every page of every role, in Chromium.

The pages come from the permission matrix (tests/matrice/): every GET URL that answers 200 to
a role is visited signed in as that role, with the objects the matrix builds for its
parameters, so a new page is covered as soon as it is declared there. axe-core is the copy
bundled in the `axe-playwright-python` package (no network at test time).
"""

import contextlib
import os
from collections import Counter

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

from tests.conftest import ACTEURS, client_de
from tests.matrice import toutes_les_regles
from tests.partenaires.factories import DispositifFactory, ReferentFactory

# One user per role of the cast (the "other département / organisation" actors have the
# same pages as their role), read from the cast: a new role (archives) cannot be left out.
ROLES = [a for a in ACTEURS if not a.endswith(("_autre_departement", "_autre_organisation"))]
NORMES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
OPTIONS = {"runOnly": {"type": "tag", "values": NORMES}, "resultTypes": ["violations"]}


def pages_par_role(monde) -> tuple[list[tuple[str, str, str]], list[str]]:
    """(role, URL name, path) for every page a role reaches; the matrix builds the objects."""
    pages, erreurs = [], []
    # AXE_PAGES=annuaire checks only the URL names containing « annuaire » (to iterate on a fix).
    filtre = os.environ.get("AXE_PAGES", "")
    for nom, regle in sorted(toutes_les_regles().items()):
        if regle.methode != "get" or regle.donnees or filtre not in nom:
            continue
        roles = [role for role in ROLES if regle.attendu[role] == 200]
        if not roles:
            continue
        try:
            chemin = reverse(nom, kwargs=regle.kwargs(monde) if regle.kwargs else None)
        except Exception as erreur:
            erreurs.append(f"{nom} : objets non construits ({erreur!r})")
            continue
        pages += [(role, nom, chemin) for role in roles]
    return pages, erreurs


def contexte_de(navigateur, live_server, user):
    contexte = navigateur.new_context(base_url=live_server.url, locale="fr-FR")
    if user is not None:
        session = client_de(user).cookies["sessionid"].value
        contexte.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
    return contexte


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_axe_core_sur_chaque_page_de_chaque_role(monde, navigateur, live_server):
    # The directory covers the whole département: its suggestions show on every dossier page.
    DispositifFactory(organisation=monde.caf)
    ReferentFactory(organisation=monde.caf)
    pages, erreurs = pages_par_role(monde)
    axe = Axe()
    violations: list[str] = []
    verifiees: Counter = Counter()
    non_html: list[str] = []
    for role in ROLES:
        contexte = contexte_de(navigateur, live_server, monde.utilisateur(role))
        page = contexte.new_page()
        for role_page, nom, chemin in pages:
            if role_page != role:
                continue
            try:
                reponse = page.goto(chemin)
            except PlaywrightError as erreur:
                if "Download is starting" not in str(erreur):
                    raise
                non_html.append(f"{role} {chemin}")  # a file to download
                continue
            if reponse is None or reponse.status != 200:
                erreurs.append(f"{role} {chemin} ({nom}) : statut {reponse and reponse.status}")
                continue
            type_contenu = reponse.headers.get("content-type", "")
            # Downloads (PDF, CSV) and htmx fragments are not documents.
            if "text/html" not in type_contenu or "<html" not in reponse.text()[:1000]:
                non_html.append(f"{role} {chemin}")
                continue
            # What htmx or a script renders after the load (Swagger UI, lazy fragments) too;
            # a page that keeps polling is checked after at most 3 s.
            with contextlib.suppress(PlaywrightError):
                page.wait_for_load_state("networkidle", timeout=3000)
            resultat = axe.run(page, options=OPTIONS)
            verifiees[role] += 1
            for violation in resultat.response["violations"]:
                for noeud in violation["nodes"]:
                    violations.append(
                        f"{role} {chemin} ({nom}) — {violation['id']} "
                        f"[{violation['impact']}] : {', '.join(map(str, noeud['target']))} "
                        f"{noeud['html'][:160]}"
                    )
        contexte.close()

    total = sum(verifiees.values())
    detail = ", ".join(f"{role} {verifiees[role]}" for role in ROLES)
    print(f"\naxe-core ({', '.join(NORMES)}) : {total} pages vérifiées ({detail})")
    print(f"{len(non_html)} réponses non HTML ou fragments ignorées")
    assert erreurs == []
    assert total > 50 or os.environ.get("AXE_PAGES"), (
        "trop peu de pages vérifiées : la matrice a-t-elle été lue ?"
    )
    assert violations == [], f"{len(violations)} violations :\n" + "\n".join(violations)
