"""Lock modes and lock orders of the writers of a household and its procedures, on real
concurrent connections (the helpers of `test_resume_concurrence`)."""

import threading
import time
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from ccapex.concurrence import sauvegarder_versionne
from dossiers import recherche, resume
from dossiers.imports import service
from dossiers.imports.exemples import en_csv, generer
from dossiers.imports.formats import FORMATS
from dossiers.models import Menage, Saisine
from dossiers.services import menages as services
from procedure import services as procedure_services
from procedure.enums import Motif, NatureBailleur, Parc, TypeActe
from procedure.models import ActeProcedure, Procedure
from tests.dossiers.factories import menage_avec_procedure
from tests.dossiers.test_resume_concurrence import (
    DELAI,
    Fil,
    attendre,
    attendre_le_verrou,
    en_attente_d_un_verrou,
    entrelacer,
    finir_sans_attendre,
)
from tests.partenaires.factories import DepartementFactory

pytestmark = pytest.mark.django_db(transaction=True)


def importer_cdp(monde, lignes):
    """CDP report rows imported for real by the secretariat."""
    return service.importer(
        en_csv("cdp", lignes),
        "csv",
        spec=FORMATS["cdp"],
        departement=monde.departement,
        par=monde.secretariat,
        simulation=False,
    )


def test_un_acte_ajoute_n_attend_pas_la_sauvegarde_versionnee_de_sa_procedure():
    """The new act's foreign key check (at commit) takes KEY SHARE on the procedure: a
    versioned save holding it FOR UPDATE (an agent editing the procedure) made every act,
    debt or link of that procedure wait for the end of the edit's transaction."""
    procedure = menage_avec_procedure(DepartementFactory(code="95")).procedures.get()
    verrouille, relache = threading.Event(), threading.Event()

    def modifier():
        with transaction.atomic():
            procedure.numero_rg = "26/00042"
            sauvegarder_versionne(procedure, version_lue=procedure.version)
            verrouille.set()
            assert relache.wait(DELAI)

    edition = Fil(modifier)
    edition.start()
    try:
        attendre(verrouille, edition)
        finir_sans_attendre(
            Fil(
                lambda: ActeProcedure.objects.create(
                    procedure_id=procedure.pk, type=TypeActe.CDP, date=date(2025, 1, 1)
                )
            )
        )
    finally:
        relache.set()
        edition.fin()
    assert procedure.actes.filter(type=TypeActe.CDP).exists()


def test_un_import_et_l_acte_d_un_agent_sur_la_meme_procedure_ne_s_interbloquent_pas(monde):
    """An import chunk locks its households (summary) and, at commit, checks the foreign keys
    of its rows (KEY SHARE on the procedure). Its row here brings an act already known: the
    procedure's deadline is unchanged, so nothing locked the procedure earlier. An agent
    recording an act locked the procedure FOR UPDATE, then waited for the household: at the
    chunk's commit, each waited for the other."""
    menage = menage_avec_procedure(
        monde.departement, numero_allocataire="7654321", actes=[(TypeActe.CDP, date(2025, 3, 15))]
    )
    procedure = menage.procedures.get()
    ligne = generer("cdp", 1, codes_communes=[monde.commune.code_insee], aujourd_hui=date.today())
    ligne[0].update(
        numero_allocataire="7654321", date_acte="15/03/2025", montant_dette="", mois_impayes=""
    )
    ecrit, relache = threading.Event(), threading.Event()

    def importer():
        with transaction.atomic():  # the chunk's transaction, held open after its writes
            rapport = importer_cdp(monde, ligne)
            ecrit.set()
            assert relache.wait(DELAI)
        return rapport

    def ajouter_un_acte():
        return services.ajouter_acte(
            menage, procedure, par=None, type=TypeActe.ASSIGNATION, date=date(2025, 4, 1)
        )

    import_ = Fil(importer)
    entrelacer(import_, ecrit, relache, ajouter_un_acte)  # raised "deadlock detected"
    assert import_.resultat.lignes[0]["issue"] == "rapprochee"
    assert sorted(procedure.actes.values_list("type", flat=True)) == ["assignation", "cdp"]


