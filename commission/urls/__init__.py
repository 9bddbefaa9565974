"""URLs of the commission app: one module per concept, joined here under `commission:`."""

from commission.urls import accueil, courriers, decisions, donnees, orientation, seances, suivis

app_name = "commission"

urlpatterns = [
    *accueil.urlpatterns,
    *seances.urlpatterns,
    *courriers.urlpatterns,
    *suivis.urlpatterns,
    *decisions.urlpatterns,
    *orientation.urlpatterns,
    *donnees.urlpatterns,
]
