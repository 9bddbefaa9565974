"""A dossier merged into one merged since points to the dossier finally kept (what
`services.menages.fusionner` now does at each merge): its page and its stale forms lead
there in one step. Each dossier moved gets a history row, as the merge writes one: the
history keeps the dossier it was merged into, and shows when and why the link changed.
Not undone (the chains are still read in the history)."""

from django.db import migrations
from django.utils import timezone

# Each pass moves every link up one step; chains never loop (a merged dossier cannot be
# kept by a merge), and a pass that changes nothing ends it.
RACCOURCIR = """
UPDATE dossiers_menage m SET fusionne_dans_id = g.fusionne_dans_id
FROM dossiers_menage g
WHERE m.fusionne_dans_id = g.id AND g.fusionne_dans_id IS NOT NULL
RETURNING m.id
"""


def raccourcir(apps, schema_editor):
    raccourcis = set()
    with schema_editor.connection.cursor() as curseur:
        for _ in range(100):
            curseur.execute(RACCOURCIR)
            ids = {i for (i,) in curseur.fetchall()}
            if not ids:
                break
            raccourcis |= ids
        else:
            raise RuntimeError("Chaîne de fusions sans fin : à examiner.")
    if raccourcis:
        historiser(apps, sorted(raccourcis))


def historiser(apps, ids: list[int]) -> None:
    """A « changed » history row of each dossier moved, without author (the migration)."""
    menage = apps.get_model("dossiers", "Menage")
    historique = apps.get_model("dossiers", "HistoricalMenage")
    colonnes = {f.attname for f in menage._meta.concrete_fields}
    # The columns the history keeps (the summary and search text are left out of it).
    gardees = [f.attname for f in historique._meta.concrete_fields if f.attname in colonnes]
    maintenant = timezone.now()
    historique.objects.bulk_create(
        historique(
            **ligne,
            history_date=maintenant,
            history_type="~",
            history_change_reason="Fusions en chaîne raccourcies (migration 0022)",
        )
        for ligne in menage.objects.filter(pk__in=ids).order_by("pk").values(*gardees)
    )


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0021_autovacuum_des_listes")]

    operations = [migrations.RunPython(raccourcir, migrations.RunPython.noop)]
