"""URLs of the dossiers app: one module per concept, joined here under the `dossiers:` namespace."""

from . import accueil, traitements

app_name = "dossiers"

urlpatterns = [
    *accueil.urlpatterns,
    *traitements.urlpatterns,
]
