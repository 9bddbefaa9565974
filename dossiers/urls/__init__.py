"""URLs of the dossiers app: one module per concept, joined here under the `dossiers:` namespace."""

from . import accueil, documents, menages, saisines, seances, traitements

app_name = "dossiers"

urlpatterns = [
    *accueil.urlpatterns,
    *traitements.urlpatterns,
    *documents.urlpatterns,
    *menages.urlpatterns,
    *saisines.urlpatterns,
    *seances.urlpatterns,
]
