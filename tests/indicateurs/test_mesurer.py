"""The benchmark's national fill: COPY-written households are complete and searchable."""

import io

import pytest
from django.core.management import CommandError, call_command

from dossiers import recherche, resume
from dossiers.models import Menage
from indicateurs.management.commands.mesurer import Command
from procedure.models import Procedure


def test_remplissage_national_par_copy(monde):
    Command(stdout=io.StringIO()).remplir_national(30)
    autres = Menage.objects.exclude(departement=monde.departement)
    assert autres.count() == 30
    assert Procedure.objects.filter(menages__in=autres, actes__type="cdp").count() == 30
    # The text written with the rows is the one the services would compute.
    assert recherche.actualiser(autres.values_list("pk", flat=True)) == 0
    # So is the stored summary (stage, deadline, current procedure, reference member).
    assert resume.actualiser(autres.values_list("pk", flat=True)) == 0
    assert set(autres.values_list("stade", flat=True)) == {"cdp"}
    Command(stdout=io.StringIO()).remplir_national(30)  # idempotent
    assert Menage.objects.count() == 30


def test_le_banc_mesure_le_bilan_annuel(monde):
    """Each parc choice of last year's balance is timed against its goal (≤ 1 s)."""
    sortie = io.StringIO()
    manques = Command(stdout=sortie).mesurer_bilan(3)
    lignes = [ligne for ligne in sortie.getvalue().splitlines() if ligne.startswith("bilan")]
    assert len(lignes) == 3, sortie.getvalue()
    assert all("requêtes" in ligne and "objectif ≤ 1000 ms" in ligne for ligne in lignes)
    assert manques == []  # a handful of households: far below the goal


def test_le_banc_refuse_de_mesurer_en_debug(settings):
    """DEBUG keeps every query and renders debug data: timings agents never see."""
    settings.DEBUG = True
    with pytest.raises(CommandError, match="DEBUG=0"):
        call_command("mesurer", "--menages", "10", stdout=io.StringIO())


def test_le_pic_de_memoire_voit_ce_que_l_import_garderait():
    """The import's memory is reported as the peak resident growth during the block."""
    import time

    from indicateurs.management.commands.mesurer import PicMemoire

    with PicMemoire() as rien:
        time.sleep(0.1)
    with PicMemoire() as gros:
        tampon = bytearray(80 * 2**20)
        tampon[:: 2**12] = b"x" * len(range(0, len(tampon), 2**12))  # every page resident
        time.sleep(0.1)
        del tampon
        time.sleep(0.1)  # sampled again after the drop: the peak is kept, not the last level
    assert gros.pic_mo >= 60
    assert rien.pic_mo < 20


def test_le_pic_de_memoire_echantillonne_aussi_a_la_fin(monkeypatch):
    """A block shorter than the sampling interval still reports what it holds at its end."""
    from indicateurs.management.commands.mesurer import PicMemoire

    niveaux = iter([0])
    monkeypatch.setattr(PicMemoire, "_residente", staticmethod(lambda: next(niveaux, 50 * 2**20)))
    with PicMemoire() as court:
        pass
    assert court.pic_mo == 50


def test_le_pic_de_memoire_arrete_son_fil_sur_une_exception():
    from indicateurs.management.commands.mesurer import PicMemoire

    with pytest.raises(ZeroDivisionError), PicMemoire() as memoire:
        1 / 0  # noqa: B018
    assert not memoire._fil.is_alive()


def test_le_departement_mesure_a_les_communes_d_un_grand_departement(monde):
    """The commune filter and fields list as many communes as the Nord's, without taking a
    code already used; a second run adds none."""
    from indicateurs.management.commands.mesurer import completer_communes
    from partenaires.models import Commune
    from tests.partenaires.factories import CommuneFactory

    deja = monde.commune.code_insee
    # Codes the first free ones would take: one in the département, one elsewhere (unique).
    CommuneFactory(departement=monde.departement, code_insee="96001")
    ailleurs = CommuneFactory(departement=monde.autre_departement, code_insee="96002")
    completer_communes(monde.departement, 40)
    communes = Commune.objects.filter(departement=monde.departement)
    assert communes.count() == 40
    assert communes.filter(code_insee=deja).count() == 1
    assert not communes.filter(code_insee=ailleurs.code_insee).exists()
    assert communes.filter(code_insee="96003").exists()
    nouveaux = communes.exclude(code_insee=deja).values_list("code_insee", flat=True)
    assert all(code.startswith("96") and len(code) == 5 for code in nouveaux)
    completer_communes(monde.departement, 40)
    assert communes.count() == 40


