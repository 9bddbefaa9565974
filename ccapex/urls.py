from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from partenaires import views as partenaires_views
from partenaires.forms import ConnexionForm, MotDePasseOublieForm, NouveauMotDePasseForm

from .health import healthz
from .views import page_statique

auth_patterns = [
    path(
        "connexion/",
        auth_views.LoginView.as_view(
            authentication_form=ConnexionForm, redirect_authenticated_user=True
        ),
        name="connexion",
    ),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="deconnexion"),
    path(
        "mot-de-passe/oublie/",
        auth_views.PasswordResetView.as_view(
            form_class=MotDePasseOublieForm,
            email_template_name="emails/mot_de_passe.txt",
            subject_template_name="emails/mot_de_passe_sujet.txt",
        ),
        name="password_reset",
    ),
    path(
        "mot-de-passe/envoye/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=NouveauMotDePasseForm),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/modifie/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("securite/second-facteur/", partenaires_views.second_facteur, name="second_facteur"),
]

legal_patterns = [
    path(
        f"{slug}/", page_statique, {"template": slug.replace("-", "_")}, name=slug.replace("-", "_")
    )
    for slug in ("accessibilite", "mentions-legales", "donnees-personnelles")
]

api_patterns = [
    path("api/v1/", include("ccapex.api_urls")),
    # DRF checks the token or session itself (SPECTACULAR_SETTINGS["SERVE_PERMISSIONS"]).
    path("api/schema/", login_not_required(SpectacularAPIView.as_view()), name="api_schema"),
    path(
        "api/docs/",
        login_not_required(SpectacularSwaggerSplitView.as_view(url_name="api_schema")),
        name="api_docs",
    ),
]

urlpatterns = [
    path("", partenaires_views.accueil, name="accueil"),
    path("healthz", login_not_required(healthz), name="healthz"),
    *auth_patterns,
    *legal_patterns,
    path("", include("partenaires.urls")),
    path("", include("procedure.urls")),
    path("", include("ccapex.urls_traitements")),
    path("", include("dossiers.urls")),
    path("", include("commission.urls")),
    path("", include("indicateurs.urls")),
    *api_patterns,
    path("admin/", admin.site.urls),
]

handler400 = "ccapex.views.requete_invalide"
handler500 = "ccapex.views.erreur_serveur"
handler404 = "ccapex.views.introuvable"
