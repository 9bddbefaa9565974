"""Who may see and change what in the commission's work. Views and the API share these."""

from partenaires.enums import Role
from partenaires.models import Adhesion
from partenaires.permissions import est_secretariat


def departements_du_secretariat(user) -> list[int]:
    """Départements where the user acts as secretariat (all its secretariat memberships).

    Computed once per request and kept on the user object.
    """
    if not est_secretariat(user):
        return []
    cache = getattr(user, "_departements_secretariat", None)
    if cache is None:
        cache = list(
            Adhesion.objects.actives()
            .filter(utilisateur=user, role=Role.SECRETARIAT)
            .values_list("organisation__departement_id", flat=True)
            .distinct()
        )
        user._departements_secretariat = cache
    return cache


def peut_gerer_dossiers(user) -> bool:
    """Household files are kept by the secretariat of their département."""
    return est_secretariat(user)
