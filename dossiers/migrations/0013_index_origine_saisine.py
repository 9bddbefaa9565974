
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('dossiers', '0012_resume_menage'),
        ('partenaires', '0006_generation_sessions'),
        ('procedure', '0006_cle_delai_recours'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='saisine',
            index=models.Index(fields=['origine', 'menage'], name='saisine_origine_menage'),
        ),
    ]