def test_la_repartition_du_processeur_compte_le_temps_pris_par_l_hyperviseur():
    """/proc/stat's "cpu" line: user nice system idle iowait irq softirq steal guest…; the
    guest columns are already in user time and are not counted twice."""
    from indicateurs.management.commands.mesurer import repartition

    avant = [100, 0, 50, 800, 10, 0, 0, 40, 7, 0]
    apres = [400, 0, 150, 1300, 60, 0, 50, 140, 900, 0]  # guest +893: ignored
    parts = repartition(avant, apres)
    # Over 1 100 ticks: busy 300 + 100 + 50, idle 500, disk 50, stolen 100.
    assert parts == pytest.approx(
        {"occupe": 450 / 11, "inactif": 500 / 11, "disque": 50 / 11, "vole": 100 / 11}
    )


def test_la_charge_de_la_machine_est_dite_avec_ses_reserves(monkeypatch):
    from indicateurs.management.commands.mesurer import ChargeMachine

    lectures = iter([[0, 0, 0, 0, 0, 0, 0, 0], [60, 0, 0, 20, 0, 0, 0, 20]])
    monkeypatch.setattr(ChargeMachine, "_lire", staticmethod(lambda: next(lectures)))
    with ChargeMachine() as charge:
        pass
    resume = charge.resume()
    assert "occupés à 60 %" in resume and "inactifs 20 %" in resume
    assert "pris par l’hyperviseur 20 %" in resume and "plus lentes que la machine" in resume

    lectures = iter([[0, 0, 0, 0, 0, 0, 0, 0], [60, 0, 0, 39, 0, 0, 0, 1]])
    with ChargeMachine() as calme:
        pass
    assert "hyperviseur 1 %" in calme.resume() and "plus lentes" not in calme.resume()

    monkeypatch.setattr(ChargeMachine, "_lire", staticmethod(lambda: None))
    with ChargeMachine() as ailleurs:
        pass
    assert ailleurs.resume() == "Charge de la machine : inconnue (pas de /proc/stat)."


def test_la_charge_se_lit_vraiment_sur_cette_machine():
    """On Linux (CI, this machine), the real /proc/stat is read and adds up to 100 %."""
    import time

    from indicateurs.management.commands.mesurer import ChargeMachine, repartition

    with ChargeMachine() as charge:
        time.sleep(0.2)
    assert charge._avant and charge._apres and len(charge._avant) >= 8
    assert sum(repartition(charge._avant, charge._apres).values()) == pytest.approx(100)


@pytest.mark.django_db(transaction=True)  # the run's VACUUM cannot run in a transaction
def test_le_banc_dit_la_vitesse_et_la_charge_de_sa_machine(monde, monkeypatch, settings):
    """A run prints the yardstick before and after the measures and the load in between:
    figures of two runs compare only on comparable machines. The fill and the pages are
    skipped here (tested above), not the reporting."""
    from indicateurs.management.commands import mesurer

    settings.DEBUG = False
    monde.secretariat.email = "secretariat@ccapex.example"
    monde.secretariat.save()
    monkeypatch.setattr(mesurer, "call_command", lambda *a, **k: None)
    monkeypatch.setattr(mesurer, "completer_communes", lambda *a, **k: None)
    monkeypatch.setattr(mesurer.Command, "pages", lambda self: [])
    vitesses = iter([0.41, 0.63])
    monkeypatch.setattr(mesurer, "reference_processeur", lambda: next(vitesses))
    sortie = io.StringIO()
    call_command(
        "mesurer", "--repetitions", "3", "--lignes-import", "0", "--sans-export", stdout=sortie
    )
    texte = sortie.getvalue()
    assert "0.41 s avant les mesures, 0.63 s après" in texte
    assert "Charge de la machine pendant les mesures : " in texte
    assert texte.index("bilan") < texte.index("Charge de la machine")
    assert "Tous les objectifs sont atteints." in texte