def fusion_en_pause(monkeypatch, garde, absorbe):
    """The merge of `absorbe` into `garde` on its own connection, pausing (`en_pause`, until
    `reprise`) once everything is moved and locked, before computing text and summary."""
    en_pause, reprise = threading.Event(), threading.Event()
    actualiser = recherche.actualiser

    def actualiser_apres_une_pause(ids):
        if threading.current_thread() is fusion:
            en_pause.set()
            assert reprise.wait(DELAI)
        return actualiser(ids)

    monkeypatch.setattr(recherche, "actualiser", actualiser_apres_une_pause)
    fusion = Fil(lambda: services.fusionner(garde, absorbe, par=None))
    return fusion, en_pause, reprise


def test_une_fusion_et_la_modification_d_une_procedure_du_doublon_gardent_le_resume_frais(
    monkeypatch,
):
    """A procedure of the duplicate edited while the merge runs. The edit read the procedure's
    household (the duplicate, not yet merged), then waited for its lock; the merge had
    computed the kept dossier's summary and search text before the edit's commit: the new
    court number never reached the kept dossier. The merge now locks the procedures first,
    FOR SHARE, as writers do (procedure, then household): the edit runs before or after it."""
    departement = DepartementFactory(code="95")
    garde = menage_avec_procedure(departement, nom="Doublon")
    absorbe = menage_avec_procedure(departement, nom="Doublon")
    procedure = absorbe.procedures.get()
    actualiser = recherche.actualiser
    fusion, en_pause, reprise = fusion_en_pause(monkeypatch, garde, absorbe)

    def modifier_la_procedure():
        # What `services.modifier_procedure` writes, without its check of the household.
        with transaction.atomic():
            procedure_services.modifier_procedure(
                procedure, par=None, version_lue=procedure.version, numero_rg="26/99999"
            )
            actualiser(procedure.menages.values_list("pk", flat=True))

    entrelacer(fusion, en_pause, reprise, modifier_la_procedure)
    monkeypatch.undo()
    numero_rg, texte = Menage.objects.values_list("numero_rg", "texte_recherche").get(pk=garde.pk)
    assert numero_rg == "26/99999" and "26/99999" in texte, (numero_rg, texte)
    assert resume.actualiser([garde.pk, absorbe.pk]) == 0
    assert recherche.actualiser([garde.pk, absorbe.pk]) == 0


def test_un_acte_saisi_sur_le_doublon_pendant_la_fusion_est_refuse(monkeypatch):
    """The agent's page was loaded before the merge: the service waits for the merge, then
    reads the household's status under its lock and refuses, rather than recording the act
    and its journal line on the merged dossier."""
    departement = DepartementFactory(code="95")
    garde = menage_avec_procedure(departement, nom="Doublon")
    absorbe = menage_avec_procedure(departement, nom="Doublon")
    procedure = absorbe.procedures.get()
    fusion, en_pause, reprise = fusion_en_pause(monkeypatch, garde, absorbe)

    def ajouter_un_acte():
        services.ajouter_acte(
            absorbe, procedure, par=None, type=TypeActe.CDP, date=date(2025, 1, 1)
        )

    with pytest.raises(ValidationError, match=f"fusionné dans le dossier {garde.numero}"):
        entrelacer(fusion, en_pause, reprise, ajouter_un_acte)
    assert not procedure.actes.filter(type=TypeActe.CDP).exists()
    assert Menage.objects.get(pk=absorbe.pk).fusionne_dans_id == garde.pk


