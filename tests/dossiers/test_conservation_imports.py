"""Uploaded report files and their row-by-row reports leave after `conservation_imports`
(dated reference data, 3 months to begin with): they name thousands of households."""

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ccapex.enums import StatutTraitement
from ccapex.models import Traitement
from dossiers.models import ImportSignalements, Saisine
from dossiers.services import conservation
from dossiers.services import imports as services
from procedure.enums import CleRegle, Unite
from procedure.models import RegleJuridique
from tests.conftest import client_de
from tests.dossiers.test_imports import deposer, fichier, lignes_de
from tests.procedure.factories import semer_les_regles


@pytest.fixture(autouse=True)
def regles(db):
    semer_les_regles()


def _deposer(monde, capture, *, confirmer=True, nombre=3, prefixe=""):
    client = client_de(monde.secretariat)
    with capture(execute=True):
        deposer(client, fichier(monde, lignes_de(monde, nombre, prefixe=prefixe)))
    fichier_import = ImportSignalements.objects.latest("pk")
    if confirmer:
        with capture(execute=True):
            client.post(reverse("dossiers:confirmer_import", args=[fichier_import.pk]))
    fichier_import.refresh_from_db()
    return fichier_import


def _vieillir(fichier_import, jours):
    ImportSignalements.objects.filter(pk=fichier_import.pk).update(
        cree_le=timezone.now() - timedelta(days=jours)
    )


def _fichiers(fichier_import) -> list[str]:
    fichier_import.refresh_from_db()
    noms = [fichier_import.fichier.name]
    for traitement in (fichier_import.simulation, fichier_import.traitement):
        if traitement is not None:
            traitement.refresh_from_db()
            noms.append(traitement.fichier.name if traitement.fichier else "")
    return noms


def test_fichier_et_rapports_effaces_les_compteurs_restent(
    monde, django_capture_on_commit_callbacks
):
    ancien = _deposer(monde, django_capture_on_commit_callbacks, prefixe="A-")
    recent = _deposer(monde, django_capture_on_commit_callbacks, prefixe="R-")
    _vieillir(ancien, 3 * 31 + 1)
    _vieillir(recent, 80)
    noms_anciens, noms_recents = _fichiers(ancien), _fichiers(recent)
    assert len(noms_anciens) == 3 and all(noms_anciens) and all(noms_recents)
    assert all(default_storage.exists(nom) for nom in noms_anciens + noms_recents)
    compteurs = ancien.traitement.resultat["compteurs"]
    assert ancien.traitement.resultat["lignes"]

    with django_capture_on_commit_callbacks(execute=True):
        rapport = conservation.purger()
    assert [i.pk for i in rapport.imports] == [ancien.pk]
    assert any("Fichiers d’import effacés" in ligne for ligne in rapport.lignes())

    assert not any(default_storage.exists(nom) for nom in noms_anciens)
    assert all(default_storage.exists(nom) for nom in noms_recents)
    ancien.refresh_from_db()
    assert ancien.efface_le is not None and not ancien.fichier
    for traitement in Traitement.objects.filter(
        pk__in=[ancien.simulation_id, ancien.traitement_id]
    ):
        assert not traitement.fichier
        assert traitement.resultat["lignes"] == [] and traitement.resultat["efface"] is True
    ancien.traitement.refresh_from_db()
    assert ancien.traitement.resultat["compteurs"] == compteurs
    recent.refresh_from_db()
    assert recent.efface_le is None and recent.traitement.resultat["lignes"]
    # What the import created is the households' data, under their own retention.
    assert Saisine.objects.filter(reference_source__startswith="A-").count() == 3

    client = client_de(monde.secretariat)
    page = client.get(reverse("dossiers:import_signalements", args=[ancien.pk])).content.decode()
    assert "Fichier et rapports ligne par ligne effacés le" in page
    assert "A-" not in page and "Résultat ligne par ligne" not in page
    liste = client.get(reverse("dossiers:imports")).content.decode()
    assert liste.count("fichier effacé le") == 1
    url = reverse("ccapex:fichier_traitement", args=[ancien.traitement_id])
    assert client.get(url).status_code == 404
    page = client.get(reverse("dossiers:import_signalements", args=[recent.pk])).content.decode()
    assert "effacés le" not in page and "R-" in page


def test_une_simulation_effacee_ne_peut_plus_etre_confirmee(
    monde, django_capture_on_commit_callbacks
):
    fichier_import = _deposer(monde, django_capture_on_commit_callbacks, confirmer=False)
    _vieillir(fichier_import, 200)
    with django_capture_on_commit_callbacks(execute=True):
        conservation.purger()
    client = client_de(monde.secretariat)
    url = reverse("dossiers:import_signalements", args=[fichier_import.pk])
    assert "Confirmer l’import" not in client.get(url).content.decode()
    reponse = client.post(
        reverse("dossiers:confirmer_import", args=[fichier_import.pk]), follow=True
    )
    assert "effacé à la fin de sa durée de conservation" in reponse.content.decode()
    assert not Traitement.objects.filter(parametres__simulation=False).exists()
    # A job retried after the purge stops with the same sentence instead of a missing file.
    with pytest.raises(ValidationError, match="déposez-le de nouveau"):
        services.executer(
            import_id=fichier_import.pk, simulation=False, par=None, avancer=lambda *a: None
        )


