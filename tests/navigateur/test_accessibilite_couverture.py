"""The axe-core test's list of pages, checked without a browser (the test itself takes
minutes): every page of the matrix that answers 200 to some role is visited, by every role
that reaches it — the archives role's pages included."""

from tests.conftest import ACTEURS
from tests.matrice import toutes_les_regles
from tests.navigateur.test_accessibilite import ROLES, pages_par_role


def test_axe_visite_chaque_role_et_chaque_page(monde):
    assert "archives" in ROLES
    pages, erreurs = pages_par_role(monde)
    assert erreurs == []
    visitees = {(role, nom) for role, nom, _chemin in pages}
    autres = {a for a in ACTEURS if a not in ROLES}
    for nom, regle in toutes_les_regles().items():
        if regle.methode != "get" or regle.donnees:
            continue
        for role in ROLES:
            if regle.attendu[role] == 200:
                assert (role, nom) in visitees, f"{role} {nom} non vérifiée par axe-core"
        # The "other" actors are their role seen from elsewhere: never a page of their own.
        for acteur in autres:
            if regle.attendu[acteur] == 200:
                assert any(regle.attendu[r] == 200 for r in ROLES), nom
    assert ("archives", "dossiers:archives") in visitees
