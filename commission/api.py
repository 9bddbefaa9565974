"""REST API of the commission: the decisions, read by the paying bodies' and members' systems.

`GET /api/v1/decisions/` lists what the caller may see (its organisation's notified
decisions; the secretariat's département for the secretariat), filtered by date;
`POST /api/v1/decisions/{id}/execution/` acknowledges that the addressee carried it out.
"""

import django_filters
from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as ErreurApi
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from commission.models import Decision
from commission.permissions import decisions_visibles_par, peut_accuser_execution
from commission.services import orientation


class DecisionSerializer(serializers.ModelSerializer):
    dossier = serializers.CharField(source="numero_dossier", read_only=True)
    type = serializers.CharField(source="type.code", read_only=True)
    type_libelle = serializers.CharField(source="type.libelle", read_only=True)
    nature = serializers.CharField(source="type.nature", read_only=True)
    destinataire = serializers.CharField(source="destinataire_organisation.nom", read_only=True)
    seance = serializers.DateTimeField(source="seance.date", read_only=True, allow_null=True)
    remplace = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Decision
        fields = [
            "id",
            "dossier",
            "type",
            "type_libelle",
            "nature",
            "statut",
            "seance",
            "procedure_ecrite",
            "base_legale",
            "motifs",
            "destinataire",
            "date_effet",
            "date_fin",
            "prise_le",
            "notifiee_le",
            "executee_le",
            "remplace",
        ]


class DecisionFilterSet(django_filters.FilterSet):
    notifiee_depuis = django_filters.DateFilter(
        field_name="notifiee_le", lookup_expr="date__gte", label="notifiée depuis (AAAA-MM-JJ)"
    )
    notifiee_jusqu_au = django_filters.DateFilter(
        field_name="notifiee_le", lookup_expr="date__lte", label="notifiée jusqu’au (AAAA-MM-JJ)"
    )
    statut = django_filters.ChoiceFilter(choices=Decision._meta.get_field("statut").choices)

    class Meta:
        model = Decision
        fields = ["notifiee_depuis", "notifiee_jusqu_au", "statut"]


@extend_schema_view(
    list=extend_schema(summary="Décisions adressées à votre organisme (ou du département)"),
    retrieve=extend_schema(
        summary="Une décision",
        responses={200: DecisionSerializer, 404: OpenApiResponse(description="Hors de portée")},
    ),
)
class DecisionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = DecisionSerializer
    permission_classes = [IsAuthenticated]
    filterset_class = DecisionFilterSet

    def get_queryset(self):
        return (
            decisions_visibles_par(self.request.user)
            .select_related("menage", "saisine", "type", "destinataire_organisation", "seance")
            .order_by("-notifiee_le", "-pk")
        )

    @extend_schema(
        summary="Accuser l’exécution d’une décision",
        request=None,
        responses={
            200: DecisionSerializer,
            404: OpenApiResponse(description="Décision hors de portée"),
            400: OpenApiResponse(description="Transition impossible"),
        },
    )
    @action(detail=True, methods=["post"])
    def execution(self, request, pk=None):
        decision = self.get_object()
        if not peut_accuser_execution(request.user, decision):
            raise NotFound("Seul le destinataire accuse l’exécution d’une décision.")
        try:
            orientation.accuser_reception(decision, par=request.user)
        except ValidationError as erreur:
            raise ErreurApi({"detail": erreur.messages}) from erreur
        decision.refresh_from_db()
        return Response(self.get_serializer(decision).data, status=status.HTTP_200_OK)


routes = [("decisions", DecisionViewSet, "api-decisions")]
