from rest_framework import serializers

from ccapex.api import permission_depuis
from partenaires.permissions import est_secretariat

from .models import ActeProcedure, EtatDette, Procedure

EstSecretariat = permission_depuis(est_secretariat, "Les procédures sont réservées au secrétariat.")


class ActeSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActeProcedure
        fields = [
            "id",
            "type",
            "date",
            "source",
            "date_audience",
            "date_notification_prefet",
            "presence",
            "aide_juridictionnelle",
            "issue_jugement",
            "delais_paiement_mois",
            "delai_quitter_lieux_jours",
            "mois_impayes",
            "date_expulsion_prevue",
            "delai_grace_mois",
            "exception_treve",
            "motif_exception_treve",
            "commentaire",
        ]


class DetteSerializer(serializers.ModelSerializer):
    class Meta:
        model = EtatDette
        fields = ["date", "montant", "mois_impayes"]


class ProcedureSerializer(serializers.ModelSerializer):
    commune = serializers.CharField(source="commune.code_insee")
    bailleur = serializers.CharField(read_only=True)
    stade = serializers.CharField(read_only=True)
    actes = ActeSerializer(many=True, read_only=True)
    dettes = DetteSerializer(many=True, read_only=True)

    class Meta:
        model = Procedure
        fields = [
            "id",
            "locataires",
            "adresse",
            "commune",
            "parc",
            "motif",
            "bailleur",
            "bailleur_nature",
            "loyer_hc",
            "charges",
            "date_bail",
            "date_renouvellement_bail",
            "date_premier_impaye",
            "numero_rg",
            "stade",
            "prochaine_echeance",
            "prochaine_echeance_libelle",
            "actes",
            "dettes",
        ]
