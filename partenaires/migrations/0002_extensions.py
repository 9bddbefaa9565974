from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """Accent- and case-insensitive search on names and addresses needs these extensions."""

    dependencies = [("partenaires", "0001_initial")]

    operations = [UnaccentExtension(), TrigramExtension()]
