"""The one spelling of an e-mail address used wherever addresses are compared.

Sign-in, the lockout counter, password reset and invitations all go through
`normaliser_email`: otherwise « Alice@X.fr » and « alice@x.fr » count as two people and the
lockout after repeated failures is dodged by changing the case.
"""


def normaliser_email(adresse: str | None) -> str:
    """Strip surrounding whitespace and casefold (addresses are case-insensitive in practice)."""
    return (adresse or "").strip().casefold()


def identifiant_axes(request, credentials: dict | None = None) -> str:
    """AXES_USERNAME_CALLABLE: failures are counted per normalised address."""
    if credentials:
        adresse = credentials.get("username")
    else:
        adresse = getattr(request, "POST", {}).get("username")
    return normaliser_email(adresse)
