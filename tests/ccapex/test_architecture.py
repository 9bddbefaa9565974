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
# Known arrows pointing right, each with its reason; a new one fails the test.
# The job row (`Traitement`) is scoped to a département: a relation by label to partenaires,
# like its `cree_par` to the user model (settings.AUTH_USER_MODEL, which `ast` cannot see).
# ccapex/migrations/0001_initial.py depends on partenaires for the same reason.
TOLEREES = {("ccapex/models.py", "partenaires")}


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


# Imports that are not `import` statements but load a module or a model by name all the same.
CHARGEURS = {"import_module", "__import__"}
MODELES_PAR_NOM = {"get_model"}
RELATIONS = {"ForeignKey", "OneToOneField", "ManyToManyField"}


def _nom_de_l_appel(appel: ast.Call) -> str:
    fonction = appel.func
    if isinstance(fonction, ast.Attribute):
        return fonction.attr
    return fonction.id if isinstance(fonction, ast.Name) else ""


def _texte(noeud) -> str | None:
    """A literal string, or the literal start of an f-string (`f"commission.{x}"`)."""
    if isinstance(noeud, ast.Constant) and isinstance(noeud.value, str):
        return noeud.value
    if isinstance(noeud, ast.JoinedStr) and noeud.values:
        return _texte(noeud.values[0])
    return None


def _charges_par_nom(appel: ast.Call, paquet: str) -> list[str]:
    """Modules named by `import_module("...")`, `__import__(...)`, `apps.get_model("app", ...)`
    and the model labels of relations (`ForeignKey("app.Model")`): app label = package here."""
    nom = _nom_de_l_appel(appel)
    premier = _texte(appel.args[0]) if appel.args else None
    if nom in CHARGEURS and premier:
        if premier.startswith("."):
            mots = {m.arg: _texte(m.value) for m in appel.keywords}
            base = mots.get("package") or paquet
            return [base + premier] if premier.strip(".") else [base]
        return [premier]
    if nom in MODELES_PAR_NOM and premier:
        return [premier.split(".")[0]]
    if nom in RELATIONS:
        cible = premier or next((_texte(m.value) for m in appel.keywords if m.arg == "to"), None)
        if cible and "." in cible:
            return [cible.split(".")[0]]
    return []


def imports_de(chemin: Path, module: str, modules_connus=()) -> list[tuple[int, str]]:
    """Absolute names of every module imported, with their line (relative ones resolved).

    `from x import y` also yields `x.y` when that is one of `modules_connus`: the importing
    module then depends on the submodule, not only on the package's `__init__`.
    """
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
            if nom:
                trouves.append((noeud.lineno, nom))
            for alias in noeud.names:
                sous_module = f"{nom}.{alias.name}" if nom else alias.name
                if not nom or sous_module in modules_connus:
                    trouves.append((noeud.lineno, sous_module))
        elif isinstance(noeud, ast.Call):
            trouves += [(noeud.lineno, nom) for nom in _charges_par_nom(noeud, paquet)]
    return trouves


def fleches_interdites(modules) -> list[str]:
    """Every import that points to an app on the right of the importing one, named."""
    fautes = []
    for relatif, chemin in modules:
        app = relatif.split("/")[0]
        rang = COUCHES.index(app)
        for ligne, nom in imports_de(chemin, module_de(relatif)):
            cible = nom.split(".")[0]
            if (relatif, cible) in TOLEREES:
                continue
            if cible in COUCHES and COUCHES.index(cible) > rang:
                fautes.append(f"{relatif}:{ligne} {app} → {cible} ({nom})")
    return fautes


def cycles_dans_les_apps(modules) -> list[list[str]]:
    """Import cycles between modules of one app (e.g. models ↔ permissions)."""
    modules = list(modules)
    connus = {module_de(relatif) for relatif, _ in modules}
    graphe: dict[str, set[str]] = {}
    for relatif, chemin in modules:
        module = module_de(relatif)
        app = module.split(".")[0]
        graphe[module] = {
            nom
            for _, nom in imports_de(chemin, module, connus)
            if nom.split(".")[0] == app and nom != module
        }
    # `from x.models import Y` reaches the package's __init__; `from x.services import suivis`
    # reaches the submodule too (see imports_de).
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


