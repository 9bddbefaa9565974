from django.urls import path

from dossiers.views import partenaire, saisine_publique, triage

urlpatterns = [
    # Partner
    path("partenaire/saisines/nouvelle/", partenaire.formulaire_saisine, name="nouvelle_saisine"),
    path(
        "partenaire/saisines/<int:pk>/modifier/",
        partenaire.formulaire_saisine,
        name="modifier_saisine",
    ),
    path(
        "partenaire/saisines/nouvelle/<slug:etape>/",
        partenaire.etape_saisine,
        name="nouvelle_saisine_etape",
    ),
    path(
        "partenaire/saisines/<int:pk>/modifier/<slug:etape>/",
        partenaire.etape_saisine,
        name="modifier_saisine_etape",
    ),
    path("partenaire/saisines/<int:pk>/", partenaire.saisine_partenaire, name="saisine_partenaire"),
    # Secretariat
    path("saisines/", triage.file_de_tri, name="file_de_tri"),
    path("saisines/<int:pk>/", triage.saisine, name="saisine"),
    path("saisines/<int:pk>/complement/", triage.demander_complement, name="demander_complement"),
    path(
        "saisines/<int:pk>/irrecevable/", triage.declarer_irrecevable, name="declarer_irrecevable"
    ),
    path("saisines/<int:pk>/accepter/", triage.accepter, name="accepter_saisine"),
    # Public
    path(
        "saisir-la-ccapex/<str:code>/", saisine_publique.saisine_publique, name="saisine_publique"
    ),
    path(
        "saisir-la-ccapex/confirmer/<str:jeton>/",
        saisine_publique.confirmer_saisine,
        name="confirmer_saisine",
    ),
    path(
        "saisir-la-ccapex/<str:code>/<slug:etape>/",
        saisine_publique.etape_saisine_publique,
        name="saisine_publique_etape",
    ),
]
