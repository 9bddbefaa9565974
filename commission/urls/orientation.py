"""Orientation of the reports among the commission's members (décret n° 2026-83)."""

from django.urls import path

from commission.views import orientation

urlpatterns = [
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
    path(
        "partenaire/signalements/<int:pk>/prendre-en-charge/",
        orientation.prendre_en_charge,
        name="prendre_en_charge",
    ),
]
