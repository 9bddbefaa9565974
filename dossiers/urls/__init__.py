"""URLs of the dossiers app: one module per concept, joined here under the `dossiers:` namespace."""

from . import (
    accueil,
    courriers,
    documents,
    imports,
    menages,
    saisines,
    seances,
    suivis,
    traitements,
)

app_name = "dossiers"

urlpatterns = [
    *accueil.urlpatterns,
    *traitements.urlpatterns,
    *documents.urlpatterns,
    *menages.urlpatterns,
    *saisines.urlpatterns,
    *imports.urlpatterns,
    *seances.urlpatterns,
    *courriers.urlpatterns,
    *suivis.urlpatterns,
]
