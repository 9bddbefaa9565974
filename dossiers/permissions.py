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


# --- letters and follow-up (issue 5) ---


def peut_cloturer_seance(user, seance) -> bool:
    """Closing a session (and writing its letters): the secretariat of its département."""
    return seance.commission.departement_id in departements_du_secretariat(user)


def peut_telecharger_courrier(user, courrier) -> bool:
    """A letter: the secretariat of the dossier's département, or the addressed partner."""
    if courrier.menage.departement_id in departements_du_secretariat(user):
        return True
    from partenaires.permissions import est_partenaire

    return (
        est_partenaire(user)
        and courrier.destinataire_organisation_id is not None
        and courrier.destinataire_organisation_id == user.organisation.pk
    )
