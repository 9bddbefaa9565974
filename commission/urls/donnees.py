from django.urls import path

from commission.views import donnees

urlpatterns = [
    path(
        "menages/<str:numero>/donnees.<str:format>",
        donnees.export_donnees,
        name="export_donnees",
    ),
    path("archives/<str:numero>/", donnees.dossier_archive, name="dossier_archive"),
]
