from django.urls import path

from commission.views import courriers

urlpatterns = [
    path("seances/<int:pk>/cloturer/", courriers.cloturer_seance, name="cloturer_seance"),
    path("courriers/a-poster/", courriers.courriers_a_poster, name="courriers_a_poster"),
    path("courriers/<int:pk>/", courriers.telecharger_courrier, name="telecharger_courrier"),
    path("courriers/<int:pk>/envoye/", courriers.marquer_envoye, name="marquer_envoye"),
    path("courriers/<int:pk>/regenerer/", courriers.regenerer_courrier, name="regenerer_courrier"),
    path("modeles-courrier/", courriers.modeles_courrier, name="modeles_courrier"),
    path("modeles-courrier/nouveau/", courriers.modele_courrier, name="nouveau_modele_courrier"),
    path("modeles-courrier/<int:pk>/", courriers.modele_courrier, name="modele_courrier"),
    path("modeles-courrier/apercu/", courriers.apercu_modele, name="apercu_modele"),
]
