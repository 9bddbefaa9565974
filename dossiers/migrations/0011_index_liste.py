
import django.contrib.postgres.indexes
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('dossiers', '0010_index_rapprochement'),
        ('partenaires', '0004_libelle_epci'),
        ('procedure', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='menage',
            index=models.Index(condition=models.Q(('statut', 'fusionne'), _negated=True), fields=['departement', '-cree_le'], name='menage_dep_creation_actifs'),
        ),
        migrations.AddIndex(
            model_name='menage',
            index=models.Index(condition=models.Q(('statut', 'fusionne'), _negated=True), fields=['departement', 'numero'], name='menage_dep_numero_actifs'),
        ),
        migrations.AddIndex(
            model_name='menage',
            index=django.contrib.postgres.indexes.GinIndex(fields=['vulnerabilites'], name='menage_vulnerabilites_gin'),
        ),
    ]
