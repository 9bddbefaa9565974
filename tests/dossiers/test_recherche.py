"""The household search text: kept up to date by the services, answered by its GIN index."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from dossiers import recherche
from dossiers.models import Menage
from dossiers.models.menage import NUMERO_DE_DOSSIER
from dossiers.services import menages as services
from tests.dossiers.factories import MembreFactory, MenageFactory, menage_avec_procedure
from tests.partenaires.factories import DepartementFactory


def trouves(texte):
    return set(Menage.objects.actifs().recherche(texte).values_list("numero", flat=True))


def _plan(requete):
    """Which indexes the condition can use, whatever the statistics: with the small tables
    analysed (as autovacuum does on CI's server), PostgreSQL would rather walk the few
    households by their key; forbidding plain and index scans leaves only bitmap scans,
    which need an index matching the condition itself."""
    sql, params = requete.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as curseur:
        curseur.execute("ANALYZE dossiers_menage, dossiers_menageprocedure, procedure_procedure")
        curseur.execute("SET enable_seqscan = off")
        curseur.execute("SET enable_indexscan = off")
        curseur.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(ligne for (ligne,) in curseur.fetchall())
        curseur.execute("RESET enable_seqscan")
        curseur.execute("RESET enable_indexscan")
    return plan


class TestTexteTenuAJour:
    def test_creation_par_le_service(self, monde):
        menage = services.creer_menage(
            departement=monde.departement,
            par=monde.secretariat,
            membres=[{"nom": "Œuvray-Lefèvre", "prenom": "Zoé", "lien": "demandeur"}],
            adresse="3 Allée des Érables",
            commune=monde.commune,
        )
        for texte in ["oeuvray", "LEFEVRE zoe", "allee des erables", menage.numero]:
            assert trouves(texte) == {menage.numero}, texte

    def test_numero_rg_modifie_par_le_service(self, monde):
        menage = menage_avec_procedure(monde.departement)
        procedure = menage.procedures.get()
        assert trouves("25/77777") == set()
        services.modifier_procedure(
            menage, procedure, par=monde.secretariat, version_lue=procedure.version,
            numero_rg="25/77777",
        )  # fmt: skip
        assert trouves("25/77777") == {menage.numero}

    def test_modification_du_menage(self, monde):
        menage = menage_avec_procedure(monde.departement, adresse="1 rue Haute")
        menage = Menage.objects.get(pk=menage.pk)
        services.modifier_menage(
            menage, par=monde.secretariat, version_lue=menage.version,
            champs={"adresse": "9 boulevard Bas"},
        )  # fmt: skip
        assert trouves("boulevard bas") == {menage.numero}
        assert trouves("rue haute") == set()

    def test_fusion_le_dossier_garde_trouve_par_les_noms_du_doublon(self, monde):
        garde = menage_avec_procedure(monde.departement, nom="Garnier")
        absorbe = menage_avec_procedure(monde.departement, nom="Nguyen")
        services.fusionner(garde, absorbe, par=monde.secretariat)
        assert trouves("nguyen") == {garde.numero}

    def test_un_enregistrement_ne_remet_pas_un_texte_perime(self, monde):
        menage = MenageFactory(departement=monde.departement)
        perime = Menage.objects.get(pk=menage.pk)
        MembreFactory(menage=menage, nom="Perrin")
        perime.save()  # loaded before the member: must not write its old text back
        assert trouves("perrin") == {menage.numero}

    def test_la_commande_reconstruit_tout(self, monde):
        menage = menage_avec_procedure(monde.departement, nom="Dubois")
        Menage.objects.update(texte_recherche="")
        assert trouves("dubois") == set()
        call_command("reconstruire_recherche", lot=1, stdout=io.StringIO())
        assert trouves("dubois") == {menage.numero}
        assert recherche.reconstruire() == 0  # nothing left to change


# A whole RG number or dossier number goes through their B-trees (tests below).
@pytest.mark.parametrize("texte", ["martin", "4/01234", "2026-00012 lefevre", "lefvre"])
def test_la_recherche_utilise_l_index_trigramme(monde, texte):
    """On a small table PostgreSQL prefers a sequential scan or the département's index;
    forbidding plain scans shows whether the condition can use the trigram index at all (the
    former OR over sub-selects could not)."""
    for _ in range(3):
        menage_avec_procedure(monde.departement)
    plan = _plan(Menage.objects.recherche(texte))
    assert "menage_texte_recherche_trgm" in plan, plan
    assert "Seq Scan on dossiers_menage" not in plan, plan


def test_la_similarite_seulement_quand_le_mot_n_apparait_nulle_part(monde):
    """An exact fragment wins; a typo falls back to similarity (costly on large results)."""
    dupont = menage_avec_procedure(monde.departement, nom="Dupont")
    dupond = menage_avec_procedure(monde.departement, nom="Dupond")
    assert trouves("dupont") == {dupont.numero}
    assert trouves("dupomt") == {dupont.numero, dupond.numero}


def test_un_numero_de_dossier_complet_passe_par_l_index_des_numeros(monde):
    """A whole number finds what the text search finds (the numbers that start with it, in
    any case), through the B-tree of `numero`: the GIN index intersected the trigrams every
    number of the year shares (115 ms at 100 000, against 0.3 ms)."""
    corse = DepartementFactory(code="2A")
    numeros = ["96-2026-10000", "96-2026-100000", "96-2026-10001", "2A-2026-00042"]
    for numero in numeros:
        dep = corse if numero.startswith("2A") else monde.departement
        MenageFactory(numero=numero, departement=dep)
    for mot, attendus in [
        ("96-2026-10000", {"96-2026-10000", "96-2026-100000"}),
        ("96-2026-10001", {"96-2026-10001"}),
        ("2a-2026-00042", {"2A-2026-00042"}),
        ("96-2026-99999", set()),
    ]:
        assert NUMERO_DE_DOSSIER.match(mot)
        assert trouves(mot) == attendus, mot
        par_le_texte = Menage.objects.actifs().filter(texte_recherche__contains=mot.lower())
        assert set(par_le_texte.values_list("numero", flat=True)) == attendus, mot
    plan = _plan(Menage.objects.recherche("96-2026-10000"))
    assert "menage_texte_recherche_trgm" not in plan, plan
    assert "dossiers_menage_numero" in plan, plan


@pytest.mark.parametrize(
    "mot", ["2026-00012", "96-2026", "S-96-2026-00001", "96-26-00012", "x96-2026-00012"]
)
def test_un_fragment_de_numero_reste_une_recherche_dans_le_texte(mot):
    assert not NUMERO_DE_DOSSIER.match(mot)


def test_un_numero_complet_ne_trouve_pas_celui_d_outre_mer_qui_le_contient(monde):
    """Where the shortcut parts from the text search: « 71-2026-00001 » is contained in
    « 971-2026-00001 », which the fragment search found too. A whole number now finds the
    numbers that start with it only, in any département, 3-digit and Corsica included."""
    numeros = {"71": "71-2026-00001", "971": "971-2026-00001", "2B": "2B-2026-00001"}
    for code, numero in numeros.items():
        MenageFactory(numero=numero, departement=DepartementFactory(code=code))
    par_le_texte = Menage.objects.actifs().filter(texte_recherche__contains="71-2026-00001")
    assert set(par_le_texte.values_list("numero", flat=True)) == {
        "71-2026-00001",
        "971-2026-00001",
    }
    assert trouves("71-2026-00001") == {"71-2026-00001"}
    assert trouves("971-2026-00001") == {"971-2026-00001"}
    assert trouves("2b-2026-00001 ") == {"2B-2026-00001"}
    assert trouves("971-2026-00001 71-2026-00001") == set()


def test_un_numero_complet_ne_sort_pas_de_la_portee_ni_des_actifs(monde):
    """The shortcut filters the queryset it is given (the lists' scope): another
    département's household, an archived or a merged one stay out, as with the text search."""
    from django.utils import timezone

    from dossiers.enums import StatutMenage

    ici = MenageFactory(numero="96-2026-00077", departement=monde.departement)
    ailleurs = MenageFactory(numero="96-2026-000770", departement=DepartementFactory(code="95"))
    MenageFactory(
        numero="96-2026-0007700", departement=monde.departement, archive_le=timezone.now()
    )
    MenageFactory(
        numero="96-2026-00077000",
        departement=monde.departement,
        statut=StatutMenage.FUSIONNE,
        fusionne_dans=ici,
    )
    du_departement = Menage.objects.des_departements([monde.departement.pk]).actifs()
    assert set(du_departement.recherche("96-2026-00077").values_list("pk", flat=True)) == {ici.pk}
    # Unscoped, only the merged one stays out (actifs).
    assert trouves("96-2026-00077") == {ici.numero, ailleurs.numero, "96-2026-0007700"}


def _avec_rg(departement, *numeros_rg, **champs):
    """A household whose procedures carry these RG numbers as typed, search text refreshed."""
    from dossiers.models import MenageProcedure
    from tests.procedure.factories import ProcedureFactory

    menage = MenageFactory(departement=departement, **champs)
    for numero_rg in numeros_rg:
        procedure = ProcedureFactory(commune=menage.commune, numero_rg=numero_rg)
        MenageProcedure.objects.create(menage=menage, procedure=procedure)
    recherche.actualiser([menage.pk])
    return menage


def test_un_numero_rg_complet_passe_par_l_index_des_numeros_rg(monde):
    """A whole RG number finds the households of any of their procedures whose RG number (the
    first one in the value as typed, labels and Portalis number around it) starts with it,
    as the text search did, through a B-tree instead of the trigram lists of « 25 »."""
    dep = monde.departement
    simple = _avec_rg(dep, "25/01234")
    etiquete = _avec_rg(dep, "N° RG 25/01234 - Portalis DBX3-W-B7I")
    plus_long = _avec_rg(dep, "25/012345")
    ancienne = _avec_rg(dep, "24/00001", "25/01234 ")  # the second procedure carries it
    _avec_rg(dep, "24/01234", "25/01243", "")
    attendus = {simple.numero, etiquete.numero, plus_long.numero, ancienne.numero}
    assert trouves("25/01234") == attendus
    par_le_texte = Menage.objects.actifs().filter(texte_recherche__contains="25/01234")
    assert set(par_le_texte.values_list("numero", flat=True)) == attendus
    assert trouves("25/012345") == {plus_long.numero}
    assert trouves("25/99999") == set()
    assert trouves("25/01234 martin") == set()  # every word must match, as before
    plan = _plan(Menage.objects.recherche("25/01234"))
    assert "menage_texte_recherche_trgm" not in plan, plan
    assert "procedure_numero_rg_cle" in plan, plan


def test_un_numero_rg_complet_ne_sort_pas_de_la_portee_ni_des_actifs(monde):
    """Another département's household, an archived or a merged one stay out, whether the
    number comes first in the value or after a date or another number."""
    from django.utils import timezone

    from dossiers.enums import StatutMenage

    ici = _avec_rg(monde.departement, "25/00077", "audience du 12/03/2026, RG 25/00088")
    voisin = DepartementFactory(code="95")
    _avec_rg(voisin, "25/00077")
    _avec_rg(voisin, "25/00088")
    _avec_rg(voisin, "RG 24/00001 puis 25/00099")
    for champs in [
        {"archive_le": timezone.now()},
        {"statut": StatutMenage.FUSIONNE, "fusionne_dans": ici},
    ]:
        _avec_rg(monde.departement, "25/00077", "12/03/2026 25/00088 25/00099", **champs)
    du_departement = Menage.objects.des_departements([monde.departement.pk]).actifs()
    for numero, attendus in [("25/00077", {ici.pk}), ("25/00088", {ici.pk}), ("25/00099", set())]:
        assert set(du_departement.recherche(numero).values_list("pk", flat=True)) == attendus


@pytest.mark.parametrize(
    "valeur",
    [
        "RG 25/01234",
        "convocation du 12/03/2026, RG 25/01234",
        "24/00123 appel 25/01234",
        "jugement 2026 n°25/01234",
    ],
)
def test_un_numero_rg_apres_une_date_ou_un_autre_numero_reste_trouve(monde, valeur):
    """The value is typed by hand, by the tenant too (the referral form's answer becomes the
    procedure's): its first number may be a date or another RG number, which the B-tree
    holds instead; the values holding several numbers are searched whole, as before."""
    menage = _avec_rg(monde.departement, valeur)
    _avec_rg(monde.departement, "25/01243")
    assert trouves("25/01234") == {menage.numero}
    assert trouves("25/01234 25/01234") == {menage.numero}


def test_un_numero_rg_en_second_est_trouve_meme_quand_un_autre_menage_l_a_en_premier(monde):
    """The duplicate an agent looks for: the report's household has the number alone, the
    tenant's referral typed a date before it. Both are found, as by the text search, and the
    values holding several numbers are read through their own index, not the trigram one."""
    premier = _avec_rg(monde.departement, "25/01234")
    second = _avec_rg(monde.departement, "convocation du 12/03/2026 RG 25/01234")
    plus_loin = _avec_rg(monde.departement, "24/00123 - 25/000001 - 25/012345")
    colle = _avec_rg(monde.departement, "01/25/01234")
    _avec_rg(monde.departement, "12/03/2026 25/01243")
    attendus = {premier.numero, second.numero, plus_loin.numero, colle.numero}
    assert trouves("25/01234") == attendus
    par_le_texte = Menage.objects.actifs().filter(texte_recherche__contains="25/01234")
    assert set(par_le_texte.values_list("numero", flat=True)) == attendus
    plan = _plan(Menage.objects.recherche("25/01234"))
    assert "procedure_numero_rg_cle" in plan, plan
    assert "procedure_plusieurs_rg" in plan, plan
    assert "menage_texte_recherche_trgm" not in plan, plan


@pytest.mark.parametrize("mot", ["25/0123", "2025/01234", "25-01234", "rg25/01234", "25/0123a"])
def test_un_fragment_de_numero_rg_reste_une_recherche_dans_le_texte(monde, mot):
    from dossiers.models.menage import NUMERO_RG

    assert not NUMERO_RG.match(mot)
    assert "menage_texte_recherche_trgm" in _plan(Menage.objects.recherche(mot))


def test_des_chiffres_pleine_chasse_restent_une_recherche_dans_le_texte(monde):
    """`\\d` takes any Unicode digit; `immutable_unaccent` folds full-width ones (a Japanese or
    Chinese keyboard, a PDF copied) to ASCII, so the text search finds the household and the
    B-trees of the ASCII numbers do not: such a word stays a text search."""
    menage = _avec_rg(monde.departement, "25/01234")
    assert trouves("２５/０１２３４") == {menage.numero}
    assert trouves(
        menage.numero.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    ) == {menage.numero}
