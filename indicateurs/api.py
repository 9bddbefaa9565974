"""GET /api/v1/indicateurs/?annee=2024&territoire=D-91: the balance's figures as JSON."""

from django.utils import timezone
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from ccapex.api import permission_depuis

from . import parc as parcs
from . import queries, territoires
from .permissions import peut_lire_indicateurs_api

PeutLire = permission_depuis(
    peut_lire_indicateurs_api,
    "Les indicateurs sont ouverts au secrétariat, au pilotage et aux partenaires.",
)


class TerritoireSerializer(serializers.Serializer):
    niveau = serializers.CharField()
    code = serializers.CharField()
    libelle = serializers.CharField()


class LigneActesSerializer(serializers.Serializer):
    code = serializers.CharField()
    libelle = serializers.CharField()
    par_annee = serializers.DictField(child=serializers.IntegerField(), help_text="année → nombre")
    social = serializers.IntegerField(help_text="Actes de l’année dans le parc social.")
    prive = serializers.IntegerField(help_text="Actes de l’année dans le parc privé.")
    evolution_annuelle = serializers.FloatField(allow_null=True, help_text="En %, sur N−1.")
    evolution_cinq_ans = serializers.FloatField(allow_null=True, help_text="En %, sur N−5.")
    source = serializers.CharField(
        help_text="Vide : compté par l’application ; sinon, le déclarant."
    )


class LigneRepartitionSerializer(serializers.Serializer):
    code = serializers.CharField()
    libelle = serializers.CharField()
    n = serializers.IntegerField()
    n1 = serializers.IntegerField(allow_null=True)
    part = serializers.FloatField(allow_null=True)
    part_n1 = serializers.FloatField(allow_null=True)
    ecart = serializers.FloatField(allow_null=True, help_text="Écart en points sur N−1.")


class RepartitionSerializer(serializers.Serializer):
    cle = serializers.CharField()
    titre = serializers.CharField()
    total = serializers.IntegerField()
    total_n1 = serializers.IntegerField(allow_null=True)
    lignes = LigneRepartitionSerializer(many=True)


class ActiviteSerializer(serializers.Serializer):
    seances_tenues = serializers.IntegerField()
    seances_tenues_n1 = serializers.IntegerField()
    seances_programmees = serializers.IntegerField()
    premiers_examens = serializers.IntegerField()
    premiers_examens_n1 = serializers.IntegerField()
    reexamens = serializers.IntegerField()
    reexamens_n1 = serializers.IntegerField()
    bilans = serializers.IntegerField()
    bilans_n1 = serializers.IntegerField()


class LignePreconisationSerializer(serializers.Serializer):
    libelle = serializers.CharField()
    preconisees = serializers.IntegerField()
    realisees = serializers.IntegerField()
    taux_realisation = serializers.FloatField(allow_null=True)


class IssuesSerializer(serializers.Serializer):
    repartition = RepartitionSerializer()
    dette_soldee = serializers.IntegerField()
    surendettement_recevable = serializers.IntegerField()
    fsl_accorde = serializers.IntegerField()
    pcs_signe = serializers.IntegerField()


class DettesSerializer(serializers.Serializer):
    avec_dette = serializers.IntegerField()
    plus_10000 = serializers.IntegerField()
    plus_50000 = serializers.IntegerField()
    part_10000 = serializers.FloatField(allow_null=True)
    avec_dette_n1 = serializers.IntegerField()
    plus_10000_n1 = serializers.IntegerField()
    plus_50000_n1 = serializers.IntegerField()
    part_10000_n1 = serializers.FloatField(allow_null=True)


class LigneObjectifSerializer(serializers.Serializer):
    indicateur = serializers.CharField()
    libelle = serializers.CharField()
    valeur = serializers.FloatField(allow_null=True)
    valeur_n1 = serializers.FloatField(allow_null=True)
    valeur_depart = serializers.FloatField(allow_null=True)
    cible = serializers.FloatField(allow_null=True)
    annee_cible = serializers.IntegerField(allow_null=True)
    progression = serializers.FloatField(allow_null=True)
    source = serializers.CharField()


class CourriersSerializer(serializers.Serializer):
    envoyes = serializers.IntegerField()
    repondus = serializers.IntegerField()
    taux_reponse = serializers.FloatField(allow_null=True)
    envoyes_n1 = serializers.IntegerField()
    repondus_n1 = serializers.IntegerField()
    taux_reponse_n1 = serializers.FloatField(allow_null=True)


class LigneDecisionsSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Nature de la décision.")
    libelle = serializers.CharField()
    n = serializers.IntegerField(help_text="Notifiées dans l’année, hors décisions remplacées.")
    n1 = serializers.IntegerField(help_text="Idem pour N−1.")
    notifiees = serializers.IntegerField(help_text="Parmi n : en vigueur, non exécutées.")
    executees = serializers.IntegerField(help_text="Parmi n : exécutées par le destinataire.")
    levees = serializers.IntegerField(help_text="Parmi n : levées.")
    expirees = serializers.IntegerField(help_text="Parmi n : expirées.")
    remplacees = serializers.IntegerField(
        help_text="Notifiées dans l’année et remplacées depuis (hors n : la décision qui les "
        "remplace est comptée)."
    )


class DecisionsSerializer(serializers.Serializer):
    aide_logement = LigneDecisionsSerializer(many=True)
    saisines = LigneDecisionsSerializer(many=True, help_text="FSL, SIAO, autres décisions.")
    orientations = RepartitionSerializer(help_text="Signalements orientés, par type d’organisme.")
    delai_median_orientation = serializers.FloatField(
        allow_null=True,
        help_text="Jours entre la réception du commandement de payer signalé et la "
        "notification de l’orientation (médiane).",
    )
    delai_median_orientation_n1 = serializers.FloatField(allow_null=True)
    orientations_datees = serializers.IntegerField(help_text="Base de la médiane.")
    orientations_datees_n1 = serializers.IntegerField()


class LigneDeclareeSerializer(serializers.Serializer):
    code = serializers.CharField()
    libelle = serializers.CharField()
    famille = serializers.CharField()
    valeur = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    valeur_n1 = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    evolution = serializers.FloatField(allow_null=True)
    source = serializers.CharField()
    unite = serializers.CharField()


class BilanSerializer(serializers.Serializer):
    annee = serializers.IntegerField()
    parc = serializers.CharField(help_text="Vide : tous les parcs ; sinon social ou prive.")
    territoire = TerritoireSerializer()
    annees = serializers.ListField(child=serializers.IntegerField())
    actes = LigneActesSerializer(many=True)
    activite = ActiviteSerializer()
    saisines = RepartitionSerializer(many=True)
    preconisations_par_type = LignePreconisationSerializer(many=True)
    preconisations_par_destinataire = LignePreconisationSerializer(many=True)
    issues = IssuesSerializer()
    dls = RepartitionSerializer()
    dettes = DettesSerializer()
    objectifs = LigneObjectifSerializer(many=True)
    courriers = CourriersSerializer()
    decisions = DecisionsSerializer()
    declarees = LigneDeclareeSerializer(many=True)


class _SchemaUnObjet(AutoSchema):
    """The `list` of this viewset answers one object (the balance), not an array."""

    def _is_list_view(self, serializer=None):
        return False


class IndicateursViewSet(viewsets.ViewSet):
    permission_classes = [PeutLire]
    schema = _SchemaUnObjet()

    @extend_schema(
        summary="Indicateurs du bilan annuel (agrégats, sans aucune donnée personnelle)",
        parameters=[
            OpenApiParameter(
                "annee",
                {"type": "integer", "minimum": 2000, "maximum": 2100},
                description="Année (par défaut : N−1).",
            ),
            OpenApiParameter(
                "territoire",
                OpenApiTypes.STR,
                description="D-<code>, A-<code>, E-<siren> ou C-<insee> "
                "(par défaut : le département).",
            ),
            OpenApiParameter(
                "parc",
                OpenApiTypes.STR,
                enum=["social", "prive"],
                description="Restreint chaque chiffre à un parc (par défaut : tous les parcs).",
            ),
        ],
        responses=BilanSerializer,
    )
    def list(self, request):
        departement = request.user.organisation.departement
        try:
            annee = int(request.query_params.get("annee") or timezone.localdate().year - 1)
        except ValueError as erreur:
            raise ValidationError({"annee": "Une année sur quatre chiffres."}) from erreur
        if not 2000 <= annee <= 2100:
            raise ValidationError({"annee": "Une année sur quatre chiffres."})
        code = request.query_params.get("territoire")
        territoire = (
            territoires.depuis_code(code, departement)
            if code
            else territoires.du_departement(departement)
        )
        if territoire is None:
            raise ValidationError({"territoire": "Territoire inconnu dans votre département."})
        parc = request.query_params.get("parc") or ""
        if parc and parc != parcs.valide(parc):
            raise ValidationError({"parc": "Parc inconnu : social ou prive."})
        return Response(BilanSerializer(queries.bilan(annee, territoire, parc)).data)


routes = [("indicateurs", IndicateursViewSet, "api-indicateurs")]