# Ways real code reaches another app without a plain `from app.x import Y` at the top.
RUSES = {
    "import simple": "import commission\n",
    "import pointé": "import commission.models.seance as seance\n",
    "dans un try": "try:\n    from commission import models\nexcept ImportError:\n    pass\n",
    "dans une méthode": (
        "class A:\n    def f(self):\n        from commission.services import seances\n"
    ),
    "importlib": "import importlib\n\nm = importlib.import_module('commission.services.seances')\n",
    "import_module f-string": (
        "from importlib import import_module\n\nm = import_module(f'commission.{x}')\n"
    ),
    "__import__": "m = __import__('commission.models')\n",
    "apps.get_model": (
        "from django.apps import apps\n\nSeance = apps.get_model('commission', 'Seance')\n"
    ),
    "get_model label": (
        "from django.apps import apps\n\nSeance = apps.get_model('commission.Seance')\n"
    ),
    "ForeignKey par nom": (
        "from django.db import models\n\n"
        "class M(models.Model):\n"
        "    s = models.ForeignKey('commission.Seance', on_delete=models.CASCADE)\n"
    ),
    "ManyToMany to=": (
        "from django.db import models\n\n"
        "class M(models.Model):\n"
        "    s = models.ManyToManyField(to='commission.Seance')\n"
    ),
}


@pytest.mark.parametrize("ou", ["dossiers/fautif.py", "dossiers/management/commands/fautive.py"])
@pytest.mark.parametrize("ruse", RUSES)
def test_une_fleche_cachee_est_trouvee(tmp_path, ruse, ou):
    faux = tmp_path / "fautif.py"
    faux.write_text(RUSES[ruse])
    fautes = fleches_interdites([(ou, faux)])
    assert len(fautes) == 1, fautes
    assert "dossiers → commission (commission" in fautes[0]


def test_un_nom_de_la_meme_app_ou_calcule_n_est_pas_une_faute(tmp_path):
    faux = tmp_path / "correct.py"
    faux.write_text(
        "from importlib import import_module\n"
        "from django.apps import apps\n"
        "from django.db import models\n\n"
        "m = import_module(f'{nom}.demo')\n"
        "S = apps.get_model('dossiers', 'Saisine')\n"
        "class M(models.Model):\n"
        "    s = models.ForeignKey('dossiers.Saisine', on_delete=models.CASCADE)\n"
        "    o = models.ForeignKey('partenaires.Organisation', on_delete=models.CASCADE)\n"
    )
    assert fleches_interdites([("dossiers/correct.py", faux)]) == []


def test_un_cycle_par_sous_module_est_trouve(tmp_path):
    """`from app.paquet import module` and `from . import module` reach the submodule: the
    cycle services.courriers ↔ services.suivis hid behind that form until it was found."""
    (tmp_path / "courriers.py").write_text("from dossiers.services import suivis\n")
    (tmp_path / "suivis.py").write_text("def f():\n    from . import courriers\n")
    (tmp_path / "__init__.py").write_text("")
    modules = [
        ("dossiers/services/__init__.py", tmp_path / "__init__.py"),
        ("dossiers/services/courriers.py", tmp_path / "courriers.py"),
        ("dossiers/services/suivis.py", tmp_path / "suivis.py"),
    ]
    assert cycles_dans_les_apps(modules) == [
        ["dossiers.services.courriers", "dossiers.services.suivis", "dossiers.services.courriers"]
    ]


def test_chaque_module_des_apps_est_lu():
    """Every module of the six apps is read, commands and template tags included; only the
    migrations, the settings and the root URLconfs are left out."""
    lus = {relatif for relatif, _ in modules_python()}
    tous = {
        chemin.relative_to(RACINE).as_posix()
        for app in COUCHES
        for chemin in (RACINE / app).rglob("*.py")
    }
    laisses = {
        r for r in tous - lus if "/migrations/" not in r and not r.startswith("ccapex/settings/")
    }
    assert laisses == CABLAGE
    assert {
        "dossiers/management/commands/importer_signalements.py",
        "ccapex/templatetags/ccapex.py",
        "commission/services/seances.py",
        "dossiers/imports/service.py",
    } <= lus
    assert len(lus) > 150
