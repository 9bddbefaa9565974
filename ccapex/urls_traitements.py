from django.urls import path

from ccapex.views import traitements

"""The pages of a background job, under the `ccapex:` namespace."""

app_name = "ccapex"

urlpatterns = [
    path("traitements/<int:pk>/", traitements.traitement, name="traitement"),
    path(
        "traitements/<int:pk>/relancer/",
        traitements.relancer_traitement,
        name="relancer_traitement",
    ),
    path(
        "traitements/<int:pk>/fichier/", traitements.fichier_traitement, name="fichier_traitement"
    ),
]
