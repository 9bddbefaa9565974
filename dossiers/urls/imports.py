from django.urls import path

from dossiers.views import imports, orientation

urlpatterns = [
    path("imports/", imports.imports, name="imports"),
    path("imports/<int:pk>/", imports.import_signalements, name="import_signalements"),
    path("imports/correspondances/", imports.correspondances, name="correspondances"),
    path(
        "imports/correspondances/nouvelle/",
        imports.nouvelle_correspondance,
        name="nouvelle_correspondance",
    ),
    path(
        "imports/correspondances/<int:pk>/supprimer/",
        imports.supprimer_correspondance,
        name="supprimer_correspondance",
    ),
    path("imports/<int:pk>/confirmer/", imports.confirmer_import, name="confirmer_import"),
    path("signalements/", orientation.signalements, name="signalements"),
    path("signalements/orienter/", orientation.orienter_selon_regle, name="orienter_selon_regle"),
    path("signalements/regles/", orientation.regles, name="regles_orientation"),
    path(
        "signalements/regles/<int:pk>/supprimer/",
        orientation.supprimer_regle,
        name="supprimer_regle_orientation",
    ),
    path("signalements/<int:pk>/orienter/", orientation.orienter_un, name="orienter_signalement"),
    path(
        "partenaire/signalements/",
        orientation.signalements_partenaire,
        name="signalements_partenaire",
    ),
]
