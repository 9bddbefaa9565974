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


class FiltreDepartement(DjangoFilterBackend):
    """The household FilterSet takes the user's départements (territory choices)."""

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        kwargs["departement_ids"] = departements_du_secretariat(request.user)
        return kwargs


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
        reponse = super().list(request, *args, **kwargs)
        # Names and addresses in bulk: one line in the access log per page read, with the
        # page number the paginator read (never the raw parameter).
        journaliser_consultation(request, objet="liste_api", objet_id=self.paginator.page.number)
        return reponse

    def get_queryset(self):
        return (
            Menage.objects.visibles_par(self.request.user)
            .actifs()
            .avec_resume()
            # Only what the serializer shows: the members' four fields, the procedures' ids.
            .prefetch_related(
                Prefetch("membres", queryset=MembreMenage.objects.only(*CHAMPS_MEMBRE)),
                Prefetch("procedures", queryset=Procedure.objects.only("id")),
            )
            .order_by("prochaine_echeance", "-cree_le")
        )


routes = [("dossiers", MenageViewSet, "api-dossiers")]
