"""Vacuum the tables the lists read index-only well before PostgreSQL's default of 20 %.

A page of households or referrals read index-only skips the table only where the visibility
map marks it all-visible; every update of a summary (an import chunk, the nightly job) and
every referral inserted clears that mark until the next vacuum. Measured at 100 000
households of 1 000 000, after an import of 50 000 rows (rolled back, as `mesurer` does): the
list's middle page went from 22 to 52 ms until a VACUUM. With the defaults, autovacuum waits for 200 000 dead rows of
households (20 %): several imports. At 2 %, one large import or nightly run triggers it."""

from django.db import migrations

TABLES = ("dossiers_menage", "dossiers_saisine")
REGLAGES = (
    "autovacuum_vacuum_scale_factor",
    "autovacuum_vacuum_insert_scale_factor",
    "autovacuum_analyze_scale_factor",
)


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0020_index_des_menages_actifs_par_departement")]

    operations = [
        migrations.RunSQL(
            f"ALTER TABLE {table} SET ({', '.join(f'{r} = 0.02' for r in REGLAGES)})",
            reverse_sql=f"ALTER TABLE {table} RESET ({', '.join(REGLAGES)})",
        )
        for table in TABLES
    ]
