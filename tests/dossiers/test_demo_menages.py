from django.core.management import call_command
from django.utils import timezone

from dossiers.models import Menage
from procedure.deadlines import prochaine_echeance
from procedure.enums import Stade
from procedure.models import Procedure
from procedure.regles import erreurs_de_l_acte
from procedure.stades import stade_de


def test_demo_des_menages_a_tous_les_stades_et_coherente(db):
    call_command("demo", "--menages", "150")
    assert Menage.objects.count() == 150
    call_command("demo", "--menages", "150")
    assert Menage.objects.count() == 150  # idempotent
    call_command("demo", "--menages", "160")
    assert Menage.objects.count() == 160  # topped up

    procedures = list(Procedure.objects.prefetch_related("actes", "dettes"))
    stades = set()
    aujourd_hui = timezone.localdate()
    for procedure in procedures:
        # The stored next deadline is the one computed from the acts and debts (written for
        # the whole lot at once).
        prochaine = prochaine_echeance(procedure.echeances(aujourd_hui))
        assert procedure.prochaine_echeance == (prochaine.date if prochaine else None)
        assert procedure.prochaine_echeance_libelle == (prochaine.libelle if prochaine else "")
        actes = list(procedure.actes.all())
        for acte in actes:
            assert erreurs_de_l_acte(acte, actes, acte.date) == [], (procedure.pk, acte)
        stades.add(stade_de(actes))
    assert stades >= {
        Stade.PREVENTION,
        Stade.CDP,
        Stade.ASSIGNATION,
        Stade.JUGEMENT,
        Stade.CQL,
        Stade.CFP_REQUIS,
        Stade.CFP_ACCORDE,
        Stade.EXPULSION,
    }
    numeros = sorted(Menage.objects.values_list("numero", flat=True))
    assert len(set(numeros)) == 160
    assert all(m.membres.exists() for m in Menage.objects.prefetch_related("membres")[:20])
