from django.core.management import call_command

from dossiers.enums import CanalSaisine, StatutSaisine
from dossiers.models import EvenementJournal, Menage, MessageSaisine, RegleOrientation, Saisine
from partenaires.models import Utilisateur
from procedure.models import ActeProcedure


def photo():
    return (
        Saisine.objects.count(),
        Menage.objects.count(),
        ActeProcedure.objects.count(),
        EvenementJournal.objects.count(),
        MessageSaisine.objects.count(),
        RegleOrientation.objects.count(),
        Utilisateur.objects.count(),
    )


def test_demo_des_saisines_a_chaque_statut_et_idempotente(db):
    call_command("demo", "--menages", "60")
    statuts = set(Saisine.objects.values_list("statut", flat=True))
    assert statuts >= {
        StatutSaisine.BROUILLON,
        StatutSaisine.SOUMISE,
        StatutSaisine.INCOMPLETE,
        StatutSaisine.COMPLETEE,
        StatutSaisine.RECEVABLE,
        StatutSaisine.IRRECEVABLE,
        StatutSaisine.ENREGISTREE,
        StatutSaisine.ORIENTEE,
        StatutSaisine.PRISE_EN_CHARGE,
    }
    canaux = set(Saisine.objects.values_list("canal", flat=True))
    assert {
        CanalSaisine.CDP,
        CanalSaisine.SIGNALEMENT_CAF,
        CanalSaisine.SAISINE_PREALABLE,
    } <= canaux
    # 30 imported CDP reports; the commission's demo adds the reports its orientation
    # decisions name (reference DEMO-ORIENTATION-…).
    importes = Saisine.objects.filter(canal=CanalSaisine.CDP).exclude(
        reference_source__startswith="DEMO-ORIENTATION-"
    )
    assert importes.count() == 30
    assert Saisine.objects.filter(canal=CanalSaisine.CDP, menage__isnull=False).exists()
    assert Utilisateur.objects.filter(email="ccas@ccapex.example").exists()
    assert Menage.objects.count() == 60  # the referrals attach to demo households, add none
    avant = photo()
    call_command("demo", "--menages", "60")
    assert photo() == avant  # a second run creates nothing
