"""A dossier merged into one merged since points to the dossier finally kept (what
`services.menages.fusionner` now does at each merge): its page and its stale forms lead
there in one step."""

from django.db import migrations

# Each pass moves every link up one step; chains never loop (a merged dossier cannot be
# kept by a merge), and a pass that changes nothing ends it.
RACCOURCIR = """
UPDATE dossiers_menage m SET fusionne_dans_id = g.fusionne_dans_id
FROM dossiers_menage g
WHERE m.fusionne_dans_id = g.id AND g.fusionne_dans_id IS NOT NULL
"""


def raccourcir(apps, schema_editor):
    with schema_editor.connection.cursor() as curseur:
        for _ in range(100):
            curseur.execute(RACCOURCIR)
            if not curseur.rowcount:
                return
    raise RuntimeError("Chaîne de fusions sans fin : à examiner.")


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0021_autovacuum_des_listes")]

    operations = [migrations.RunPython(raccourcir, migrations.RunPython.noop)]
