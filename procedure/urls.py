from django.urls import path

from . import views

app_name = "procedure"

urlpatterns = [
    path("regles-juridiques/", views.regles, name="regles"),
    path("regles-juridiques/nouvelle/", views.regle_form, name="nouvelle_regle"),
    path("regles-juridiques/<int:pk>/", views.regle, name="regle"),
    path("regles-juridiques/<int:pk>/modifier/", views.regle_form, name="modifier_regle"),
]
