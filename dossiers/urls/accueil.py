from django.urls import path

from ..views import accueil

urlpatterns = [
    path("secretariat/", accueil.tableau_de_bord, name="tableau_de_bord"),
    path("membre/", accueil.espace_membre, name="espace_membre"),
    path("partenaire/", accueil.espace_partenaire, name="espace_partenaire"),
]
