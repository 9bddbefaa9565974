"""The stored summary and search text under concurrent writers, on two real connections
(READ COMMITTED).

A summary UPDATE that took its snapshot before another transaction committed, then waited for
that transaction's lock on the household's row, used to write values computed from the old
snapshot over the fresh ones (PostgreSQL rechecks the target row, not the sub-selects).
`resume.actualiser` and `recherche.actualiser` now lock the households first and compute in a
second statement (`dossiers.verrous`)."""

import threading
import time
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection, transaction

from dossiers import recherche, resume
from dossiers.models import Menage
from dossiers.services import menages as services
from procedure import services as procedure_services
from procedure.models import Procedure
from tests.dossiers.factories import MembreFactory, menage_avec_procedure
from tests.partenaires.factories import DepartementFactory

pytestmark = pytest.mark.django_db(transaction=True)

DELAI = 10  # seconds: a lost wake-up or a deadlock fails the test instead of hanging CI


class Fil(threading.Thread):
    """`cible()` on its own database connection; `fin()` joins and re-raises its error."""

    def __init__(self, cible):
        super().__init__(daemon=True)
        self.cible, self.pid, self.resultat, self.erreur = cible, None, None, None

    def run(self):
        try:
            with connection.cursor() as curseur:
                curseur.execute("SELECT set_config('lock_timeout', %s, false)", [f"{DELAI}s"])
                curseur.execute("SELECT pg_backend_pid()")
                self.pid = curseur.fetchone()[0]
            self.resultat = self.cible()
        except BaseException as erreur:  # re-raised by fin()
            self.erreur = erreur
        finally:
            connection.close()

    def fin(self):
        self.join(DELAI)
        assert not self.is_alive(), "thread still running"
        if self.erreur:
            raise self.erreur
        return self.resultat


def attendre(evenement: threading.Event, fil: Fil) -> None:
    limite = time.monotonic() + DELAI
    while not evenement.wait(0.01):
        if not fil.is_alive():
            fil.fin()  # its error, if any
            raise AssertionError("thread ended before the event")
        assert time.monotonic() < limite, "event never set"


def en_attente_d_un_verrou(fil: Fil) -> bool:
    if fil.pid is None:
        return False
    with connection.cursor() as curseur:  # autocommit: a fresh activity snapshot each time
        curseur.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [fil.pid])
        ligne = curseur.fetchone()
    return bool(ligne) and ligne[0] == "Lock"


def attendre_le_verrou(fil: Fil) -> None:
    """Until `fil`'s backend waits for a lock (the interleaving the tests are about)."""
    limite = time.monotonic() + DELAI
    while time.monotonic() < limite:
        if en_attente_d_un_verrou(fil):
            return
        if not fil.is_alive():
            fil.fin()
            raise AssertionError("the thread ended without waiting for the household's lock")
        time.sleep(0.005)
    raise AssertionError("the thread never waited for the household's lock")


def finir_sans_attendre(fil: Fil):
    """Start `fil` and let it end without ever waiting for a lock; returns its result."""
    fil.start()
    limite = time.monotonic() + DELAI
    while fil.is_alive():
        assert not en_attente_d_un_verrou(fil), "the thread waits for a lock"
        assert time.monotonic() < limite
        time.sleep(0.005)
    return fil.fin()


def dette_stockee(menage) -> Decimal | None:
    return Menage.objects.values_list("dette", flat=True).get(pk=menage.pk)


def menage_au_resume_en_retard():
    """A household whose latest debt is 100 but whose stored summary says 1: a summary that
    differs from its inputs, as after a change the date alone brings (the nightly run's
    reason to exist) or a transaction that changed an input and has not refreshed it yet.
    A summary UPDATE writes only such rows: the others are filtered out before any lock."""
    menage = menage_avec_procedure(
        DepartementFactory(code="95"), dettes=[(date(2025, 1, 1), Decimal("100"))]
    )
    Menage.objects.filter(pk=menage.pk).update(dette=Decimal("1"))
    return menage, menage.procedures.get()


def ajout_de_dette_en_attente(procedure, relache: threading.Event, ecrit: threading.Event):
    """Another agent records a debt of 300 (the service refreshes the summary through the
    procedure's signal), then holds its transaction open until `relache`."""

    def ajouter():
        with transaction.atomic():
            procedure_services.enregistrer_dette(
                procedure, date=date(2025, 6, 1), montant=Decimal("300"), par=None
            )
            ecrit.set()
            assert relache.wait(DELAI)

    return Fil(ajouter)


def entrelacer(premier: Fil, ecrit, relache, second) -> Fil:
    """`premier` writes and holds its transaction (`ecrit`, until `relache`); `second()` then
    starts on another connection and must wait for its lock before `premier` commits."""
    premier.start()
    attendre(ecrit, premier)
    autre = Fil(second)
    autre.start()
    try:
        attendre_le_verrou(autre)
    finally:
        relache.set()
        premier.fin()
        autre.fin()
    return autre


def course(menage, procedure, concurrent) -> Fil:
    """`concurrent()` starts while the debt's transaction holds the household: it must wait
    for it, then leave the fresh summary (debt 300)."""
    ecrit, relache = threading.Event(), threading.Event()
    dette = ajout_de_dette_en_attente(procedure, relache, ecrit)
    autre = entrelacer(dette, ecrit, relache, concurrent)
    assert dette_stockee(menage) == Decimal("300")
    assert resume.actualiser([menage.pk]) == 0  # nothing else left stale either
    return autre


