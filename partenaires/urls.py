from django.urls import path

from . import views

app_name = "partenaires"

urlpatterns = [
    path("compte/", views.compte, name="compte"),
    path("administration/", views.administration, name="administration"),
    path("administration/organisations/", views.organisations, name="organisations"),
    path("administration/utilisateurs/", views.utilisateurs, name="utilisateurs"),
]
