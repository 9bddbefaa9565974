"""Background jobs move here from `dossiers` (issue 10): the table is renamed, rows kept."""

import django.db.models.deletion
import django.utils.timezone
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
                    'ALTER TABLE dossiers_traitement RENAME TO ccapex_traitement',
                    'ALTER TABLE ccapex_traitement RENAME TO dossiers_traitement',
                ),
            ],
            state_operations=[
                migrations.CreateModel(
                    name='Traitement',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('type', models.CharField(max_length=40, verbose_name='type')),
                        ('libelle', models.CharField(max_length=200, verbose_name='libellé')),
                        ('statut', models.CharField(choices=[('en_attente', 'En attente'), ('en_cours', 'En cours'), ('termine', 'Terminé'), ('echec', 'Échec')], default='en_attente', max_length=20, verbose_name='statut')),
                        ('parametres', models.JSONField(blank=True, default=dict, verbose_name='paramètres')),
                        ('total', models.PositiveIntegerField(default=0, verbose_name='total')),
                        ('fait', models.PositiveIntegerField(default=0, verbose_name='fait')),
                        ('message', models.TextField(blank=True, verbose_name='message')),
                        ('resultat', models.JSONField(blank=True, default=dict, verbose_name='résultat')),
                        ('fichier', models.FileField(blank=True, null=True, upload_to='traitements/', verbose_name='fichier produit')),
                        ('lien', models.CharField(blank=True, max_length=300, verbose_name='lien vers le résultat')),
                        ('tentatives', models.PositiveSmallIntegerField(default=0, verbose_name='tentatives')),
                        ('cree_le', models.DateTimeField(default=django.utils.timezone.now, verbose_name='créé le')),
                        ('debut_le', models.DateTimeField(blank=True, null=True, verbose_name='commencé le')),
                        ('fin_le', models.DateTimeField(blank=True, null=True, verbose_name='terminé le')),
                        ('cree_par', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('departement', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='partenaires.departement')),
                    ],
                    options={
                        'verbose_name': 'traitement',
                        'ordering': ['-cree_le', '-id'],
                    },
                ),
            ],
        ),
        migrations.RunPython(
            lambda apps, se: deplacer_types_de_contenu(apps, se, 'dossiers', 'ccapex', ['traitement']),
            lambda apps, se: deplacer_types_de_contenu(apps, se, 'ccapex', 'dossiers', ['traitement']),
        ),
    ]
