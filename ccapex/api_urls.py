"""One router for /api/v1/: each app registers its viewsets in its `api.py`."""

from importlib import import_module

from rest_framework.routers import DefaultRouter

router = DefaultRouter()
for app in ("partenaires", "procedure", "dossiers", "commission", "indicateurs"):
    try:
        module = import_module(f"{app}.api")
    except ModuleNotFoundError as error:
        if error.name != f"{app}.api":
            raise
        continue
    for prefix, viewset, basename in module.routes:
        router.register(prefix, viewset, basename=basename)

# DRF authenticates API calls itself (token or session): the login middleware must let them in.
urlpatterns = router.urls
for pattern in urlpatterns:
    pattern.callback.login_required = False
