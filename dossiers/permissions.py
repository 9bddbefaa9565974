"""Who may see and change households and referrals. Views and the API share these."""

from partenaires.permissions import departements_du_secretariat, est_secretariat

__all__ = ["departements_du_secretariat", "peut_gerer_dossiers"]


def peut_gerer_dossiers(user) -> bool:
    """Household files are kept by the secretariat of their département."""
    return est_secretariat(user)
