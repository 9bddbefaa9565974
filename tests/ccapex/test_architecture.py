"""The apps are layers and imports go one way (docs/architecture.md).

`ccapex` ← `partenaires` ← `procedure` ← `dossiers` ← `commission` ← `indicateurs`: a module
imports only from its own app and from apps to its left. Only the root wiring (the URLconf
and the settings) names every app. Read with `ast`, so lazy imports inside functions count too.
"""

import ast
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parents[2]
COUCHES = ["ccapex", "partenaires", "procedure", "dossiers", "commission", "indicateurs"]
# The root wiring: the URLconfs and the settings name every app by design.
CABLAGE = {"ccapex/urls.py", "ccapex/api_urls.py"}


def modules_python():
    for app in COUCHES:
        for chemin in sorted((RACINE / app).rglob("*.py")):
            relatif = chemin.relative_to(RACINE).as_posix()
            if "/migrations/" in relatif or relatif.startswith("ccapex/settings/"):
                continue
            if relatif in CABLAGE:
                continue
            yield relatif, chemin


def module_de(relatif: str) -> str:
    module = relatif.removesuffix(".py").replace("/", ".")
    return module.removesuffix(".__init__")


def imports_de(chemin: Path, module: str) -> list[tuple[int, str]]:
    """Absolute names of every module imported, with their line (relative ones resolved)."""
    arbre = ast.parse(chemin.read_text(), filename=str(chemin))
    paquet = module if chemin.name == "__init__.py" else module.rpartition(".")[0]
    trouves = []
    for noeud in ast.walk(arbre):
        if isinstance(noeud, ast.Import):
            trouves += [(noeud.lineno, alias.name) for alias in noeud.names]
        elif isinstance(noeud, ast.ImportFrom):
            if noeud.level:
                base = paquet.split(".")
                base = base[: len(base) - (noeud.level - 1)]
                nom = ".".join([*base, noeud.module] if noeud.module else base)
            else:
                nom = noeud.module or ""
            trouves.append((noeud.lineno, nom))
    return trouves


def fleches_interdites(modules) -> list[str]:
    """Every import that points to an app on the right of the importing one, named."""
    fautes = []
    for relatif, chemin in modules:
        app = relatif.split("/")[0]
        rang = COUCHES.index(app)
        for ligne, nom in imports_de(chemin, module_de(relatif)):
            cible = nom.split(".")[0]
            if cible in COUCHES and COUCHES.index(cible) > rang:
                fautes.append(f"{relatif}:{ligne} {app} → {cible} ({nom})")
    return fautes


def cycles_dans_les_apps(modules) -> list[list[str]]:
    """Import cycles between modules of one app (e.g. models ↔ permissions)."""
    graphe: dict[str, set[str]] = {}
    for relatif, chemin in modules:
        module = module_de(relatif)
        app = module.split(".")[0]
        graphe[module] = {
            nom
            for _, nom in imports_de(chemin, module)
            if nom.split(".")[0] == app and nom != module
        }
    # A package import (`from x.models import Y`) reaches the package's __init__ only.
    cycles, etat = [], {}

    def visiter(module, pile):
        etat[module] = "en cours"
        pile.append(module)
        for suivant in sorted(graphe.get(module, ())):
            if suivant not in graphe:
                continue
            if etat.get(suivant) == "en cours":
                cycles.append([*pile[pile.index(suivant) :], suivant])
            elif suivant not in etat:
                visiter(suivant, pile)
        pile.pop()
        etat[module] = "fini"

    for module in sorted(graphe):
        if module not in etat:
            visiter(module, [])
    return cycles


def test_les_imports_vont_de_droite_a_gauche():
    assert fleches_interdites(modules_python()) == []


def test_aucun_cycle_d_import_dans_une_app():
    assert cycles_dans_les_apps(modules_python()) == []


def test_une_fleche_inversee_est_nommee(tmp_path):
    """The check itself: a throw-away `dossiers` module importing `commission` is caught."""
    faux = tmp_path / "fautif.py"
    faux.write_text("def f():\n    from commission.models import Seance\n")
    assert fleches_interdites([("dossiers/fautif.py", faux)]) == [
        "dossiers/fautif.py:2 dossiers → commission (commission.models)"
    ]


def test_un_cycle_est_trouve(tmp_path):
    (tmp_path / "models.py").write_text("from dossiers.permissions import x\n")
    (tmp_path / "permissions.py").write_text("def x():\n    from dossiers.models import M\n")
    modules = [
        ("dossiers/models.py", tmp_path / "models.py"),
        ("dossiers/permissions.py", tmp_path / "permissions.py"),
    ]
    assert cycles_dans_les_apps(modules) == [
        ["dossiers.models", "dossiers.permissions", "dossiers.models"]
    ]


@pytest.mark.parametrize("app", COUCHES)
def test_chaque_couche_existe(app):
    assert (RACINE / app / "__init__.py").exists()
