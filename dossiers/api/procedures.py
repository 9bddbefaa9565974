from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from ccapex.api import permission_depuis
from dossiers.models import Menage
from dossiers.permissions import peut_gerer_dossiers
from procedure.models import ActeProcedure, Procedure
from procedure.serializers import ProcedureSerializer

EstSecretariat = permission_depuis(
    peut_gerer_dossiers, "Les procédures sont réservées au secrétariat."
)


@extend_schema_view(
    list=extend_schema(summary="Procédures des ménages du département, avec leurs actes"),
    retrieve=extend_schema(summary="Une procédure avec ses actes et l’historique de la dette"),
)
class ProcedureViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ProcedureSerializer
    permission_classes = [EstSecretariat]

    def get_queryset(self):
        # A user sees the procedures of the households they see.
        menages = Menage.objects.visibles_par(self.request.user)
        return (
            Procedure.objects.filter(menages__in=menages)
            .avec_stade()
            .select_related("commune", "bailleur_organisation")
            .prefetch_related(
                Prefetch("actes", queryset=ActeProcedure.objects.order_by("date", "id")),
                "dettes",
            )
            # The id breaks ties: the procedures of one import chunk share its clock read,
            # and pages over a tie may repeat or skip rows.
            .order_by("-cree_le", "-id")
            .distinct()
        )


routes = [("procedures", ProcedureViewSet, "api-procedures")]
