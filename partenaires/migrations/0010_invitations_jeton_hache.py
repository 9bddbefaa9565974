import hashlib

from django.db import migrations


def hacher(apps, schema_editor):
    """Pending invitations keep working: their stored secret becomes its SHA-256."""
    Invitation = apps.get_model("partenaires", "Invitation")
    for invitation in Invitation.objects.all().only("pk", "jeton"):
        invitation.jeton = hashlib.sha256(invitation.jeton.encode()).hexdigest()
        invitation.save(update_fields=["jeton"])


class Migration(migrations.Migration):
    dependencies = [("partenaires", "0009_annuaire")]

    operations = [migrations.RunPython(hacher, migrations.RunPython.noop, elidable=True)]