def test_un_import_et_une_fusion_partageant_deux_procedures_ne_s_interbloquent_pas(monde):
    """An import chunk updated its known procedures' deadlines in the order of its file (one
    UPDATE from arrays), the merge locks them FOR SHARE in id order. Another merge holding
    the first procedure FOR SHARE (compatible with the merge's, not with the chunk's) lets
    the chunk take the second one, then wait; the merge takes the first, waits for the
    second: at the other merge's commit, each waited for the other. The chunk now locks its
    known procedures in id order before writing them."""
    garde = menage_avec_procedure(monde.departement, nom="Doublon", numero_allocataire="1111111")
    absorbe = menage_avec_procedure(monde.departement, nom="Doublon", numero_allocataire="2222222")
    premiere, seconde = garde.procedures.get(), absorbe.procedures.get()
    assert premiere.pk < seconde.pk
    # Rewritten, the first procedure's row now lies after the second in the table: the
    # UPDATE from arrays meets the rows in the table's order (a hash join here) or in the
    # file's (nested loop), the second first in both cases, as any edit may leave them.
    with connection.cursor() as curseur:
        curseur.execute("UPDATE procedure_procedure SET id = id WHERE id = %s", [premiere.pk])
    lignes = generer("cdp", 2, codes_communes=[monde.commune.code_insee], aujourd_hui=date.today())
    recent = f"{date.today() - timedelta(days=10):%d/%m/%Y}"  # a CDP: a new deadline to write
    # The higher id first in the file, hence in the chunk's plan.
    lignes[0].update(numero_allocataire="2222222", date_acte=recent)
    lignes[1].update(numero_allocataire="1111111", date_acte=recent)
    partage, relache = threading.Event(), threading.Event()

    def autre_fusion_en_cours():
        with transaction.atomic(), connection.cursor() as curseur:
            curseur.execute(
                "SELECT id FROM procedure_procedure WHERE id = %s FOR SHARE", [premiere.pk]
            )
            partage.set()
            assert relache.wait(DELAI)

    def importer():
        return importer_cdp(monde, lignes)

    autre = Fil(autre_fusion_en_cours)
    import_ = Fil(importer)
    fusion = Fil(lambda: services.fusionner(garde, absorbe, par=None))
    autre.start()
    try:
        attendre(partage, autre)
        import_.start()
        attendre_le_verrou(import_)  # on the first procedure
        fusion.start()
        limite = time.monotonic() + DELAI
        # Without the fix the merge waits for the second procedure; with it, it ends.
        while fusion.is_alive() and not en_attente_d_un_verrou(fusion):
            assert time.monotonic() < limite, "the merge neither ended nor waited"
            time.sleep(0.005)
    finally:
        relache.set()
        autre.fin()
    erreurs = []
    for fil in (import_, fusion):
        try:
            fil.fin()
        except Exception as erreur:  # "deadlock detected" without the fix
            erreurs.append(erreur)
    assert not erreurs, erreurs
    assert Menage.objects.get(pk=absorbe.pk).fusionne_dans_id == garde.pk
    # The merge committed before the chunk locked anything of the duplicate: the chunk, read
    # again, no longer matches it, and leaves nothing on the merged dossier.
    assert import_.resultat.lignes[1]["issue"] == "rapprochee"
    # On the kept dossier's current procedure (the duplicate's, newer, moved by the merge).
    assert list(
        ActeProcedure.objects.filter(procedure__menages=garde, type=TypeActe.CDP).values_list(
            "procedure_id", flat=True
        )
    ) == [seconde.pk]
    assert seconde.menages.get() == garde
    assert (
        Saisine.objects.filter(reference_source__in=[x["reference"] for x in lignes]).count() == 2
    )
    assert not Saisine.objects.filter(menage=absorbe).exists()
    assert not absorbe.journal.filter(saisine__isnull=False).exists()
    assert resume.actualiser([garde.pk, absorbe.pk]) == 0


def import_apres_un_acte_d_agent(monkeypatch, monde, menage, date_acte: date, agir):
    """One CDP row of `menage` imported; `agir()` (an agent's act, committed) runs on another
    connection once the chunk has matched the household and read its procedure, before the
    chunk takes its first lock (the referral-number counter)."""
    ligne = generer("cdp", 1, codes_communes=[monde.commune.code_insee], aujourd_hui=date.today())
    ligne[0].update(
        numero_allocataire=menage.numero_allocataire,
        date_acte=f"{date_acte:%d/%m/%Y}",
        montant_dette="",
        mois_impayes="",
    )
    reserver = service.reserver_numeros

    fois = []

    def reserver_apres_l_agent(**kwargs):
        if not fois:  # once: the chunk may run again, the agent acts once
            fois.append(finir_sans_attendre(Fil(agir)))  # no lock held yet: it never waits
        return reserver(**kwargs)

    monkeypatch.setattr(service, "reserver_numeros", reserver_apres_l_agent)
    rapport = importer_cdp(monde, ligne)
    monkeypatch.undo()
    return rapport.lignes[0]


