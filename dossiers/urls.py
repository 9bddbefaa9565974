"""URLs of the dossiers app, one module per concept (see `urlpatterns` below)."""

from django.urls import path

from .views import accueil, traitements

app_name = "dossiers"

urlpatterns = [
    path("secretariat/", accueil.tableau_de_bord, name="tableau_de_bord"),
    path("membre/", accueil.espace_membre, name="espace_membre"),
    path("partenaire/", accueil.espace_partenaire, name="espace_partenaire"),
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
