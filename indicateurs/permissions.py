"""Who may see the aggregates, declare partner figures and set the charter's targets."""

from partenaires.enums import Role
from partenaires.permissions import a_le_role, est_administrateur, est_pilotage, est_secretariat

from .referentiel import declarables_pour


def peut_voir_indicateurs(user) -> bool:
    """Aggregates are for the secretariat and the steering (pilotage) role; never a name."""
    return est_secretariat(user) or est_pilotage(user)


def peut_lire_indicateurs_api(user) -> bool:
    """The API also answers partners (their software signs in with the organisation's key):
    the figures are aggregates of their département, with no personal data."""
    return peut_voir_indicateurs(user) or a_le_role(user, Role.PARTENAIRE, Role.MEMBRE)


def peut_ouvrir_declarations(user) -> bool:
    """The page of declared figures: partners, members and the secretariat (it says so when
    their organisation owns no declarable figure)."""
    return a_le_role(user, Role.PARTENAIRE, Role.MEMBRE, Role.SECRETARIAT)


def peut_declarer(user) -> bool:
    """A partner, member or secretariat whose organisation owns at least one declarable figure
    (the CAF its unpaid-rent reports, the court its decisions, the CD the FSL budget…)."""
    return bool(
        a_le_role(user, Role.PARTENAIRE, Role.MEMBRE, Role.SECRETARIAT)
        and declarables_pour(user.organisation.type)
    )


def peut_fixer_objectifs(user) -> bool:
    """The charter's targets are settings of the département: secretariat or administrator."""
    return est_secretariat(user) or est_administrateur(user)