def test_l_echeance_ecrite_par_un_import_compte_l_acte_d_un_agent_qui_l_a_precede(
    monkeypatch, monde
):
    """The chunk read its known procedures' acts before locking them: an agent's act
    committed in between was missing from the deadline the chunk wrote on the procedure and
    the household's summary, stale until the night. The acts and debts are now read after
    the chunk has locked the procedures."""
    cdp = date.today() - timedelta(days=90)
    menage = menage_avec_procedure(
        monde.departement, numero_allocataire="7654321", actes=[(TypeActe.CDP, cdp)]
    )
    procedure = menage.procedures.get()

    def assigner():
        services.ajouter_acte(
            menage,
            procedure,
            par=None,
            type=TypeActe.ASSIGNATION,
            date=date.today() - timedelta(days=5),
        )

    ligne = import_apres_un_acte_d_agent(monkeypatch, monde, menage, cdp, assigner)
    assert ligne["issue"] == "rapprochee" and "acte déjà connu" in ligne["detail"]
    ecrite = Procedure.objects.values_list("prochaine_echeance", "prochaine_echeance_libelle")
    lue = ecrite.get(pk=procedure.pk)
    procedure_services.recalculer_echeance(procedure)  # what the rules say from every act
    assert lue == ecrite.get(pk=procedure.pk)
    assert resume.actualiser([menage.pk]) == 0  # the summary was fresh too


def test_un_acte_saisi_par_un_agent_avant_le_verrou_de_l_import_n_est_pas_cree_deux_fois(
    monkeypatch, monde
):
    """The same CDP recorded by an agent while the chunk ran: the chunk, deciding from the
    acts it read before its lock, created it a second time."""
    menage = menage_avec_procedure(monde.departement, numero_allocataire="7654321")
    procedure = menage.procedures.get()
    jour = date.today() - timedelta(days=20)

    def saisir_la_cdp():
        services.ajouter_acte(menage, procedure, par=None, type=TypeActe.CDP, date=jour)

    ligne = import_apres_un_acte_d_agent(monkeypatch, monde, menage, jour, saisir_la_cdp)
    assert ligne["issue"] == "rapprochee" and "acte déjà connu" in ligne["detail"], ligne
    assert procedure.actes.filter(type=TypeActe.CDP).count() == 1
    assert resume.actualiser([menage.pk]) == 0


def test_un_acte_d_agent_en_cours_est_attendu_par_l_import_puis_compte(monde):
    """The agent's transaction holds its act uncommitted when the chunk reaches its known
    procedures: the chunk waits for the procedure's lock and reads the act after it. Without
    the lock (the acts merely read after the counter) it created the same CDP again."""
    jour = date.today() - timedelta(days=20)
    menage = menage_avec_procedure(monde.departement, numero_allocataire="7654321")
    procedure = menage.procedures.get()
    ligne = generer("cdp", 1, codes_communes=[monde.commune.code_insee], aujourd_hui=date.today())
    ligne[0].update(
        numero_allocataire="7654321",
        date_acte=f"{jour:%d/%m/%Y}",
        montant_dette="",
        mois_impayes="",
    )
    ecrit, relache = threading.Event(), threading.Event()

    def saisir_la_cdp():
        with transaction.atomic():
            services.ajouter_acte(menage, procedure, par=None, type=TypeActe.CDP, date=jour)
            ecrit.set()
            assert relache.wait(DELAI)

    def importer():
        return importer_cdp(monde, ligne)

    import_ = entrelacer(Fil(saisir_la_cdp), ecrit, relache, importer)
    resultat = import_.resultat.lignes[0]
    assert resultat["issue"] == "rapprochee" and "acte déjà connu" in resultat["detail"]
    assert procedure.actes.filter(type=TypeActe.CDP).count() == 1
    assert resume.actualiser([menage.pk]) == 0


def nouvelle_procedure_d_agent(monde, menage):
    return lambda: services.creer_procedure_du_menage(
        menage,
        par=None,
        bailleur_nom="SCI des Tilleuls",
        bailleur_nature=NatureBailleur.PERSONNE_MORALE,
        locataires="M. Martin",
        adresse="1 rue des Tilleuls",
        commune=monde.commune,
        parc=Parc.PRIVE,
        motif=Motif.IMPAYES,
    )