def test_un_import_en_cours_attend_la_nuit_suivante(monde, django_capture_on_commit_callbacks):
    fichier_import = _deposer(monde, django_capture_on_commit_callbacks)
    _vieillir(fichier_import, 200)
    Traitement.objects.filter(pk=fichier_import.traitement_id).update(
        statut=StatutTraitement.EN_COURS
    )
    assert not conservation.purger(dry_run=True).imports  # not even listed
    assert not conservation.purger().imports
    Traitement.objects.filter(pk=fichier_import.traitement_id).update(
        statut=StatutTraitement.TERMINE
    )
    assert [i.pk for i in conservation.purger().imports] == [fichier_import.pk]


def test_la_duree_est_une_donnee_datee_du_departement(monde, django_capture_on_commit_callbacks):
    regle = RegleJuridique.objects.get(cle=CleRegle.CONSERVATION_IMPORTS, departement_code="")
    assert regle.version().libelle == "3 mois" and regle.a_verifier and regle.source
    fichier_import = _deposer(monde, django_capture_on_commit_callbacks)
    _vieillir(fichier_import, 40)
    assert not conservation.purger(dry_run=True).imports
    RegleJuridique.objects.create(
        cle=CleRegle.CONSERVATION_IMPORTS,
        departement_code=monde.departement.code,
        valeur=1,
        unite=Unite.MOIS,
        valide_du=regle.valide_du,
        source="Essai : un mois dans ce département",
    )
    essai = conservation.purger(dry_run=True)
    assert [i.pk for i in essai.imports] == [fichier_import.pk]
    fichier_import.refresh_from_db()
    assert fichier_import.efface_le is None and fichier_import.fichier  # dry run: nothing
    with django_capture_on_commit_callbacks(execute=True):
        assert len(conservation.purger().imports) == 1
    assert not conservation.purger().imports  # idempotent


def test_effacement_en_un_nombre_constant_de_requetes(
    monde, django_capture_on_commit_callbacks, django_assert_num_queries
):
    imports = [
        _deposer(monde, django_capture_on_commit_callbacks, prefixe=f"Q{i}-") for i in range(3)
    ]
    with CaptureQueriesContext(connection) as un_seul:
        conservation.effacer_imports([imports[0].pk])
    with django_assert_num_queries(len(un_seul.captured_queries)):
        conservation.effacer_imports([i.pk for i in imports[1:]])


def test_une_relance_apres_l_effacement_echoue_en_francais(
    monde, django_capture_on_commit_callbacks
):
    """A failed dry run whose file is erased: no « Relancer » offered; a stale retry (the job
    page, a bookmarked form) stops at once with the French sentence, not a list's repr."""
    fichier_import = _deposer(monde, django_capture_on_commit_callbacks, confirmer=False)
    Traitement.objects.filter(pk=fichier_import.simulation_id).update(
        statut=StatutTraitement.ECHEC,
        resultat={},
        message="Key (canal, reference_source)=(cdp, CJ-1234567) already exists.",
    )
    _vieillir(fichier_import, 200)
    with django_capture_on_commit_callbacks(execute=True):
        assert [i.pk for i in conservation.purger().imports] == [fichier_import.pk]
    simulation = Traitement.objects.get(pk=fichier_import.simulation_id)
    assert simulation.resultat == {"lignes": [], "efface": True}
    assert simulation.message == ""  # it may quote a row
    client = client_de(monde.secretariat)
    page = client.get(reverse("dossiers:import_signalements", args=[fichier_import.pk]))
    assert "Relancer" not in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("ccapex:relancer_traitement", args=[simulation.pk]))
    simulation.refresh_from_db()
    assert simulation.statut == StatutTraitement.ECHEC
    assert simulation.message == services.EFFACE


def test_rien_ne_part_du_stockage_si_la_transaction_est_annulee(
    monde, django_capture_on_commit_callbacks
):
    fichier_import = _deposer(monde, django_capture_on_commit_callbacks)
    _vieillir(fichier_import, 200)
    noms = _fichiers(fichier_import)

    class Annulation(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(Annulation),
        transaction.atomic(),
    ):
        conservation.effacer_imports([fichier_import.pk])
        raise Annulation
    assert all(default_storage.exists(nom) for nom in noms)
    fichier_import.refresh_from_db()
    assert fichier_import.efface_le is None and fichier_import.fichier


@pytest.mark.parametrize("statut", [StatutTraitement.EN_ATTENTE, StatutTraitement.EN_COURS])
def test_une_simulation_en_cours_attend_aussi(monde, django_capture_on_commit_callbacks, statut):
    fichier_import = _deposer(monde, django_capture_on_commit_callbacks, confirmer=False)
    _vieillir(fichier_import, 200)
    Traitement.objects.filter(pk=fichier_import.simulation_id).update(statut=statut)
    assert not conservation.purger(dry_run=True).imports  # not even listed
    assert not conservation.purger().imports
    fichier_import.refresh_from_db()
    assert fichier_import.efface_le is None


