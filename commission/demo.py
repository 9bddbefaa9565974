"""Demo data of the commission layer, concept by concept, in dependency order."""

from ccapex.demo import Demo
from commission.demos import decisions, prevention, seances


def peupler(demo: Demo) -> None:
    seances.peupler(demo)
    prevention.peupler(demo)
    decisions.peupler(demo)