def test_l_import_rattache_l_acte_a_la_procedure_ouverte_par_un_agent_avant_son_verrou(
    monkeypatch, monde
):
    """The chunk picks a household's current procedure before any lock: one an agent opened
    in between (committed before the chunk locks the households) was missed, and the act
    went to the older procedure. The chunk now checks, once the households are locked, that
    their current procedure is still the one it read, and otherwise runs again."""
    menage = menage_avec_procedure(monde.departement, numero_allocataire="7654321")
    ancienne = menage.procedures.get()
    jour = date.today() - timedelta(days=20)
    ligne = import_apres_un_acte_d_agent(
        monkeypatch, monde, menage, jour, nouvelle_procedure_d_agent(monde, menage)
    )
    assert ligne["issue"] == "rapprochee", ligne
    recente = menage.procedures.exclude(pk=ancienne.pk).get()
    assert not ancienne.actes.filter(type=TypeActe.CDP, date=jour).exists()
    assert recente.actes.filter(type=TypeActe.CDP, date=jour).count() == 1
    saisie = Saisine.objects.exclude(reference_source="").get(menage=menage)
    assert saisie.procedure_id == recente.pk
    assert resume.actualiser([menage.pk]) == 0


def test_l_import_n_ouvre_pas_une_seconde_procedure_pour_un_menage_qui_vient_d_en_avoir_une(
    monkeypatch, monde
):
    """A known household without procedure: the chunk opened one while an agent opened one
    too, two procedures for the same debt. It now attaches the act to the agent's."""
    menage = menage_avec_procedure(monde.departement, numero_allocataire="7654321")
    Procedure.objects.filter(menages=menage).delete()
    jour = date.today() - timedelta(days=20)
    ligne = import_apres_un_acte_d_agent(
        monkeypatch, monde, menage, jour, nouvelle_procedure_d_agent(monde, menage)
    )
    assert ligne["issue"] == "rapprochee", ligne
    procedure = menage.procedures.get()  # the agent's, alone
    assert procedure.bailleur_nom == "SCI des Tilleuls"
    assert procedure.actes.filter(type=TypeActe.CDP, date=jour).count() == 1


def test_une_fusion_en_chaine_et_une_fusion_perimee_du_premier_doublon_ne_s_interbloquent_pas(
    monkeypatch,
):
    """A merged into B, then B merged into C, which re-points A to C: the merge locked B and
    C, then A, out of the households' id order. Another agent's merge of A into C, from a
    page loaded before A's merge, locks A, then C (id order): each waited for the other
    ("deadlock detected", a 500 for one of the two). A is now locked with B and C, in id
    order: the stale merge waits, then gets its refusal."""
    departement = DepartementFactory(code="95")
    a, b, c = (menage_avec_procedure(departement, nom="Doublon") for _ in range(3))
    assert a.pk < b.pk < c.pk
    services.fusionner(b, a, par=None)
    en_pause, reprise = threading.Event(), threading.Event()
    verrouiller = services._verrouiller_pour_fusionner

    def verrouiller_puis_attendre(*args, **kwargs):
        menages = verrouiller(*args, **kwargs)
        if threading.current_thread() is fusion:
            en_pause.set()
            assert reprise.wait(DELAI)
        return menages

    monkeypatch.setattr(services, "_verrouiller_pour_fusionner", verrouiller_puis_attendre)
    fusion = Fil(lambda: services.fusionner(c, b, par=None))
    perimee = Fil(lambda: services.fusionner(c, a, par=None))  # `a` as read before its merge
    fusion.start()
    try:
        attendre(en_pause, fusion)
        perimee.start()
        attendre_le_verrou(perimee)
    finally:
        reprise.set()
        fusion.fin()  # raised "deadlock detected" (or the stale merge did)
    with pytest.raises(ValidationError, match="déjà été fusionné"):
        perimee.fin()
    assert dict(
        Menage.objects.filter(pk__in=[a.pk, b.pk]).values_list("pk", "fusionne_dans_id")
    ) == {a.pk: c.pk, b.pk: c.pk}
