from django.urls import reverse

from .navigation import NAVIGATION_PAR_ROLE


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    items = [
        {"label": label, "url": reverse(name)}
        for label, name in NAVIGATION_PAR_ROLE.get(user.role, [])
    ]
    # The current entry is the longest URL that prefixes the path.
    courant = max(
        (item for item in items if request.path.startswith(item["url"])),
        key=lambda item: len(item["url"]),
        default=None,
    )
    for item in items:
        item["courant"] = item is courant
    return {"navigation": items}
