from django.urls import path

from commission.views import suivis

urlpatterns = [
    path("suivis/", suivis.suivis, name="suivis"),
    path("suivis/<int:pk>/repondre/", suivis.repondre_suivi, name="repondre_suivi"),
    path("suivis/bilans/<int:pk>/", suivis.bilan, name="bilan"),
    path(
        "suivis/signalements/<int:pk>/lu/",
        suivis.marquer_signalement_lu,
        name="marquer_signalement_lu",
    ),
    path("partenaire/suivis/", suivis.suivis_partenaire, name="suivis_partenaire"),
    path(
        "partenaire/suivis/<int:pk>/",
        suivis.repondre_suivi_partenaire,
        name="repondre_suivi_partenaire",
    ),
    path(
        "partenaire/examens/<int:pk>/signaler/",
        suivis.signaler_changement,
        name="signaler_changement",
    ),
]
