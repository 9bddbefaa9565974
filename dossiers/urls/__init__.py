"""URLs of the dossiers app: one module per concept, joined here under the `dossiers:` namespace."""

from . import accueil, documents, imports, menages, saisines, traitements

app_name = "dossiers"

urlpatterns = [
    *accueil.urlpatterns,
    *traitements.urlpatterns,
    *documents.urlpatterns,
    *menages.urlpatterns,
    *saisines.urlpatterns,
    *imports.urlpatterns,
]
