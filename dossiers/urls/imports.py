from django.urls import path

from dossiers.views import imports

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
]
