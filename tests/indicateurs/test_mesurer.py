"""The benchmark's national fill: COPY-written households are complete and searchable."""

import io
import os

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

    # Every column moves, so that leaving one out or counting one twice changes a share.
    avant = [100, 10, 50, 800, 10, 5, 0, 40, 7, 3]
    apres = [400, 30, 150, 1360, 60, 25, 50, 140, 900, 500]  # guest +893, guest_nice +497
    parts = repartition(avant, apres)
    # Over 1 200 ticks: busy 300 + 20 + 100 + 20 + 50 (user nice system irq softirq), idle
    # 560, disk 50, stolen 100.
    assert parts == pytest.approx(
        {"occupe": 490 / 12, "inactif": 560 / 12, "disque": 50 / 12, "vole": 100 / 12}
    )


def test_la_repartition_tient_aux_lectures_courtes_et_aux_compteurs_qui_reculent():
    """An old kernel's shorter line (no steal before 2.6.11, no iowait… before 2.5.41) counts
    the missing columns as zero; iowait may go back (proc(5)): no negative share; a block
    during which no tick was counted has no shares (not 0 % of everything)."""
    from indicateurs.management.commands.mesurer import repartition

    assert repartition([0] * 7, [60, 0, 0, 40, 0, 0, 0]) == pytest.approx(
        {"occupe": 60, "inactif": 40, "disque": 0, "vole": 0}
    )
    assert repartition([0] * 4, [60, 0, 0, 40]) == pytest.approx(
        {"occupe": 60, "inactif": 40, "disque": 0, "vole": 0}
    )
    recul = repartition([0, 0, 0, 0, 100, 0, 0, 0], [50, 0, 0, 50, 90, 0, 0, 0])
    assert recul == pytest.approx({"occupe": 50, "inactif": 50, "disque": 0, "vole": 0})
    assert repartition([5] * 10, [5] * 10) is None


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


@pytest.mark.parametrize(
    ("vole", "affiche", "averti"),
    [(500, "5 %", True), (460, "5 %", True), (449, "4 %", False), (400, "4 %", False)],
)
def test_l_avertissement_de_l_hyperviseur_commence_a_5_pour_cent(vole, affiche, averti):
    """The warning comes from 5 % of stolen time, as printed: never "5 %" without it, nor
    "4 %" with it."""
    from indicateurs.management.commands.mesurer import ChargeMachine

    charge = ChargeMachine()
    charge._avant, charge._apres = [0] * 8, [6000, 0, 0, 4000 - vole, 0, 0, 0, vole]
    resume = charge.resume()
    assert f"pris par l’hyperviseur {affiche} ;" in resume
    assert ("plus lentes que la machine seule" in resume) is averti


def test_la_charge_sans_temps_compte_ni_moyenne_de_charge(monkeypatch):
    from indicateurs.management.commands import mesurer

    charge = mesurer.ChargeMachine()
    charge._avant = charge._apres = [7] * 10
    assert charge.resume() == (
        "Charge de la machine : inconnue (aucun temps compté par /proc/stat)."
    )

    charge._apres = [60, 0, 0, 40, 0, 0, 0, 0]
    charge._avant = [0] * 8

    def indisponible():
        raise OSError("Load averages are unobtainable")

    monkeypatch.setattr(mesurer.os, "getloadavg", indisponible)
    assert "charge moyenne sur 1 min à la fin : inconnue." in charge.resume()
    monkeypatch.delattr(mesurer.os, "getloadavg")
    assert "charge moyenne sur 1 min à la fin : inconnue." in charge.resume()


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
    # What happens when: the yardstick around the measures, /proc/stat read just before the
    # first measure and after the last one.
    journal = []
    vitesses = iter([0.41, 0.63])

    def reference():
        journal.append("référence")
        return next(vitesses)

    lectures = iter([[0] * 8, [70, 0, 0, 20, 0, 0, 0, 10]])

    def lire():
        journal.append("/proc/stat")
        return next(lectures)

    bilan = mesurer.Command.mesurer_bilan

    def mesurer_bilan(self, repetitions):
        manques = bilan(self, repetitions)
        journal.append("bilan mesuré")
        return manques

    monkeypatch.setattr(mesurer, "reference_processeur", reference)
    monkeypatch.setattr(mesurer.ChargeMachine, "_lire", staticmethod(lire))
    monkeypatch.setattr(mesurer.Command, "mesurer_bilan", mesurer_bilan)
    sortie = io.StringIO()
    call_command(
        "mesurer", "--repetitions", "3", "--lignes-import", "0", "--sans-export", stdout=sortie
    )
    texte = sortie.getvalue()
    assert journal == ["référence", "/proc/stat", "bilan mesuré", "/proc/stat", "référence"]
    avant = "Référence processeur avant les mesures : sum(range(30 000 000)) en 0.41 s"
    assert avant in texte and texte.index(avant) < texte.index("bilan")
    assert "Référence processeur après les mesures : sum(range(30 000 000)) en 0.63 s" in texte
    assert (
        "Charge de la machine pendant les mesures : "
        f"{os.cpu_count()} cœurs occupés à 70 %, inactifs 20 %, en attente du disque 0 %, "
        "pris par l’hyperviseur 10 %" in texte
    )
    assert "plus lentes que la machine seule" in texte
    assert texte.rindex("bilan") < texte.index("Charge de la machine")
    assert texte.index("Charge de la machine") < texte.index("Tous les objectifs sont atteints.")