def membre_ajoute(menage, ecrit, relache):
    """Another agent's transaction: a member added and the search text refreshed, held open
    from `ecrit` until `relache`."""

    def ajouter():
        with transaction.atomic():
            MembreFactory(menage=menage, nom="Nouvelle", prenom="Zoé")
            recherche.actualiser([menage.pk])
            ecrit.set()
            assert relache.wait(DELAI)

    return ajouter


def test_deux_actualisations_concurrentes_gardent_le_resume_frais():
    menage, procedure = menage_au_resume_en_retard()
    course(menage, procedure, lambda: resume.actualiser([menage.pk]))


def test_la_reconstruction_de_nuit_ne_remet_pas_un_resume_perime():
    menage, procedure = menage_au_resume_en_retard()
    nuit = course(menage, procedure, lambda: resume.reconstruire())
    assert nuit.resultat == 0  # the debt's transaction had already written the fresh summary


def test_une_ligne_ecrite_pour_le_menage_n_attend_pas_le_verrou_du_resume():
    """A note, a document, a referral… points to the household: its foreign key check, at
    commit (Django's constraints are deferred), takes a KEY SHARE lock on the household's row.
    FOR UPDATE would make every such commit wait for any summary being written (a rebuild's
    range, another agent's transaction); FOR NO KEY UPDATE, like the UPDATE itself, does not."""
    menage = menage_avec_procedure(DepartementFactory(code="95"))
    verrouille, relache = threading.Event(), threading.Event()

    def resume_en_cours():
        with transaction.atomic():
            resume.actualiser([menage.pk])
            verrouille.set()
            assert relache.wait(DELAI)

    resume_ouvert = Fil(resume_en_cours)
    resume_ouvert.start()
    try:
        attendre(verrouille, resume_ouvert)
        note = Fil(lambda: services.ecrire_note(menage, texte="Appel du bailleur", par=None))
        finir_sans_attendre(note)
    finally:
        relache.set()
        resume_ouvert.fin()


def test_le_texte_de_recherche_garde_l_ecriture_concurrente():
    """The search text has no nightly repair: a member added by one agent while another
    edits the procedure's court number must end up searchable, and the number too. Computed
    in the UPDATE itself, the second writer's text, read before the first one's commit, lost
    the new member."""
    menage = menage_avec_procedure(DepartementFactory(code="95"), nom="Ancien")
    procedure = menage.procedures.get()
    ecrit, relache = threading.Event(), threading.Event()

    def changer_le_numero_rg():
        with transaction.atomic():
            Procedure.objects.filter(pk=procedure.pk).update(numero_rg="26/99999")
            recherche.actualiser([menage.pk])

    entrelacer(Fil(membre_ajoute(menage, ecrit, relache)), ecrit, relache, changer_le_numero_rg)
    texte = Menage.objects.values_list("texte_recherche", flat=True).get(pk=menage.pk)
    assert "nouvelle zoe" in texte and "26/99999" in texte, texte
    assert recherche.actualiser([menage.pk]) == 0


def test_la_reconstruction_du_texte_de_recherche_ne_remet_pas_un_texte_perime():
    """The rebuild's single UPDATE per range computed the text from its snapshot, then waited
    for the household's lock (another agent adding a member), then wrote its old text over
    the fresh one. It now reads the households to change and hands them to `actualiser`."""
    menage = menage_avec_procedure(DepartementFactory(code="95"), nom="Ancien")
    Menage.objects.filter(pk=menage.pk).update(texte_recherche="perime")  # after a bulk load
    ecrit, relache = threading.Event(), threading.Event()

    nuit = entrelacer(
        Fil(membre_ajoute(menage, ecrit, relache)), ecrit, relache, recherche.reconstruire
    )
    texte = Menage.objects.values_list("texte_recherche", flat=True).get(pk=menage.pk)
    assert "nouvelle zoe" in texte, texte
    assert nuit.resultat == 0  # the member's transaction had already written the fresh text


def test_une_fusion_et_une_actualisation_des_deux_menages_ne_s_interbloquent_pas():
    """`verrouiller_menages` locks in id order so that two writers never wait for each other
    in a cycle; the merge locks the same two households itself (FOR UPDATE, to read their
    status). In the model's default order (newest first) it took the newer one first: while a
    third transaction held it, the merge queued for it, an actualiser([older, newer]) (the
    procedure shared by the two dossiers edited, say) took the older one and queued too; at
    release the merge got the newer one and waited for the older: deadlock."""
    from dossiers.services.menages import fusionner

    departement = DepartementFactory(code="95")
    ancien = menage_avec_procedure(departement, nom="Doublon")
    recent = menage_avec_procedure(departement, nom="Doublon")
    assert ancien.pk < recent.pk
    Menage.objects.filter(pk=recent.pk).update(cree_le=ancien.cree_le + timedelta(hours=1))
    tient, relache = threading.Event(), threading.Event()

    def tenir_le_recent():
        with transaction.atomic():
            resume.actualiser([recent.pk])  # an agent's transaction on the newer dossier
            tient.set()
            assert relache.wait(DELAI)

    tenue = Fil(tenir_le_recent)
    tenue.start()
    attendre(tient, tenue)
    fusion = Fil(lambda: fusionner(ancien, recent, par=None))
    deux = Fil(lambda: resume.actualiser([ancien.pk, recent.pk]))
    try:
        fusion.start()
        attendre_le_verrou(fusion)
        deux.start()
        attendre_le_verrou(deux)
    finally:
        relache.set()
        tenue.fin()
        fusion.fin()  # raised "deadlock detected" (or the other one did)
        deux.fin()
    assert Menage.objects.get(pk=recent.pk).fusionne_dans_id == ancien.pk
