from django.urls import path

from . import views, views_declarations

app_name = "indicateurs"

urlpatterns = [
    path("indicateurs/", views.accueil, name="accueil"),
    path(
        "indicateurs/tableaux/<slug:cle>.<str:format>",
        views.export_tableau,
        name="export_tableau",
    ),
    path("indicateurs/donnees.<str:format>", views.export_donnees, name="export_donnees"),
    path("indicateurs/bilan/", views.generer_bilan, name="generer_bilan"),
    path("indicateurs/declarations/", views_declarations.declarations, name="declarations"),
    path(
        "indicateurs/declarations/import/",
        views_declarations.importer_declarations,
        name="importer_declarations",
    ),
    path("indicateurs/objectifs/", views_declarations.objectifs, name="objectifs"),
]
