from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """Accent- and case-insensitive search on names and addresses needs these extensions."""

    dependencies = [("partenaires", "0001_initial")]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        # An IMMUTABLE wrapper (fixed dictionary) so that trigram indexes can use it.
        migrations.RunSQL(
            """
            CREATE OR REPLACE FUNCTION immutable_unaccent(text) RETURNS text
            LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
            RETURN public.unaccent('public.unaccent'::regdictionary, $1);
            """,
            "DROP FUNCTION IF EXISTS immutable_unaccent(text);",
        ),
    ]
