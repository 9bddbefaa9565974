
import ccapex.recherche
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('dossiers', '0009_texte_recherche'),
        ('partenaires', '0004_libelle_epci'),
        ('procedure', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='membremenage',
            index=models.Index(ccapex.recherche.SansAccents('nom'), models.F('date_naissance'), name='membre_nom_naissance_cle'),
        ),
        migrations.AddIndex(
            model_name='menage',
            index=models.Index(models.F('departement'), models.F('numero_allocataire'), condition=models.Q(('numero_allocataire', ''), _negated=True), name='menage_dep_allocataire'),
        ),
        migrations.AddIndex(
            model_name='menage',
            index=models.Index(models.F('commune'), ccapex.recherche.SansAccents('adresse'), name='menage_commune_adresse_cle'),
        ),
    ]
