from collections import defaultdict
from functools import cache
from operator import attrgetter

from django.db.models import Prefetch
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from ccapex.api import permission_depuis
from ccapex.pagination import PaginationPlafonnee
from dossiers.consultations import journaliser_consultation
from dossiers.filters import MenageFilterSet
from dossiers.models import MembreMenage, Menage
from dossiers.permissions import peut_gerer_dossiers
from partenaires.permissions import departements_du_secretariat
from procedure.models import Procedure

EstSecretariat = permission_depuis(
    peut_gerer_dossiers, "Les dossiers des ménages sont réservés au secrétariat."
)


CHAMPS_MEMBRE = ["menage_id", "nom", "prenom", "date_naissance", "lien"]


class MembreSerializer(serializers.ModelSerializer):
    class Meta:
        model = MembreMenage
        fields = CHAMPS_MEMBRE[1:]


class MenageSerializer(serializers.ModelSerializer):
    commune = serializers.CharField(source="commune.code_insee")
    stade = serializers.CharField(read_only=True)
    prochaine_echeance = serializers.DateField(read_only=True)
    prochaine_echeance_libelle = serializers.CharField(read_only=True)
    dette = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)
    membres = MembreSerializer(many=True, read_only=True)
    procedures = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Menage
        fields = [
            "numero",
            "statut",
            "adresse",
            "complement_adresse",
            "commune",
            "membres",
            "vulnerabilites",
            "dls_statut",
            "dalo_prioritaire",
            "stade",
            "prochaine_echeance",
            "prochaine_echeance_libelle",
            "dette",
            "procedures",
            "cree_le",
            "modifie_le",
        ]


def lignes_de_la_liste(menages) -> list[dict]:
    """The list's rows exactly as `MenageSerializer(many=True)` gives them (same keys, same
    field conversions), without its per-row machinery: members and procedure ids are read
    as plain tuples in two queries instead of prefetched model instances behind a related
    manager, and each value goes straight to its field's `to_representation`. Half of the
    API page's Python time was that machinery (tests/dossiers/test_api_menages_rapide.py)."""
    ids = [menage.pk for menage in menages]
    champs_membre = _champs(MembreSerializer)
    membres = defaultdict(list)
    for menage_id, *valeurs in MembreMenage.objects.filter(menage_id__in=ids).values_list(
        *CHAMPS_MEMBRE
    ):
        membres[menage_id].append(_convertir(champs_membre, CHAMPS_MEMBRE[1:], valeurs))
    procedures = defaultdict(list)
    # The procedures' own order (Meta.ordering), as the prefetch gives them.
    for menage_id, pk in Procedure.objects.filter(menages__in=ids).values_list("menages", "pk"):
        procedures[menage_id].append(pk)

    champs = _champs(MenageSerializer)
    simples = [nom for nom in champs if nom not in ("membres", "procedures")]
    lire = attrgetter(*(champs[nom].source for nom in simples))
    lignes = []
    for menage in menages:
        ligne = _convertir(champs, simples, lire(menage))
        ligne["membres"] = membres.get(menage.pk, [])
        ligne["procedures"] = procedures.get(menage.pk, [])
        lignes.append({nom: ligne[nom] for nom in champs})  # the serializer's key order
    return lignes


@cache
def _champs(serialiseur):
    # Built once per process (0.6 ms a request): the fields keep no state between rows.
    return serialiseur().fields


def _convertir(champs, noms, valeurs) -> dict:
    # As Serializer.to_representation: None stays None, anything else goes through the field.
    return {
        nom: None if valeur is None else champs[nom].to_representation(valeur)
        for nom, valeur in zip(noms, valeurs, strict=True)
    }


class FiltreDepartement(DjangoFilterBackend):
    """The household FilterSet takes the user's départements (territory choices), and is
    kept on the view: the list's line in the access log records the filters it applied."""

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        kwargs["departement_ids"] = departements_du_secretariat(request.user)
        return kwargs

    def get_filterset(self, request, queryset, view):
        view.filtres = super().get_filterset(request, queryset, view)
        return view.filtres


@extend_schema_view(
    list=extend_schema(summary="Ménages du département, avec les filtres de la liste"),
    retrieve=extend_schema(summary="Un ménage, par son numéro de dossier"),
)
class MenageViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = MenageSerializer
    permission_classes = [EstSecretariat]
    filter_backends = [FiltreDepartement]
    filterset_class = MenageFilterSet
    pagination_class = PaginationPlafonnee
    lookup_field = "numero"

    def retrieve(self, request, *args, **kwargs):
        menage = self.get_object()
        journaliser_consultation(request, objet="dossier_api", objet_id=menage.pk, menage=menage)
        return super().retrieve(request, *args, **kwargs)

    def list(self, request, *args, **kwargs):
        # Always paginated (PaginationPlafonnee has a page size): rows built in bulk.
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        reponse = self.get_paginated_response(lignes_de_la_liste(page))
        # Names and addresses in bulk: one line in the access log per page read, with the
        # page number the paginator read (never the raw parameter) and, as the CSV export,
        # the filters applied.
        journaliser_consultation(
            request,
            objet="liste_api",
            objet_id=self.paginator.page.number,
            filtres=self.filtres,
        )
        return reponse

    def get_queryset(self):
        menages = (
            Menage.objects.visibles_par(self.request.user)
            .actifs()
            .avec_resume()
            .order_by("prochaine_echeance", "-cree_le")
        )
        if self.action == "list":
            return menages  # members and procedures: lignes_de_la_liste
        # Only what the serializer shows: the members' four fields, the procedures' ids.
        return menages.prefetch_related(
            Prefetch("membres", queryset=MembreMenage.objects.only(*CHAMPS_MEMBRE)),
            Prefetch("procedures", queryset=Procedure.objects.only("id")),
        )


routes = [("dossiers", MenageViewSet, "api-dossiers")]
