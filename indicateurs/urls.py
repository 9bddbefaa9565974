from django.urls import path

from . import views

app_name = "indicateurs"

urlpatterns = [
    path("indicateurs/", views.accueil, name="accueil"),
]
