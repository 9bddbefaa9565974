"""Demo data of the dossiers layer, concept by concept, in dependency order."""

from ccapex.demo import Demo
from dossiers.demos import menages, saisines


def peupler(demo: Demo) -> None:
    menages.peupler(demo)
    saisines.peupler(demo)
