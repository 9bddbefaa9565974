"""Demo data of the commission layer, concept by concept, in dependency order."""

from ccapex.demo import Demo
from commission.demos import decisions, orientation, prevention, seances, transferts


def peupler(demo: Demo) -> None:
    orientation.peupler(demo)
    seances.peupler(demo)
    prevention.peupler(demo)
    decisions.peupler(demo)
    transferts.peupler(demo)
