"""Demo data of the dossiers layer, concept by concept, in dependency order."""

from ccapex.demo import Demo

from .demos import menages, seances


def peupler(demo: Demo) -> None:
    menages.peupler(demo)
    seances.peupler(demo)  # issue 5: sessions, letters, follow-ups
