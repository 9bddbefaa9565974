"""Organisations, invitations and API access, managed by the département's administrator."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from ccapex.courriels import envoyer_apres_commit

from .connexion import normaliser_email
from .enums import Role, erreur_de_role
from .models import Adhesion, CleApi, Invitation, Organisation, Utilisateur

DUREE_INVITATION = timedelta(days=7)


@transaction.atomic
def enregistrer_organisation(organisation: Organisation, *, par) -> Organisation:
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def inviter(*, email: str, organisation: Organisation, role: str, par) -> Invitation:
    """Send a sign-up link valid 7 days; a newer invitation replaces a pending one."""
    email = normaliser_email(email)
    erreur = erreur_de_role(
        role, type_organisation=organisation.type, siege_commission=organisation.siege_commission
    )
    if erreur:
        raise ValidationError(erreur)
    if Adhesion.objects.filter(
        utilisateur__email__iexact=email, organisation=organisation, role=role, active=True
    ).exists():
        raise ValidationError("Cette personne a déjà ce rôle dans cette organisation.")
    Invitation.objects.valides().filter(email=email, organisation=organisation).update(
        expire_le=timezone.now()
    )
    invitation = Invitation.objects.create(
        email=email,
        organisation=organisation,
        role=role,
        jeton=Invitation.empreinte_de(secret := secrets.token_urlsafe(32)),
        invite_par=par,
        expire_le=timezone.now() + DUREE_INVITATION,
    )
    lien = settings.SITE_URL + reverse("partenaires:invitation", args=[secret])
    contexte = {"invitation": invitation, "lien": lien, "par": par}
    envoyer_apres_commit(
        f"Invitation à rejoindre {organisation.nom} sur l’application CCAPEX",
        "emails/invitation.txt",
        contexte,
        [email],
    )
    return invitation


@transaction.atomic
def accepter_invitation(invitation: Invitation, *, prenom: str, nom: str, mot_de_passe: str | None):
    """Create the account (or reuse the one with this address) and its membership; without a
    password (ProConnect sign-in) the account has none usable."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.acceptee_le or invitation.expire_le <= timezone.now():
        raise ValidationError("Cette invitation n’est plus valable : demandez-en une nouvelle.")
    utilisateur = Utilisateur.objects.filter(
        email__iexact=normaliser_email(invitation.email)
    ).first()
    if utilisateur is None:
        utilisateur = Utilisateur.objects.create_user(
            email=invitation.email, password=mot_de_passe, prenom=prenom, nom=nom
        )
    Adhesion.objects.update_or_create(
        utilisateur=utilisateur,
        organisation=invitation.organisation,
        role=invitation.role,
        defaults={"active": True},
    )
    invitation.acceptee_le = timezone.now()
    invitation.save(update_fields=["acceptee_le"])
    return utilisateur


def desactiver_adhesion(adhesion: Adhesion, *, par) -> None:
    if adhesion.utilisateur_id == par.pk and adhesion.role == Role.ADMINISTRATEUR:
        raise ValidationError("Vous ne pouvez pas retirer votre propre rôle d’administrateur.")
    adhesion.active = False
    adhesion.save(update_fields=["active"])
    fermer_les_acces(adhesion.utilisateur, organisation=adhesion.organisation)


@transaction.atomic
def fermer_les_acces(utilisateur: Utilisateur, *, organisation=None) -> None:
    """End at once every session of the account and revoke its API keys (those of
    `organisation` only, when given): a removed membership or a disabled account must not
    keep working in an open browser or a script (ASVS 7.4.2)."""
    Utilisateur.objects.filter(pk=utilisateur.pk).update(
        generation_sessions=models.F("generation_sessions") + 1
    )
    cles = CleApi.objects.filter(utilisateur=utilisateur, revoquee_le__isnull=True)
    if organisation is not None:
        cles = cles.filter(organisation=organisation)
    cles.update(revoquee_le=timezone.now())


def email_technique(organisation: Organisation) -> str:
    return f"api-{organisation.pk}@api.ccapex.invalid"


DUREES_CLE_API = [30, 90, 180, 365]  # days


def creer_cle_api(
    *, utilisateur: Utilisateur, organisation: Organisation, nom: str, duree: int = 90, par
) -> str:
    """A new named key for `utilisateur`, valid `duree` days; returns the key, which is
    stored only as its SHA-256 (the caller shows it once)."""
    cle = secrets.token_urlsafe(32)
    CleApi.objects.create(
        organisation=organisation,
        utilisateur=utilisateur,
        nom=nom,
        prefixe=cle[:8],
        empreinte=CleApi.empreinte_de(cle),
        cree_par=par,
        expire_le=timezone.now() + timedelta(days=duree),
    )
    return cle


@transaction.atomic
def nouveau_jeton_api(organisation: Organisation, *, par, nom: str = "Clé d’API", duree=90) -> str:
    """The organisation's software signs in as a technical partner user, with as many named
    keys as it needs (one per software, rotated before expiry). The key is shown once."""
    utilisateur, cree = Utilisateur.objects.get_or_create(
        email=email_technique(organisation),
        defaults={"nom": f"API {organisation.nom}"[:100], "is_active": True},
    )
    if cree:
        utilisateur.set_unusable_password()
        utilisateur.save(update_fields=["password"])
    Adhesion.objects.get_or_create(
        utilisateur=utilisateur, organisation=organisation, role=Role.PARTENAIRE
    )
    return creer_cle_api(
        utilisateur=utilisateur, organisation=organisation, nom=nom, duree=duree, par=par
    )


def revoquer_cle_api(cle: CleApi, *, par) -> None:
    """The key stops working at once; the row stays, for the record of who had access."""
    if cle.revoquee_le is None:
        cle.revoquee_le = timezone.now()
        cle.save(update_fields=["revoquee_le"])
