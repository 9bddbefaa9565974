"""Demo data of the dossiers layer, concept by concept, in dependency order."""

from ccapex.demo import Demo

from .demos import menages, prevention, saisines, seances


def peupler(demo: Demo) -> None:
    menages.peupler(demo)
    saisines.peupler(demo)
    seances.peupler(demo)
    prevention.peupler(demo)
