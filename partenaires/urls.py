from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import views, views_admin
from . import views_annuaire as annuaire
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
    # Directory of referents and schemes.
    path("annuaire/", annuaire.annuaire, name="annuaire"),
    path("annuaire/mon-organisation/", annuaire.mon_organisation, name="annuaire_mon_organisation"),
    path("annuaire/organisations/<int:pk>/", annuaire.organisation, name="annuaire_organisation"),
    path(
        "annuaire/organisations/<int:pk>/confirmer/",
        annuaire.confirmer,
        name="annuaire_confirmer",
    ),
    path(
        "annuaire/organisations/<int:organisation_pk>/referents/nouveau/",
        annuaire.referent_form,
        name="annuaire_nouveau_referent",
    ),
    path(
        "annuaire/referents/<int:pk>/modifier/",
        annuaire.referent_form,
        name="annuaire_modifier_referent",
    ),
    path(
        "annuaire/referents/<int:pk>/supprimer/",
        annuaire.supprimer_referent,
        name="annuaire_supprimer_referent",
    ),
    path(
        "annuaire/organisations/<int:organisation_pk>/dispositifs/nouveau/",
        annuaire.dispositif_form,
        name="annuaire_nouveau_dispositif",
    ),
    path(
        "annuaire/dispositifs/<int:pk>/modifier/",
        annuaire.dispositif_form,
        name="annuaire_modifier_dispositif",
    ),
    path(
        "annuaire/dispositifs/<int:pk>/supprimer/",
        annuaire.supprimer_dispositif,
        name="annuaire_supprimer_dispositif",
    ),
    path("annuaire/types/", annuaire.types_dispositif, name="annuaire_types"),
    path("annuaire/types/nouveau/", annuaire.type_dispositif_form, name="annuaire_nouveau_type"),
    path(
        "annuaire/types/<int:pk>/modifier/",
        annuaire.type_dispositif_form,
        name="annuaire_modifier_type",
    ),
    path(
        "annuaire/types/par-defaut/",
        annuaire.types_dispositif_par_defaut,
        name="annuaire_types_par_defaut",
    ),
    path("annuaire/campagnes/", annuaire.campagnes, name="annuaire_campagnes"),
    path("annuaire/campagnes/lancer/", annuaire.lancer_campagne, name="annuaire_lancer_campagne"),
    path("annuaire/campagnes/<int:pk>/", annuaire.campagne, name="annuaire_campagne"),
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
