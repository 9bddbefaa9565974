"""Demo data of the dossiers layer, concept by concept, in dependency order."""

from ccapex.demo import Demo


def peupler(demo: Demo) -> None:
    # Each concept module adds its line here: households, then referrals, then sessions.
    pass
