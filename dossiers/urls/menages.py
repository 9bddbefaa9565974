from django.urls import path

from dossiers.views import consultations, menages, procedures

urlpatterns = [
    path("menages/", menages.liste, name="liste"),
    path("menages/export.csv", menages.export_csv, name="export_csv"),
    path("menages/nouveau/", menages.creer, name="creer"),
    path("menages/<str:numero>/", menages.menage, name="menage"),
    path("menages/<str:numero>/modifier/", menages.modifier, name="modifier"),
    path("menages/<str:numero>/doublons/", menages.doublons, name="doublons"),
    path("menages/<str:numero>/notes/", menages.ecrire_note, name="ecrire_note"),
    path("menages/<str:numero>/fusionner/<str:doublon>/", menages.fusionner, name="fusionner"),
    path(
        "menages/<str:numero>/procedures/nouvelle/",
        procedures.nouvelle_procedure,
        name="nouvelle_procedure",
    ),
    path(
        "menages/<str:numero>/procedures/<int:pk>/modifier/",
        procedures.modifier_procedure,
        name="modifier_procedure",
    ),
    path(
        "menages/<str:numero>/procedures/<int:pk>/formulaire-acte/",
        procedures.formulaire_acte,
        name="formulaire_acte",
    ),
    path(
        "menages/<str:numero>/procedures/<int:pk>/actes/",
        procedures.ajouter_acte,
        name="ajouter_acte",
    ),
    path(
        "menages/<str:numero>/procedures/<int:pk>/dettes/",
        procedures.ajouter_dette,
        name="ajouter_dette",
    ),
    path("menages/<str:numero>/actes/<int:pk>/", procedures.corriger_acte, name="corriger_acte"),
    path(
        "menages/<str:numero>/actes/<int:pk>/supprimer/",
        procedures.supprimer_acte,
        name="supprimer_acte",
    ),
    path(
        "administration/consultations/",
        consultations.export_consultations,
        name="export_consultations",
    ),
]
