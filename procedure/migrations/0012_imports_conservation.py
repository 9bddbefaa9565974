"""Retention of uploaded report files and their row-by-row reports, as dated reference data
(`procedure.referentiel.VERSIONS_CONSERVATION` holds the same row; a test compares)."""

from datetime import date
from decimal import Decimal

from django.db import migrations, models
from django.utils import timezone

VERSIONS = [
    {
        "cle": "conservation_imports",
        "departement_code": "",
        "valeur": "3",
        "unite": "mois",
        "texte": "",
        "valide_du": "2016-04-14",
        "valide_jusqu_au": None,
        "a_verifier": True,
        "source": (
            "Réglage du responsable de traitement avec le DPO (OWASP ASVS 5.0, 14.2.4 : "
            "classes de conservation avec effacement automatique) : un fichier de signalements "
            "nomme des milliers de ménages, dont les données utiles sont passées dans les "
            "signalements créés ; le fichier déposé et les rapports ligne par ligne de sa "
            "simulation et de son import sont effacés après ce délai, les compteurs restent."
        ),
    }
]


def semer(apps, schema_editor):
    RegleJuridique = apps.get_model("procedure", "RegleJuridique")
    Historique = apps.get_model("procedure", "HistoricalRegleJuridique")
    (version,) = VERSIONS
    champs = dict(version)
    champs["valeur"] = Decimal(champs["valeur"])
    regle, creee = RegleJuridique.objects.get_or_create(
        cle=champs.pop("cle"),
        departement_code=champs.pop("departement_code"),
        valide_du=date.fromisoformat(champs.pop("valide_du")),
        defaults=champs,
    )
    if creee:
        Historique.objects.create(
            id=regle.pk,
            cle=regle.cle,
            departement_code=regle.departement_code,
            valeur=regle.valeur,
            unite=regle.unite,
            texte=regle.texte,
            valide_du=regle.valide_du,
            valide_jusqu_au=regle.valide_jusqu_au,
            source=regle.source,
            a_verifier=regle.a_verifier,
            history_date=timezone.now(),
            history_type="+",
            history_change_reason="Données initiales (conservation des imports)",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("procedure", "0011_index_inutiles"),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicalreglejuridique",
            name="cle",
            field=models.CharField(
                choices=[
                    ("delai_cdp", "Délai du commandement de payer (selon la date du bail)"),
                    (
                        "bail_renouvele",
                        "Bail renouvelé : date qui choisit le délai du commandement de payer",
                    ),
                    (
                        "seuil_signalement_cdp_mois",
                        "Signalement du commandement à la CCAPEX : mois d’impayés consécutifs",
                    ),
                    (
                        "seuil_signalement_cdp_loyers",
                        "Signalement du commandement à la CCAPEX : dette en nombre de loyers hors charges",
                    ),
                    (
                        "delai_saisine_prealable",
                        "Saisine préalable de la CCAPEX avant l’assignation (bailleur personne morale)",
                    ),
                    (
                        "delai_notification_prefet",
                        "Notification de l’assignation au préfet avant l’audience",
                    ),
                    ("delais_paiement_max", "Délais de paiement accordés par le juge : maximum"),
                    ("delai_grace_min", "Délai de grâce du juge de l’exécution : minimum"),
                    ("delai_grace_max", "Délai de grâce du juge de l’exécution : maximum"),
                    ("delai_cql", "Délai du commandement de quitter les lieux"),
                    ("treve_debut", "Trêve hivernale : premier jour (JJ/MM)"),
                    ("treve_fin", "Trêve hivernale : dernier jour (JJ/MM)"),
                    (
                        "delai_reponse_prefet",
                        "Réponse du préfet à la réquisition de la force publique (silence = refus)",
                    ),
                    (
                        "impaye_al_delai",
                        "Impayé (aide au logement) : délai après le premier défaut de paiement",
                    ),
                    ("impaye_al_seuil", "Impayé (aide au logement) : dette au-delà de"),
                    (
                        "suspension_al_effet",
                        "Suspension de l’aide au logement : effet le 1er jour du mois suivant la notification",
                    ),
                    (
                        "decision_ccapex_al_delai",
                        "Délai de décision de la CCAPEX sur le maintien de l’aide au logement",
                    ),
                    (
                        "decision_ccapex_al_canal",
                        "Canal de notification de la décision à l’organisme payeur",
                    ),
                    (
                        "delai_recours_contentieux",
                        "Recours contentieux contre une décision de la commission, après sa notification",
                    ),
                    (
                        "delai_orientation_signalement",
                        "Signalement non orienté : délai avant alerte au tableau de bord (réglage local)",
                    ),
                    (
                        "conservation_base_active",
                        "Conservation d’un dossier en base active après le dernier contact (RGPD)",
                    ),
                    (
                        "conservation_decision",
                        "Dossier à archiver sans décision du secrétariat : délai avant archivage automatique",
                    ),
                    (
                        "conservation_archive",
                        "Archive intermédiaire : durée avant anonymisation du dossier",
                    ),
                    (
                        "conservation_imports",
                        "Fichiers d’import de signalements et leurs rapports : durée après le dépôt",
                    ),
                ],
                max_length=40,
                verbose_name="règle",
            ),
        ),
        migrations.AlterField(
            model_name="reglejuridique",
            name="cle",
            field=models.CharField(
                choices=[
                    ("delai_cdp", "Délai du commandement de payer (selon la date du bail)"),
                    (
                        "bail_renouvele",
                        "Bail renouvelé : date qui choisit le délai du commandement de payer",
                    ),
                    (
                        "seuil_signalement_cdp_mois",
                        "Signalement du commandement à la CCAPEX : mois d’impayés consécutifs",
                    ),
                    (
                        "seuil_signalement_cdp_loyers",
                        "Signalement du commandement à la CCAPEX : dette en nombre de loyers hors charges",
                    ),
                    (
                        "delai_saisine_prealable",
                        "Saisine préalable de la CCAPEX avant l’assignation (bailleur personne morale)",
                    ),
                    (
                        "delai_notification_prefet",
                        "Notification de l’assignation au préfet avant l’audience",
                    ),
                    ("delais_paiement_max", "Délais de paiement accordés par le juge : maximum"),
                    ("delai_grace_min", "Délai de grâce du juge de l’exécution : minimum"),
                    ("delai_grace_max", "Délai de grâce du juge de l’exécution : maximum"),
                    ("delai_cql", "Délai du commandement de quitter les lieux"),
                    ("treve_debut", "Trêve hivernale : premier jour (JJ/MM)"),
                    ("treve_fin", "Trêve hivernale : dernier jour (JJ/MM)"),
                    (
                        "delai_reponse_prefet",
                        "Réponse du préfet à la réquisition de la force publique (silence = refus)",
                    ),
                    (
                        "impaye_al_delai",
                        "Impayé (aide au logement) : délai après le premier défaut de paiement",
                    ),
                    ("impaye_al_seuil", "Impayé (aide au logement) : dette au-delà de"),
                    (
                        "suspension_al_effet",
                        "Suspension de l’aide au logement : effet le 1er jour du mois suivant la notification",
                    ),
                    (
                        "decision_ccapex_al_delai",
                        "Délai de décision de la CCAPEX sur le maintien de l’aide au logement",
                    ),
                    (
                        "decision_ccapex_al_canal",
                        "Canal de notification de la décision à l’organisme payeur",
                    ),
                    (
                        "delai_recours_contentieux",
                        "Recours contentieux contre une décision de la commission, après sa notification",
                    ),
                    (
                        "delai_orientation_signalement",
                        "Signalement non orienté : délai avant alerte au tableau de bord (réglage local)",
                    ),
                    (
                        "conservation_base_active",
                        "Conservation d’un dossier en base active après le dernier contact (RGPD)",
                    ),
                    (
                        "conservation_decision",
                        "Dossier à archiver sans décision du secrétariat : délai avant archivage automatique",
                    ),
                    (
                        "conservation_archive",
                        "Archive intermédiaire : durée avant anonymisation du dossier",
                    ),
                    (
                        "conservation_imports",
                        "Fichiers d’import de signalements et leurs rapports : durée après le dépôt",
                    ),
                ],
                max_length=40,
                verbose_name="règle",
            ),
        ),
        migrations.RunPython(semer, migrations.RunPython.noop),
    ]
