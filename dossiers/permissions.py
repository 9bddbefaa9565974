"""Who may see and change households and referrals. Views and the API share these."""

from partenaires.permissions import departements_du_secretariat, est_archives, est_secretariat

__all__ = ["departements_du_secretariat", "peut_gerer_dossiers"]


def peut_gerer_dossiers(user) -> bool:
    """Household files are kept by the secretariat of their département."""
    return est_secretariat(user)


def peut_decider_conservation(user) -> bool:
    """Keeping a file active or archiving it is the secretariat's decision."""
    return est_secretariat(user)


def peut_lire_archives(user) -> bool:
    """The intermediate archive is read by the `archives` role only (archivist or DPO)."""
    return est_archives(user)


def peut_exporter_donnees(user) -> bool:
    """An access request is answered by the DPO (`archives` role, every file of its
    département, archived or not) or by the secretariat (the active files it sees)."""
    return est_archives(user) or est_secretariat(user)
