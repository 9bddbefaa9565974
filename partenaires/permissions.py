"""Who may do what. Each predicate states its rule; views and the API share them."""

from .enums import Role


def a_le_role(user, *roles: str) -> bool:
    """True when the membership the user acts under has one of these roles."""
    return bool(user.is_authenticated and user.role in roles)


def est_secretariat(user) -> bool:
    return a_le_role(user, Role.SECRETARIAT)


def est_administrateur(user) -> bool:
    return a_le_role(user, Role.ADMINISTRATEUR)


def est_pilotage(user) -> bool:
    return a_le_role(user, Role.PILOTAGE)


def est_membre(user) -> bool:
    return a_le_role(user, Role.MEMBRE)


def est_partenaire(user) -> bool:
    return a_le_role(user, Role.PARTENAIRE)


def est_archives(user) -> bool:
    """The archivist or data protection officer: the only one who opens archived files."""
    return a_le_role(user, Role.ARCHIVES)


def departements_des_archives(user) -> list[int]:
    """The département whose intermediate archive the user reads (its organisation's)."""
    return [user.organisation.departement_id] if est_archives(user) else []


def departement_courant_id(user) -> int | None:
    """Secretariat, pilotage and administrators work on the département of their organisation."""
    return user.organisation.departement_id if user.is_authenticated and user.adhesion else None


def peut_administrer(user) -> bool:
    """Reference lists, organisations and users: the administrator of the département only."""
    return est_administrateur(user)


def departements_du_secretariat(user) -> list[int]:
    """Départements where the user acts as secretariat; empty for anybody else."""
    return user.departements_du_secretariat if est_secretariat(user) else []


# --- Directory (annuaire) ------------------------------------------------------------


def peut_consulter_annuaire(user) -> bool:
    """Every signed-in user acting for an organisation: the referents' names and phones are
    professional contacts, shown to signed-in users only (never on a public page)."""
    return bool(user.is_authenticated and user.adhesion)


def peut_modifier_annuaire(user, organisation) -> bool:
    """The organisation's own members (whatever their role), and the administrator of its
    département; everybody else reads only."""
    if not peut_consulter_annuaire(user):
        return False
    if user.organisation.pk == organisation.pk:
        return True
    return est_administrateur(user) and user.organisation.departement_id == (
        organisation.departement_id
    )


def peut_gerer_campagne_annuaire(user) -> bool:
    """The yearly confirmation campaign is launched and followed by the secretariat."""
    return est_secretariat(user)
