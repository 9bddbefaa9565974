from django.urls import path

from commission.views import membre, seances

urlpatterns = [
    # Commissions and members
    path("commissions/", seances.commissions, name="commissions"),
    path("commissions/nouvelle/", seances.commission_form, name="nouvelle_commission"),
    path("commissions/<int:pk>/", seances.commission, name="commission"),
    path("commissions/<int:pk>/modifier/", seances.commission_form, name="modifier_commission"),
    path(
        "commissions/membres/<int:pk>/representants/",
        seances.representants_membre,
        name="representants_membre",
    ),
    path("commissions/membres/<int:pk>/retirer/", seances.retirer_membre, name="retirer_membre"),
    # Sessions
    path("seances/", seances.seances, name="seances"),
    path("seances/nouvelle/", seances.seance_form, name="nouvelle_seance"),
    path("seances/<int:pk>/", seances.seance, name="seance"),
    path("seances/<int:pk>/modifier/", seances.seance_form, name="modifier_seance"),
    path("seances/<int:pk>/participations/", seances.participations, name="participations"),
    # Agenda
    path("seances/<int:pk>/ordre-du-jour/", seances.ordre_du_jour, name="ordre_du_jour"),
    path("seances/<int:pk>/ordre-du-jour/inscrire/", seances.inscrire, name="inscrire"),
    path("menages/<str:numero>/inscrire/", seances.inscrire_menage, name="inscrire_menage"),
    path("seances/<int:pk>/ordre-du-jour/publier/", seances.publier, name="publier_ordre_du_jour"),
    path(
        "seances/<int:pk>/ordre-du-jour/<str:version>.pdf",
        seances.fichier_ordre_du_jour,
        name="fichier_ordre_du_jour",
    ),
    path("examens/<int:pk>/retirer/", seances.retirer_examen, name="retirer_examen"),
    path(
        "examens/<int:pk>/deplacer/<str:sens>/",
        seances.deplacer_examen,
        name="deplacer_examen",
    ),
    # Session sheet
    path("seances/<int:pk>/feuille/", seances.feuille_de_seance, name="feuille_de_seance"),
    path("examens/<int:pk>/enregistrer/", seances.enregistrer_examen, name="enregistrer_examen"),
    path(
        "examens/<int:pk>/preconisations/",
        seances.ajouter_preconisation,
        name="ajouter_preconisation",
    ),
    path(
        "preconisations/<int:pk>/supprimer/",
        seances.supprimer_preconisation,
        name="supprimer_preconisation",
    ),
    # Administrator: reference list of recommendation types
    path(
        "administration/types-de-preconisation/",
        seances.types_preconisation,
        name="types_preconisation",
    ),
    path(
        "administration/types-de-preconisation/nouveau/",
        seances.type_preconisation_form,
        name="nouveau_type_preconisation",
    ),
    path(
        "administration/types-de-preconisation/<int:pk>/",
        seances.type_preconisation_form,
        name="modifier_type_preconisation",
    ),
    path(
        "administration/types-de-preconisation/par-defaut/",
        seances.types_preconisation_par_defaut,
        name="types_preconisation_par_defaut",
    ),
    # Members
    path("membre/seances/<int:pk>/", membre.seance_membre, name="seance_membre"),
]
