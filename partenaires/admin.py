from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import (
    Adhesion,
    Arrondissement,
    Commune,
    ConnexionProConnect,
    Departement,
    Epci,
    LienSecondFacteur,
    Organisation,
    Utilisateur,
)


class AdhesionInline(admin.TabularInline):
    model = Adhesion
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Utilisateur)
class UtilisateurAdmin(UserAdmin):
    ordering = ["email"]
    list_display = ["email", "prenom", "nom", "is_active", "is_staff"]
    search_fields = ["email", "prenom", "nom"]
    inlines = [AdhesionInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Identité", {"fields": ["prenom", "nom", "telephone"]}),
        ("Droits", {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    filter_horizontal: list = []
    list_filter = ["is_active", "is_staff"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["nom", "type", "departement", "siege_commission", "active"]
    list_filter = ["type", "departement", "siege_commission", "active"]
    search_fields = ["nom", "siret"]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["code_insee", "nom", "arrondissement", "epci"]
    search_fields = ["code_insee", "nom"]


@admin.register(ConnexionProConnect)
class ConnexionProConnectAdmin(admin.ModelAdmin):
    """Read-only record of ProConnect sign-ins and the assurance level asserted."""

    list_display = ["le", "utilisateur", "acr", "second_facteur"]
    list_filter = ["second_facteur", "acr"]
    search_fields = ["utilisateur__email", "sub"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(LienSecondFacteur)
class LienSecondFacteurAdmin(ConnexionProConnectAdmin):
    list_display = ["cree_le", "utilisateur", "cree_par", "expire_le", "utilise_le"]
    list_filter: list = []
    search_fields = ["utilisateur__email"]
    exclude = ["empreinte"]


admin.site.register([Departement, Arrondissement, Epci])
admin.site.site_header = "CCAPEX — administration technique"
