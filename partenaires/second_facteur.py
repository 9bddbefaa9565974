"""Second factor: enrolment by a one-time e-mailed link, and the session's sign-in facts.

A never-used account must not get an authenticator app from its password alone: whoever
stole the password would enrol their own phone (issue 13, item 3). The app is enrolled only
through a link sent to the account's address, by an administrator, on invitation, or on the
user's own request (the link goes to the mailbox, never to whoever asked). TOTP itself is
django-otp's: `TOTPDevice`, its throttled `verify_token`, `otp_login`, `is_verified`.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from ccapex.courriels import envoyer_apres_commit

from .enums import ROLES_SECOND_FACTEUR
from .models import LienSecondFacteur, Utilisateur

# Session keys written at sign-in (see `noter_connexion`).
SESSION_CONNEXION_LE = "connexion_le"
SESSION_APPAREIL = "second_facteur_enrole"
SESSION_MFA_PROCONNECT = "second_facteur_proconnect"
# The link's secret, once opened, while the person signs in and scans the QR code.
SESSION_LIEN = "lien_second_facteur"

# A user may ask for a new link at most this often (each one is an e-mail).
DELAI_ENTRE_DEUX_LIENS = timedelta(minutes=5)


def a_un_appareil(utilisateur) -> bool:
    return TOTPDevice.objects.filter(user=utilisateur, confirmed=True).exists()


def requis_pour(utilisateur) -> bool:
    """The role the user acts under reads named data: the second factor is required."""
    return bool(settings.OTP_OBLIGATOIRE and utilisateur.role in ROLES_SECOND_FACTEUR)


def noter_connexion(request, utilisateur) -> None:
    """At sign-in (user_logged_in): when it started (absolute timeout) and whether the
    account has an app (then a code is asked whatever the role: offered means used)."""
    request.session[SESSION_CONNEXION_LE] = timezone.now().timestamp()
    request.session[SESSION_APPAREIL] = a_un_appareil(utilisateur)
    if not getattr(utilisateur, "backend", "").endswith("ProConnectBackend"):
        # Only the ProConnect sign-in that just happened may vouch for a second factor.
        request.session.pop(SESSION_MFA_PROCONNECT, None)


def session_trop_ancienne(request) -> bool:
    debut = request.session.get(SESSION_CONNEXION_LE)
    if debut is None:
        # Sessions opened before this rule start counting now.
        request.session[SESSION_CONNEXION_LE] = timezone.now().timestamp()
        return False
    return timezone.now().timestamp() - debut > settings.SESSION_DUREE_MAXIMALE.total_seconds()


def doit_verifier(request) -> bool:
    """A code (or a ProConnect sign-in with a second factor) is still due in this session."""
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return False
    if request.session.get(SESSION_MFA_PROCONNECT):
        return False
    return requis_pour(user) or bool(request.session.get(SESSION_APPAREIL))


@transaction.atomic
def envoyer_lien(*, utilisateur: Utilisateur, par) -> str:
    """E-mail a one-time enrolment link to the account's own address; returns its secret.

    Earlier unused links stop working: only the last one sent counts.
    """
    maintenant = timezone.now()
    LienSecondFacteur.objects.valides().filter(utilisateur=utilisateur).update(expire_le=maintenant)
    jeton = secrets.token_urlsafe(32)
    lien = LienSecondFacteur.objects.create(
        utilisateur=utilisateur,
        empreinte=LienSecondFacteur.empreinte_de(jeton),
        cree_par=par,
        expire_le=maintenant + settings.LIEN_SECOND_FACTEUR_DUREE,
    )
    url = settings.SITE_URL + reverse("partenaires:lien_second_facteur", args=[jeton])
    envoyer_apres_commit(
        "Activer la double authentification sur l’application CCAPEX",
        "emails/lien_second_facteur.txt",
        {"utilisateur": utilisateur, "lien": url, "expire_le": lien.expire_le, "par": par},
        [utilisateur.email],
    )
    return jeton


def demander_lien(*, utilisateur: Utilisateur) -> bool:
    """The user asks for a link for themselves; False when one was sent a moment ago."""
    recent = LienSecondFacteur.objects.filter(
        utilisateur=utilisateur, cree_le__gt=timezone.now() - DELAI_ENTRE_DEUX_LIENS
    ).exists()
    if recent:
        return False
    envoyer_lien(utilisateur=utilisateur, par=utilisateur)
    return True


def lien_valide(jeton: str | None) -> LienSecondFacteur | None:
    if not jeton:
        return None
    return (
        LienSecondFacteur.objects.valides()
        .select_related("utilisateur")
        .filter(empreinte=LienSecondFacteur.empreinte_de(jeton))
        .first()
    )


def appareil_en_attente(utilisateur) -> TOTPDevice:
    """The unconfirmed device the QR code shows, kept across page loads."""
    appareil = TOTPDevice.objects.filter(user=utilisateur, confirmed=False).first()
    if appareil is None:
        appareil = TOTPDevice.objects.create(
            user=utilisateur, name="Application d’authentification", confirmed=False
        )
    return appareil


def enroler(*, lien: LienSecondFacteur, appareil: TOTPDevice, code: str) -> None:
    """Confirm the app with a code it shows and spend the link. The app replaces any earlier
    one (a lost phone). ValidationError, nothing changed, when the code or link is wrong."""
    # Checked outside the transaction: a wrong code must still count for django-otp's
    # throttling (a rollback would forget it).
    if appareil.user_id != lien.utilisateur_id or not appareil.verify_token(code):
        raise ValidationError("Ce code n’est pas valide ou a expiré : saisissez le code affiché.")
    with transaction.atomic():
        lien = LienSecondFacteur.objects.select_for_update().get(pk=lien.pk)
        if not lien.valide:
            raise ValidationError("Ce lien n’est plus valable : demandez-en un nouveau.")
        TOTPDevice.objects.filter(user_id=lien.utilisateur_id).exclude(pk=appareil.pk).delete()
        appareil.confirmed = True
        appareil.save(update_fields=["confirmed"])
        lien.utilise_le = timezone.now()
        lien.save(update_fields=["utilise_le"])
