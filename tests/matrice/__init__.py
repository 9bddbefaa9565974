"""The permission matrix: every URL of the URLconf, as every actor.

Each app declares its URLs in `tests/matrice/<app>.py` as `REGLES = {url_name: regle(...)}`.
A URL of the URLconf missing here fails `test_matrice.py`: every new page must say who sees it.
"""

from importlib import import_module

from .regles import Regle, regle

MODULES = ["ccapex", "partenaires", "procedure", "dossiers", "indicateurs"]


def toutes_les_regles() -> dict[str, Regle]:
    regles: dict[str, Regle] = {}
    for nom in MODULES:
        try:
            module = import_module(f"tests.matrice.{nom}")
        except ModuleNotFoundError as error:
            if error.name != f"tests.matrice.{nom}":
                raise
            continue
        doublons = set(regles) & set(module.REGLES)
        assert not doublons, f"déclarées deux fois : {doublons}"
        regles.update(module.REGLES)
    return regles


__all__ = ["Regle", "regle", "toutes_les_regles"]
