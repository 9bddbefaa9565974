from django.urls import path

from ..views import accueil, membre, partenaire

urlpatterns = [
    path("secretariat/", accueil.tableau_de_bord, name="tableau_de_bord"),
    path("membre/", membre.espace_membre, name="espace_membre"),
    path("partenaire/", partenaire.espace_partenaire, name="espace_partenaire"),
]
