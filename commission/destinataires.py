"""Who receives the commission's e-mails at a partner organisation.

Shared by the letters (`services/courriers.py`) and the follow-ups (`services/suivis.py`),
which both need it: living here, neither service module imports the other.
"""

from ccapex.courriels import adresses_utiles
from partenaires.enums import Role
from partenaires.models import Adhesion, Organisation


def adresses_de_l_organisation(organisation_ids, roles=(Role.PARTENAIRE,)) -> dict[int, list[str]]:
    """Users of each organisation acting under one of `roles`, and its shared mailbox."""
    adresses: dict[int, set[str]] = {pk: set() for pk in organisation_ids}
    for organisation_id, email in (
        Adhesion.objects.actives()
        .filter(organisation_id__in=organisation_ids, role__in=roles, utilisateur__is_active=True)
        .values_list("organisation_id", "utilisateur__email")
    ):
        adresses[organisation_id].add(email)
    for pk, email in Organisation.objects.filter(pk__in=organisation_ids).values_list(
        "pk", "email_contact"
    ):
        adresses[pk].add(email)
    return {pk: adresses_utiles(valeurs) for pk, valeurs in adresses.items()}
