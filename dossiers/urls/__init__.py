"""URLs of the dossiers app: one module per concept, joined here under the `dossiers:` namespace."""

from dossiers.urls import conservation, documents, imports, menages, saisines

app_name = "dossiers"

urlpatterns = [
    *documents.urlpatterns,
    *menages.urlpatterns,
    *saisines.urlpatterns,
    *imports.urlpatterns,
    *conservation.urlpatterns,
]
