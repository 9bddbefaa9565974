"""The commission's models move here from `dossiers` (issue 10): their tables are renamed,
not copied, so every row, its history and its content type are kept."""

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def deplacer_types_de_contenu(apps, schema_editor, depuis, vers, modeles):
    """Content types (and so permissions and history references) follow the models.

    The oldest content type of a model keeps its id and takes the new label. A second one
    is a duplicate that `post_migrate` created between two `migrate` commands (going back
    takes two, `migrate commission zero` then `migrate ccapex zero`, and `migrate dossiers
    0006` alone leaves both labels in the state): it is dropped with its permissions.
    """
    ContentType = apps.get_model("contenttypes", "ContentType")
    for modele in modeles:
        garde, *doublons = list(
            ContentType.objects.filter(app_label__in=[depuis, vers], model=modele).order_by("pk")
        ) or [None]
        for doublon in doublons:
            doublon.delete()
        if garde is not None and garde.app_label != vers:
            garde.app_label = vers
            garde.save(update_fields=["app_label"])


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('dossiers', '0006_libelles_commission'),
        ('partenaires', '0004_libelle_epci'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    'ALTER TABLE dossiers_commission RENAME TO commission_commission',
                    'ALTER TABLE commission_commission RENAME TO dossiers_commission',
                ),
                migrations.RunSQL(
                    'ALTER TABLE dossiers_membrecommission RENAME TO commission_membrecommission',
                    'ALTER TABLE commission_membrecommission RENAME TO dossiers_membrecommission',
                ),
                migrations.RunSQL(
                    'ALTER TABLE dossiers_membrecommission_representants RENAME TO commission_membrecommission_representants',
                    'ALTER TABLE commission_membrecommission_representants RENAME TO dossiers_membrecommission_representants',
                ),
                migrations.RunSQL(
                    'ALTER TABLE dossiers_seance RENAME TO commission_seance',
                    'ALTER TABLE commission_seance RENAME TO dossiers_seance',
                ),
                migrations.RunSQL(
                    'ALTER TABLE dossiers_participationseance RENAME TO commission_participationseance',
                    'ALTER TABLE commission_participationseance RENAME TO dossiers_participationseance',
                ),
                migrations.RunSQL(
                    'ALTER TABLE dossiers_examen RENAME TO commission_examen',
                    'ALTER TABLE commission_examen RENAME TO dossiers_examen',
                ),
                migrations.RunSQL(
                    'ALTER TABLE dossiers_historicalexamen RENAME TO commission_historicalexamen',
                    'ALTER TABLE commission_historicalexamen RENAME TO dossiers_historicalexamen',
                ),
                migrations.RunSQL(
                    'ALTER TABLE dossiers_courrier RENAME TO commission_courrier',
                    'ALTER TABLE commission_courrier RENAME TO dossiers_courrier',
                ),
                migrations.RunSQL(
                    'ALTER TABLE dossiers_modelecourrier RENAME TO commission_modelecourrier',
                    'ALTER TABLE commission_modelecourrier RENAME TO dossiers_modelecourrier',
                ),
                migrations.RunSQL(
                    'ALTER TABLE dossiers_preconisation RENAME TO commission_preconisation',
                    'ALTER TABLE commission_preconisation RENAME TO dossiers_preconisation',
                ),
                migrations.RunSQL(
                    'ALTER TABLE dossiers_historicalpreconisation RENAME TO commission_historicalpreconisation',
                    'ALTER TABLE commission_historicalpreconisation RENAME TO dossiers_historicalpreconisation',
                ),
                migrations.RunSQL(
                    'ALTER TABLE dossiers_typepreconisation RENAME TO commission_typepreconisation',
                    'ALTER TABLE commission_typepreconisation RENAME TO dossiers_typepreconisation',
                ),
                migrations.RunSQL(
                    'ALTER TABLE dossiers_suivipreconisation RENAME TO commission_suivipreconisation',
                    'ALTER TABLE commission_suivipreconisation RENAME TO dossiers_suivipreconisation',
                ),
                migrations.RunSQL(
                    'ALTER TABLE dossiers_historicalsuivipreconisation RENAME TO commission_historicalsuivipreconisation',
                    'ALTER TABLE commission_historicalsuivipreconisation RENAME TO dossiers_historicalsuivipreconisation',
                ),
                migrations.RunSQL(
                    'ALTER TABLE dossiers_bilan RENAME TO commission_bilan',
                    'ALTER TABLE commission_bilan RENAME TO dossiers_bilan',
                ),
                migrations.RunSQL(
                    'ALTER TABLE dossiers_historicalbilan RENAME TO commission_historicalbilan',
                    'ALTER TABLE commission_historicalbilan RENAME TO dossiers_historicalbilan',
                ),
                migrations.RunSQL(
                    'ALTER TABLE dossiers_signalementchangement RENAME TO commission_signalementchangement',
                    'ALTER TABLE commission_signalementchangement RENAME TO dossiers_signalementchangement',
                ),
            ],
            state_operations=[
                migrations.CreateModel(
                    name='Commission',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('nom', models.CharField(max_length=200, verbose_name='nom')),
                        ('type', models.CharField(choices=[('departementale', 'Commission départementale'), ('locale', 'Commission locale')], max_length=20, verbose_name='type')),
                        ('active', models.BooleanField(default=True, verbose_name='active')),
                        ('arrondissement', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='partenaires.arrondissement', verbose_name='arrondissement')),
                        ('departement', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='commissions', to='partenaires.departement')),
                        ('epci', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='partenaires.epci', verbose_name='EPCI')),
                    ],
                    options={
                        'verbose_name': 'commission',
                        'ordering': ['type', 'nom'],
                    },
                ),
                migrations.CreateModel(
                    name='Examen',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('nature', models.CharField(choices=[('premier_examen', 'Premier examen'), ('reexamen', 'Réexamen'), ('bilan', 'Bilan à 12 mois')], max_length=20, verbose_name='nature')),
                        ('ordre', models.PositiveSmallIntegerField(default=0, verbose_name='ordre de passage')),
                        ('question', models.TextField(blank=True, verbose_name='question posée à la commission')),
                        ('synthese', models.TextField(blank=True, verbose_name='synthèse de la situation')),
                        ('informations_membres', models.TextField(blank=True, verbose_name='informations apportées par les membres')),
                        ('avis', models.TextField(blank=True, verbose_name='avis de la commission')),
                        ('a_reexaminer', models.BooleanField(default=False, verbose_name='à réexaminer')),
                        ('modifie_le', models.DateTimeField(auto_now=True, verbose_name='modifié le')),
                        ('version', models.PositiveIntegerField(default=1, verbose_name='version')),
                        ('menage', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='examens', to='dossiers.menage')),
                        ('saisine', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='examens', to='dossiers.saisine')),
                    ],
                    options={
                        'verbose_name': 'examen',
                        'ordering': ['seance', 'ordre', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='Bilan',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('echeance', models.DateField(verbose_name='échéance du bilan')),
                        ('situation', models.CharField(blank=True, choices=[('dans_le_logement', 'Toujours dans le logement'), ('reloge_social', 'Relogé dans le parc social'), ('reloge_prive', 'Relogé dans le parc privé'), ('parti_heberge', 'Parti, hébergé'), ('parti_ses_moyens', 'Parti par ses propres moyens'), ('expulse', 'Expulsé'), ('inconnue', 'Situation inconnue')], max_length=20, verbose_name='situation du ménage')),
                        ('dette_soldee', models.BooleanField(default=False, verbose_name='dette soldée')),
                        ('surendettement_recevable', models.BooleanField(default=False, verbose_name='dossier de surendettement recevable')),
                        ('fsl_accorde', models.BooleanField(default=False, verbose_name='FSL accordé')),
                        ('pcs_signe', models.BooleanField(default=False, verbose_name='protocole de cohésion sociale signé')),
                        ('commentaire', models.TextField(blank=True, verbose_name='commentaire')),
                        ('realise_le', models.DateTimeField(blank=True, null=True, verbose_name='réalisé le')),
                        ('realise_par', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='réalisé par')),
                        ('examen', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='bilan', to='commission.examen')),
                    ],
                    options={
                        'verbose_name': 'bilan à 12 mois',
                        'verbose_name_plural': 'bilans à 12 mois',
                        'ordering': ['echeance', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalBilan',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('echeance', models.DateField(verbose_name='échéance du bilan')),
                        ('situation', models.CharField(blank=True, choices=[('dans_le_logement', 'Toujours dans le logement'), ('reloge_social', 'Relogé dans le parc social'), ('reloge_prive', 'Relogé dans le parc privé'), ('parti_heberge', 'Parti, hébergé'), ('parti_ses_moyens', 'Parti par ses propres moyens'), ('expulse', 'Expulsé'), ('inconnue', 'Situation inconnue')], max_length=20, verbose_name='situation du ménage')),
                        ('dette_soldee', models.BooleanField(default=False, verbose_name='dette soldée')),
                        ('surendettement_recevable', models.BooleanField(default=False, verbose_name='dossier de surendettement recevable')),
                        ('fsl_accorde', models.BooleanField(default=False, verbose_name='FSL accordé')),
                        ('pcs_signe', models.BooleanField(default=False, verbose_name='protocole de cohésion sociale signé')),
                        ('commentaire', models.TextField(blank=True, verbose_name='commentaire')),
                        ('realise_le', models.DateTimeField(blank=True, null=True, verbose_name='réalisé le')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('examen', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='commission.examen')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('realise_par', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='réalisé par')),
                    ],
                    options={
                        'verbose_name': 'historical bilan à 12 mois',
                        'verbose_name_plural': 'historical bilans à 12 mois',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='MembreCommission',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('voix_deliberative', models.BooleanField(default=True, verbose_name='voix délibérative')),
                        ('commission', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='membres', to='commission.commission')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='partenaires.organisation')),
                        ('representants', models.ManyToManyField(blank=True, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='représentants')),
                    ],
                    options={
                        'verbose_name': 'membre de la commission',
                        'verbose_name_plural': 'membres de la commission',
                    },
                ),
                migrations.CreateModel(
                    name='ModeleCourrier',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('type', models.CharField(choices=[('preconisation', 'Courrier de préconisations'), ('prevention', 'Courrier de prévention'), ('relance', 'Relance')], max_length=20, verbose_name='type')),
                        ('pour_menage', models.BooleanField(default=False, verbose_name='destiné au ménage')),
                        ('objet', models.CharField(max_length=200, verbose_name='objet')),
                        ('corps', models.TextField(verbose_name='corps du courrier')),
                        ('version', models.PositiveIntegerField(default=1, verbose_name='version')),
                        ('actif', models.BooleanField(default=True, verbose_name='actif')),
                        ('modifie_le', models.DateTimeField(auto_now=True, verbose_name='modifié le')),
                        ('departement', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='partenaires.departement')),
                    ],
                    options={
                        'verbose_name': 'modèle de courrier',
                        'verbose_name_plural': 'modèles de courrier',
                        'ordering': ['type', '-version'],
                    },
                ),
                migrations.CreateModel(
                    name='Preconisation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('destinataire_menage', models.BooleanField(default=False, verbose_name='adressée au ménage')),
                        ('texte', models.TextField(blank=True, verbose_name='précisions')),
                        ('echeance', models.DateField(blank=True, null=True, verbose_name='échéance')),
                        ('statut', models.CharField(choices=[('a_suivre', 'Préconisée'), ('faite', 'Réalisée'), ('en_cours', 'En cours'), ('non_faite', 'Non réalisée'), ('sans_objet', 'Sans objet'), ('sans_reponse', 'Sans réponse du destinataire')], default='a_suivre', max_length=20, verbose_name='statut')),
                        ('cree_le', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='créée le')),
                        ('destinataire_organisation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='preconisations_recues', to='partenaires.organisation', verbose_name='organisation destinataire')),
                        ('examen', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='preconisations', to='commission.examen')),
                    ],
                    options={
                        'verbose_name': 'préconisation',
                        'ordering': ['examen', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalSuiviPreconisation',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('echeance', models.DateField(verbose_name='date de la demande de suivi')),
                        ('demande_le', models.DateTimeField(blank=True, null=True, verbose_name='demandé le')),
                        ('relance_le', models.DateTimeField(blank=True, null=True, verbose_name='relancé le')),
                        ('nb_relances', models.PositiveSmallIntegerField(default=0, verbose_name='nombre de relances')),
                        ('reponse', models.CharField(blank=True, choices=[('a_suivre', 'Préconisée'), ('faite', 'Réalisée'), ('en_cours', 'En cours'), ('non_faite', 'Non réalisée'), ('sans_objet', 'Sans objet'), ('sans_reponse', 'Sans réponse du destinataire')], max_length=20, verbose_name='réponse')),
                        ('commentaire', models.TextField(blank=True, verbose_name='commentaire')),
                        ('repondu_le', models.DateTimeField(blank=True, null=True, verbose_name='répondu le')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('repondu_par', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='répondu par')),
                        ('preconisation', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='commission.preconisation')),
                    ],
                    options={
                        'verbose_name': 'historical suivi de préconisation',
                        'verbose_name_plural': 'historical suivis de préconisation',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='Seance',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('date', models.DateTimeField(verbose_name='date et heure')),
                        ('lieu', models.CharField(max_length=200, verbose_name='lieu')),
                        ('type', models.CharField(choices=[('operationnelle', 'Opérationnelle'), ('pleniere', 'Plénière'), ('restreinte', 'Restreinte'), ('dediee', 'Dédiée (par exemple DALO)')], default='operationnelle', max_length=20, verbose_name='type')),
                        ('statut', models.CharField(choices=[('en_preparation', 'En préparation'), ('publiee', 'Ordre du jour publié'), ('close', 'Close')], default='en_preparation', max_length=20, verbose_name='statut')),
                        ('publiee_le', models.DateTimeField(blank=True, null=True, verbose_name='ordre du jour publié le')),
                        ('close_le', models.DateTimeField(blank=True, null=True, verbose_name='close le')),
                        ('ordre_du_jour_complet', models.FileField(blank=True, null=True, upload_to='seances/', verbose_name='ordre du jour complet (PDF)')),
                        ('ordre_du_jour_reduit', models.FileField(blank=True, null=True, upload_to='seances/', verbose_name='ordre du jour des membres (PDF)')),
                        ('cree_le', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='créée le')),
                        ('version_ordre_du_jour', models.PositiveIntegerField(default=1, verbose_name='version de l’ordre du jour')),
                        ('version_publiee', models.PositiveIntegerField(default=0, verbose_name='version publiée')),
                        ('version_notifiee', models.PositiveIntegerField(default=0, verbose_name='version notifiée aux membres')),
                        ('commission', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='seances', to='commission.commission')),
                    ],
                    options={
                        'verbose_name': 'séance',
                        'ordering': ['-date'],
                    },
                ),
                migrations.CreateModel(
                    name='ParticipationSeance',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('invite', models.BooleanField(default=True, verbose_name='invité')),
                        ('present', models.BooleanField(default=False, verbose_name='présent')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='partenaires.organisation')),
                        ('utilisateur', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='représentant')),
                        ('seance', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='participations', to='commission.seance')),
                    ],
                    options={
                        'verbose_name': 'participation à une séance',
                        'verbose_name_plural': 'participations aux séances',
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalExamen',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('nature', models.CharField(choices=[('premier_examen', 'Premier examen'), ('reexamen', 'Réexamen'), ('bilan', 'Bilan à 12 mois')], max_length=20, verbose_name='nature')),
                        ('ordre', models.PositiveSmallIntegerField(default=0, verbose_name='ordre de passage')),
                        ('question', models.TextField(blank=True, verbose_name='question posée à la commission')),
                        ('synthese', models.TextField(blank=True, verbose_name='synthèse de la situation')),
                        ('informations_membres', models.TextField(blank=True, verbose_name='informations apportées par les membres')),
                        ('avis', models.TextField(blank=True, verbose_name='avis de la commission')),
                        ('a_reexaminer', models.BooleanField(default=False, verbose_name='à réexaminer')),
                        ('version', models.PositiveIntegerField(default=1, verbose_name='version')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('menage', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='dossiers.menage')),
                        ('saisine', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='dossiers.saisine')),
                        ('seance', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='commission.seance')),
                    ],
                    options={
                        'verbose_name': 'historical examen',
                        'verbose_name_plural': 'historical examens',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.AddField(
                    model_name='examen',
                    name='seance',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='examens', to='commission.seance'),
                ),
                migrations.CreateModel(
                    name='Courrier',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('type', models.CharField(choices=[('preconisation', 'Courrier de préconisations'), ('prevention', 'Courrier de prévention'), ('relance', 'Relance')], max_length=20, verbose_name='type')),
                        ('destinataire_menage', models.BooleanField(default=False, verbose_name='adressé au ménage')),
                        ('fichier', models.FileField(max_length=200, upload_to='courriers/%Y/%m/', verbose_name='fichier PDF')),
                        ('version', models.PositiveIntegerField(default=1, verbose_name='version')),
                        ('genere_le', models.DateTimeField(default=django.utils.timezone.now, verbose_name='généré le')),
                        ('envoye_le', models.DateTimeField(blank=True, null=True, verbose_name='envoyé le')),
                        ('reponse_recue_le', models.DateField(blank=True, null=True, verbose_name='réponse reçue le')),
                        ('destinataire_organisation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='courriers_recus', to='partenaires.organisation', verbose_name='organisation destinataire')),
                        ('genere_par', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='généré par')),
                        ('menage', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='courriers', to='dossiers.menage')),
                        ('remplace', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='remplace_par', to='commission.courrier', verbose_name='remplace le courrier')),
                        ('modele', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='commission.modelecourrier')),
                        ('seance', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='courriers', to='commission.seance')),
                    ],
                    options={
                        'verbose_name': 'courrier',
                        'ordering': ['-genere_le', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='SignalementChangement',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('texte', models.TextField(verbose_name='changement signalé')),
                        ('cree_le', models.DateTimeField(default=django.utils.timezone.now, verbose_name='signalé le')),
                        ('lu_le', models.DateTimeField(blank=True, null=True, verbose_name='lu le')),
                        ('auteur', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('menage', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='signalements_changement', to='dossiers.menage')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='partenaires.organisation')),
                    ],
                    options={
                        'verbose_name': 'signalement de changement',
                        'verbose_name_plural': 'signalements de changement',
                        'ordering': ['-cree_le'],
                    },
                ),
                migrations.CreateModel(
                    name='SuiviPreconisation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('echeance', models.DateField(verbose_name='date de la demande de suivi')),
                        ('demande_le', models.DateTimeField(blank=True, null=True, verbose_name='demandé le')),
                        ('relance_le', models.DateTimeField(blank=True, null=True, verbose_name='relancé le')),
                        ('nb_relances', models.PositiveSmallIntegerField(default=0, verbose_name='nombre de relances')),
                        ('reponse', models.CharField(blank=True, choices=[('a_suivre', 'Préconisée'), ('faite', 'Réalisée'), ('en_cours', 'En cours'), ('non_faite', 'Non réalisée'), ('sans_objet', 'Sans objet'), ('sans_reponse', 'Sans réponse du destinataire')], max_length=20, verbose_name='réponse')),
                        ('commentaire', models.TextField(blank=True, verbose_name='commentaire')),
                        ('repondu_le', models.DateTimeField(blank=True, null=True, verbose_name='répondu le')),
                        ('preconisation', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='suivi', to='commission.preconisation')),
                        ('repondu_par', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='répondu par')),
                    ],
                    options={
                        'verbose_name': 'suivi de préconisation',
                        'verbose_name_plural': 'suivis de préconisation',
                        'ordering': ['echeance', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='TypePreconisation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.SlugField(verbose_name='code')),
                        ('libelle', models.CharField(max_length=200, verbose_name='libellé')),
                        ('ordre', models.PositiveSmallIntegerField(default=0, verbose_name='ordre d’affichage')),
                        ('actif', models.BooleanField(default=True, verbose_name='actif')),
                        ('departement', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='types_preconisation', to='partenaires.departement')),
                    ],
                    options={
                        'verbose_name': 'type de préconisation',
                        'verbose_name_plural': 'types de préconisation',
                        'ordering': ['ordre', 'libelle'],
                    },
                ),
                migrations.AddField(
                    model_name='preconisation',
                    name='type',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='commission.typepreconisation'),
                ),
                migrations.CreateModel(
                    name='HistoricalPreconisation',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('destinataire_menage', models.BooleanField(default=False, verbose_name='adressée au ménage')),
                        ('texte', models.TextField(blank=True, verbose_name='précisions')),
                        ('echeance', models.DateField(blank=True, null=True, verbose_name='échéance')),
                        ('statut', models.CharField(choices=[('a_suivre', 'Préconisée'), ('faite', 'Réalisée'), ('en_cours', 'En cours'), ('non_faite', 'Non réalisée'), ('sans_objet', 'Sans objet'), ('sans_reponse', 'Sans réponse du destinataire')], default='a_suivre', max_length=20, verbose_name='statut')),
                        ('cree_le', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='créée le')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('destinataire_organisation', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='partenaires.organisation', verbose_name='organisation destinataire')),
                        ('examen', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='commission.examen')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('type', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='commission.typepreconisation')),
                    ],
                    options={
                        'verbose_name': 'historical préconisation',
                        'verbose_name_plural': 'historical préconisations',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.AddConstraint(
                    model_name='commission',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('arrondissement__isnull', True), ('epci__isnull', True), ('type', 'departementale')), models.Q(('arrondissement__isnull', False), ('epci__isnull', True), ('type', 'locale')), models.Q(('arrondissement__isnull', True), ('epci__isnull', False), ('type', 'locale')), _connector='OR'), name='commission_perimetre', violation_error_message='Une commission locale couvre un arrondissement ou un EPCI ; la commission départementale, tout le département.'),
                ),
                migrations.AddConstraint(
                    model_name='bilan',
                    constraint=models.CheckConstraint(condition=models.Q(('realise_le__isnull', True), models.Q(('situation', ''), _negated=True), _connector='OR'), name='bilan_realise_avec_situation', violation_error_message='Un bilan réalisé indique la situation du ménage.'),
                ),
                migrations.AddConstraint(
                    model_name='membrecommission',
                    constraint=models.UniqueConstraint(fields=('commission', 'organisation'), name='membre_commission_unique'),
                ),
                migrations.AddConstraint(
                    model_name='participationseance',
                    constraint=models.UniqueConstraint(fields=('seance', 'organisation'), name='participation_unique'),
                ),
                migrations.AddConstraint(
                    model_name='examen',
                    constraint=models.UniqueConstraint(fields=('seance', 'menage'), name='examen_unique_par_seance'),
                ),
                migrations.AddConstraint(
                    model_name='courrier',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('destinataire_menage', True), ('destinataire_organisation__isnull', True)), models.Q(('destinataire_menage', False), ('destinataire_organisation__isnull', False)), _connector='OR'), name='courrier_un_destinataire', violation_error_message='Un courrier s’adresse au ménage ou à une organisation.'),
                ),
                migrations.AddConstraint(
                    model_name='courrier',
                    constraint=models.UniqueConstraint(fields=('seance', 'menage', 'type', 'destinataire_organisation', 'destinataire_menage', 'version'), name='courrier_unique_par_version', nulls_distinct=False, violation_error_message='Ce courrier existe déjà dans cette version.'),
                ),
                migrations.AddConstraint(
                    model_name='typepreconisation',
                    constraint=models.UniqueConstraint(fields=('departement', 'code'), name='type_preconisation_unique'),
                ),
                migrations.AddConstraint(
                    model_name='preconisation',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('destinataire_menage', True), ('destinataire_organisation__isnull', True)), models.Q(('destinataire_menage', False), ('destinataire_organisation__isnull', False)), _connector='OR'), name='preconisation_un_destinataire', violation_error_message='Une préconisation s’adresse au ménage ou à une organisation.'),
                ),
            ],
        ),
        migrations.RunPython(
            lambda apps, se: deplacer_types_de_contenu(apps, se, 'dossiers', 'commission', ['commission', 'membrecommission', 'seance', 'participationseance', 'examen', 'historicalexamen', 'courrier', 'modelecourrier', 'preconisation', 'historicalpreconisation', 'typepreconisation', 'suivipreconisation', 'historicalsuivipreconisation', 'bilan', 'historicalbilan', 'signalementchangement']),
            lambda apps, se: deplacer_types_de_contenu(apps, se, 'commission', 'dossiers', ['commission', 'membrecommission', 'seance', 'participationseance', 'examen', 'historicalexamen', 'courrier', 'modelecourrier', 'preconisation', 'historicalpreconisation', 'typepreconisation', 'suivipreconisation', 'historicalsuivipreconisation', 'bilan', 'historicalbilan', 'signalementchangement']),
        ),
    ]
