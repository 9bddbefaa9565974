from django.urls import path

from commission.views import accueil, membre

urlpatterns = [
    path("secretariat/", accueil.tableau_de_bord, name="tableau_de_bord"),
    path("secretariat/suivis/<int:pk>/fait/", accueil.suivi_fait, name="suivi_fait_accueil"),
    path(
        "secretariat/suivis/<int:pk>/relancer/",
        accueil.relancer_suivi,
        name="relancer_suivi_accueil",
    ),
    path("membre/", membre.espace_membre, name="espace_membre"),
    path("partenaire/", accueil.espace_partenaire, name="espace_partenaire"),
]
