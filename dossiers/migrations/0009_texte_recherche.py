import django.contrib.postgres.indexes
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('dossiers', '0008_correspondances_import'),
        ('partenaires', '0004_libelle_epci'),
        ('procedure', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='menage',
            name='texte_recherche',
            field=models.TextField(blank=True, default='', editable=False, verbose_name='texte de recherche'),
        ),
        # Existing households get their text before the index is built (faster than after).
        # Same SQL as `dossiers.recherche` at the time of writing, frozen here.
        migrations.RunSQL(
            """
            UPDATE dossiers_menage AS cible SET texte_recherche = calcul.texte
            FROM (
                SELECT m.id, LOWER(immutable_unaccent(concat_ws(' ',
                    m.numero, m.adresse, c.nom,
                    (SELECT string_agg(concat_ws(' ', mm.nom, mm.prenom), ' ' ORDER BY mm.id)
                       FROM dossiers_membremenage mm WHERE mm.menage_id = m.id),
                    (SELECT string_agg(concat_ws(' ', p.numero_rg, p.locataires, p.adresse),
                                       ' ' ORDER BY p.id)
                       FROM dossiers_menageprocedure mp
                       JOIN procedure_procedure p ON p.id = mp.procedure_id
                      WHERE mp.menage_id = m.id)
                ))) AS texte
                FROM dossiers_menage m JOIN partenaires_commune c ON c.id = m.commune_id
            ) AS calcul
            WHERE cible.id = calcul.id
            """,
            migrations.RunSQL.noop,
        ),
        migrations.AddIndex(
            model_name='menage',
            index=django.contrib.postgres.indexes.GinIndex(fields=['texte_recherche'], name='menage_texte_recherche_trgm', opclasses=['gin_trgm_ops']),
        ),
    ]
