from django.conf import settings
from django.urls import reverse

from .navigation import NAVIGATION_PAR_ROLE


def _entree(label: str, name: str, autres: tuple[str, ...] = ()) -> dict:
    url = reverse(name)
    return {"label": label, "url": url, "prefixes": (url, *autres)}


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        # The sign-in page offers ProConnect once it is configured.
        return {"navigation": [], "proconnect_actif": bool(settings.PROCONNECT_DISCOVERY_URL)}
    items = [_entree(*entree) for entree in NAVIGATION_PAR_ROLE.get(user.role, [])]
    # The current entry is the one with the longest prefix of the path.
    _, courant = max(
        (
            (len(prefixe), item)
            for item in items
            for prefixe in item["prefixes"]
            if request.path.startswith(prefixe)
        ),
        key=lambda paire: paire[0],
        default=(0, None),
    )
    for item in items:
        item["courant"] = item is courant
    return {"navigation": items}
