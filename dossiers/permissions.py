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


# --- Sessions (issue 5) ------------------------------------------------------------------


def peut_gerer_seances(user) -> bool:
    """Commissions, sessions, agendas and session sheets are the secretariat's work."""
    return est_secretariat(user)


def peut_administrer_types_preconisation(user) -> bool:
    """The reference list of recommendation types belongs to the département's administrator."""
    from partenaires.permissions import peut_administrer

    return peut_administrer(user)


def seances_visibles_par(user):
    """Secretariat: the sessions of its départements. Member: the sessions its organisation is
    invited to, once their agenda is published. Anybody else: none."""
    from partenaires.permissions import est_membre

    from .models import Seance

    if est_secretariat(user):
        return Seance.objects.des_departements(departements_du_secretariat(user))
    if est_membre(user):
        return Seance.objects.invitant(user.organisation).filter(version_publiee__gt=0)
    return Seance.objects.none()


def peut_voir_seance(user, seance) -> bool:
    """Whoever may see the session in the list above."""
    return seances_visibles_par(user).filter(pk=seance.pk).exists()


def peut_telecharger_ordre_du_jour(user, seance, version: str) -> bool:
    """The complete agenda is for the secretariat only; members get the minimised one."""
    if version == "complet":
        return est_secretariat(user) and seance.commission.departement_id in (
            departements_du_secretariat(user)
        )
    return peut_voir_seance(user, seance)


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
