"""Who may see and change the commission's work. Views and the API share these."""

from commission.models import Decision, Seance
from partenaires.permissions import (
    departements_du_secretariat,
    est_membre,
    est_partenaire,
    est_secretariat,
    peut_administrer,
)


def peut_gerer_seances(user) -> bool:
    """Commissions, sessions, agendas and session sheets are the secretariat's work."""
    return est_secretariat(user)


def peut_administrer_types_preconisation(user) -> bool:
    """The reference list of recommendation types belongs to the département's administrator."""
    return peut_administrer(user)


def seances_visibles_par(user):
    """Secretariat: the sessions of its départements. Member: the sessions its organisation is
    invited to, once their agenda is published. Anybody else: none."""
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


def peut_cloturer_seance(user, seance) -> bool:
    """Closing a session (and writing its letters): the secretariat of its département."""
    return seance.commission.departement_id in departements_du_secretariat(user)


def peut_telecharger_courrier(user, courrier) -> bool:
    """A letter: the secretariat of the dossier's département, or the addressed partner;
    nobody once the file is in the intermediate archive (read through `archives` only)."""
    if courrier.menage.archive_le is not None:
        return False
    if courrier.menage.departement_id in departements_du_secretariat(user):
        return True
    # A decision is notified to its addressee, whether it refers (partner) or sits (member).
    role_admis = est_partenaire(user) or (est_membre(user) and courrier.decision_id is not None)
    return (
        role_admis
        and courrier.destinataire_organisation_id is not None
        and courrier.destinataire_organisation_id == user.organisation.pk
    )


def peut_administrer_types_decision(user) -> bool:
    """The département's own decision kinds (beside the national ones) belong to its
    administrator."""
    return peut_administrer(user)


def peut_gerer_decisions(user) -> bool:
    """Recording, notifying, replacing and lifting decisions: the secretariat."""
    return est_secretariat(user)


def decisions_visibles_par(user):
    """Secretariat: the decisions of its départements' households. A member or a partner:
    the decisions notified to its own organisation, nothing else (404 for the rest)."""
    if est_secretariat(user):
        return Decision.objects.des_departements(departements_du_secretariat(user))
    if est_membre(user) or est_partenaire(user):
        return Decision.objects.adressees_a(user.organisation)
    return Decision.objects.none()


def peut_accuser_execution(user, decision) -> bool:
    """Only the addressee acknowledges that it carried a decision out."""
    return (
        (est_membre(user) or est_partenaire(user))
        and decision.destinataire_organisation_id == user.organisation.pk
        and decision.notifiee_le is not None
    )