def test_un_traitement_relance_entre_la_liste_et_l_effacement_est_epargne(
    monde, django_capture_on_commit_callbacks
):
    """The purge lists, then erases: a job retried or confirmed in between reads the file,
    so the erasure checks again on the locked rows."""
    fichier_import = _deposer(monde, django_capture_on_commit_callbacks)
    _vieillir(fichier_import, 200)
    assert [i.pk for i in conservation.imports_expires(aujourd_hui=timezone.localdate())] == [
        fichier_import.pk
    ]
    Traitement.objects.filter(pk=fichier_import.traitement_id).update(
        statut=StatutTraitement.EN_ATTENTE
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert conservation.effacer_imports([fichier_import.pk]) == []
    fichier_import.refresh_from_db()
    assert fichier_import.efface_le is None
    assert all(default_storage.exists(nom) for nom in _fichiers(fichier_import))
    # Already erased: a second call changes nothing (the date stays the first one).
    Traitement.objects.filter(pk=fichier_import.traitement_id).update(
        statut=StatutTraitement.TERMINE
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert conservation.effacer_imports([fichier_import.pk]) == [fichier_import.pk]
    fichier_import.refresh_from_db()
    premier = fichier_import.efface_le
    assert conservation.effacer_imports([fichier_import.pk]) == []
    fichier_import.refresh_from_db()
    assert fichier_import.efface_le == premier


def test_chaque_departement_sa_duree_dans_la_meme_nuit(monde, django_capture_on_commit_callbacks):
    """One night, two départements, each its own rule over the national three months: one
    month here (a 40-day-old import goes), six months there (a 100-day-old one stays)."""
    ici = _deposer(monde, django_capture_on_commit_callbacks, prefixe="I-")
    ailleurs = _deposer(monde, django_capture_on_commit_callbacks, prefixe="L-")
    ImportSignalements.objects.filter(pk=ailleurs.pk).update(departement=monde.autre_departement)
    _vieillir(ici, 40)
    _vieillir(ailleurs, 100)
    assert [i.pk for i in conservation.purger(dry_run=True).imports] == [ailleurs.pk]
    nationale = RegleJuridique.objects.get(cle=CleRegle.CONSERVATION_IMPORTS, departement_code="")
    for departement, mois in ((monde.departement, 1), (monde.autre_departement, 6)):
        RegleJuridique.objects.create(
            cle=CleRegle.CONSERVATION_IMPORTS,
            departement_code=departement.code,
            valeur=mois,
            unite=Unite.MOIS,
            valide_du=nationale.valide_du,
            source=f"Essai : {mois} mois dans ce département",
        )
    assert [i.pk for i in conservation.purger(dry_run=True).imports] == [ici.pk]
    with django_capture_on_commit_callbacks(execute=True):
        assert [i.pk for i in conservation.purger().imports] == [ici.pk]
    assert ImportSignalements.objects.get(pk=ailleurs.pk).efface_le is None


def test_le_rapport_de_purge_nomme_chaque_import(monde, django_capture_on_commit_callbacks):
    fichier_import = _deposer(monde, django_capture_on_commit_callbacks)
    _vieillir(fichier_import, 200)
    lignes = conservation.purger(dry_run=True).lignes()
    depose = timezone.localdate(timezone.now() - timedelta(days=200))
    assert "Fichiers d’import effacés (fin de leur durée de conservation) : 1" in lignes
    assert (
        f"  import n° {fichier_import.pk} « cdp.csv », département {monde.departement.code}"
        f" — déposé le {depose:%d/%m/%Y}"
    ) in lignes


def test_rien_n_est_efface_avant_le_jour(monde, django_capture_on_commit_callbacks):
    """Three months to the day: deposited on 15 August, kept on 15 November, erased from
    16 November."""
    fichier_import = _deposer(monde, django_capture_on_commit_callbacks)
    ImportSignalements.objects.filter(pk=fichier_import.pk).update(
        cree_le=timezone.make_aware(datetime(2026, 8, 15, 12, 0))
    )
    assert not conservation.purger(aujourd_hui=date(2026, 11, 15), dry_run=True).imports
    essai = conservation.purger(aujourd_hui=date(2026, 11, 16), dry_run=True)
    assert [i.pk for i in essai.imports] == [fichier_import.pk]


def test_un_traitement_bloque_ne_garde_pas_le_fichier_pour_toujours(
    monde, django_capture_on_commit_callbacks
):
    """A job « en cours » whose worker vanished a month ago: the file goes anyway."""
    fichier_import = _deposer(monde, django_capture_on_commit_callbacks)
    _vieillir(fichier_import, 200)
    Traitement.objects.filter(pk=fichier_import.traitement_id).update(
        statut=StatutTraitement.EN_COURS, mis_en_file_le=timezone.now() - timedelta(days=30)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert [i.pk for i in conservation.purger().imports] == [fichier_import.pk]
    assert ImportSignalements.objects.get(pk=fichier_import.pk).efface_le is not None
