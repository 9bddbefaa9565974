"""URLs of the dossiers app: one module per concept, joined here under the `dossiers:` namespace."""

from . import (  # issue 5: letters and follow-up
    accueil,
    courriers,
    documents,
    menages,
    saisines,
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
    *courriers.urlpatterns,
    *suivis.urlpatterns,
]
