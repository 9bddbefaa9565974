from django.contrib import admin

from .models import DonneeDeclaree, ObjectifCharte


@admin.register(ObjectifCharte)
class ObjectifCharteAdmin(admin.ModelAdmin):
    list_display = ["departement", "indicateur", "annee_cible", "valeur_depart", "cible"]
    list_filter = ["departement"]


@admin.register(DonneeDeclaree)
class DonneeDeclareeAdmin(admin.ModelAdmin):
    list_display = ["indicateur", "annee", "territoire", "valeur", "source_organisation"]
    list_filter = ["annee", "indicateur"]
