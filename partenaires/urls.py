from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import views, views_admin
from .proconnect import ProConnectConnexionView, ProConnectRetourView

app_name = "partenaires"

urlpatterns = [
    path("compte/", views.compte, name="compte"),
    path("administration/", views.administration, name="administration"),
    path("administration/organisations/", views.organisations, name="organisations"),
    path("administration/utilisateurs/", views.utilisateurs, name="utilisateurs"),
    path(
        "administration/organisations/nouvelle/",
        views_admin.organisation_form,
        name="nouvelle_organisation",
    ),
    path("administration/organisations/<int:pk>/", views_admin.organisation, name="organisation"),
    path(
        "administration/organisations/<int:pk>/modifier/",
        views_admin.organisation_form,
        name="modifier_organisation",
    ),
    path(
        "administration/organisations/<int:pk>/jeton-api/",
        views_admin.jeton_api,
        name="jeton_api",
    ),
    path(
        "administration/cles-api/<int:pk>/revoquer/",
        views_admin.revoquer_cle_api,
        name="revoquer_cle_api",
    ),
    path("administration/inviter/", views_admin.inviter, name="inviter"),
    path(
        "administration/adhesions/<int:pk>/desactiver/",
        views_admin.desactiver_adhesion,
        name="desactiver_adhesion",
    ),
    path("invitation/<str:jeton>/", views_admin.invitation, name="invitation"),
    path(
        "administration/utilisateurs/<int:pk>/lien-second-facteur/",
        views_admin.lien_second_facteur,
        name="envoyer_lien_second_facteur",
    ),
    path(
        "securite/lien/",
        views.demander_lien_second_facteur,
        name="demander_lien_second_facteur",
    ),
    path(
        "securite/enrolement/",
        views.enrolement_second_facteur,
        name="enrolement_second_facteur",
    ),
    path(
        "securite/enrolement/<str:jeton>/",
        views.lien_second_facteur,
        name="lien_second_facteur",
    ),
    path(
        "proconnect/connexion/",
        login_not_required(ProConnectConnexionView.as_view()),
        name="proconnect_connexion",
    ),
    path(
        "proconnect/retour/",
        login_not_required(ProConnectRetourView.as_view()),
        name="proconnect_retour",
    ),
]
