"""The permission matrix: every URL of the URLconf, as every actor.

Each app declares its URLs in `tests/matrice/<app>*.py` (one file per concept) as
`REGLES = {url_name: regle(...)}`.
A URL of the URLconf missing here fails `test_matrice.py`: every new page must say who sees it.
"""

from importlib import import_module
from pathlib import Path

from .regles import Regle, regle


def toutes_les_regles() -> dict[str, Regle]:
    regles: dict[str, Regle] = {}
    for fichier in sorted(Path(__file__).parent.glob("*.py")):
        if fichier.stem in {"__init__", "regles"}:
            continue
        module = import_module(f"tests.matrice.{fichier.stem}")
        doublons = set(regles) & set(module.REGLES)
        assert not doublons, f"déclarées deux fois : {doublons}"
        regles.update(module.REGLES)
    return regles


__all__ = ["Regle", "regle", "toutes_les_regles"]
