import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from commission.enums import SituationLogement
from dossiers.enums import StatutDLS
from indicateurs import queries
from indicateurs.models import DonneeDeclaree, ObjectifCharte
from indicateurs.territoires import du_departement
from partenaires.enums import TypeOrganisation
from tests.dossiers.factories import MenageFactory
from tests.dossiers.factories_saisines import saisine_de
from tests.indicateurs.factories import (
    bilan_de,
    courrier_prevention,
    examen_de,
    moment,
    preconisation_de,
    seance_de,
)
from tests.partenaires.factories import CommuneFactory, OrganisationFactory
from tests.procedure.factories import ActeFactory, ProcedureFactory


def remplir(monde, n: int, annee: int = 2024):
    """n of everything the balance counts, in the first département."""
    dep = monde.departement
    procedure = ProcedureFactory(commune=monde.commune, parc="social")
    for i in range(n):
        ActeFactory(procedure=procedure, type="cdp", date=dt.date(annee, 1 + i % 12, 1))
        ActeFactory(procedure=procedure, type="assignation", date=dt.date(annee - 1, 3, 1))
        saisine_de(
            monde.bailleur,
            commune=monde.commune,
            soumise_le=moment(annee),
            montant_dette=Decimal(13000 * (i % 5)),
        )
    seance = seance_de(dep, annee, mois=1 + n % 12)
    seance_passee = seance_de(dep, annee - 1, mois=1 + n % 12)
    for _ in range(n):
        menage = MenageFactory(departement=dep, commune=monde.commune, dls_statut=StatutDLS.ACTIVE)
        examen = examen_de(seance, menage)
        preconisation_de(examen, organisation=monde.caf, statut="faite")
        preconisation_de(examen)
        bilan_de(examen_de(seance_passee), SituationLogement.EXPULSE, dette_soldee=True)
        courrier_prevention(menage, annee, repondu=True)


def test_bilan_compte_chaque_famille(monde):
    remplir(monde, 5)
    autre_commune = CommuneFactory(departement=monde.autre_departement)
    ActeFactory(procedure__commune=autre_commune, type="cdp", date=dt.date(2024, 2, 1))
    bilan = queries.bilan(2024, du_departement(monde.departement))

    cdp = bilan.acte("cdp")
    assert cdp.par_annee[2024] == 5  # the other département's act is not counted
    assert cdp.social == 5 and cdp.prive == 0
    assert bilan.acte("assignations").par_annee == {
        2019: 0,
        2020: 0,
        2021: 0,
        2022: 0,
        2023: 5,
        2024: 0,
    }
    assert bilan.acte("assignations").evolution_annuelle == -100
    assert bilan.activite.seances_tenues == 1 and bilan.activite.premiers_examens == 5
    assert bilan.activite.premiers_examens_n1 == 5
    nature = bilan.saisines_par("nature")
    assert [(x.code, x.n, x.part) for x in nature.lignes] == [("complexe", 5, 100.0)]
    assert bilan.saisines_par("origine").lignes[0].libelle == "Bailleurs"
    assert bilan.saisines_par("stade").lignes[0].libelle == "Commandement de payer"
    # 13 000 × (0..4): 4 debts above 10 000 €, 1 above 50 000 €; 5 with a known debt.
    assert (bilan.dettes.avec_dette, bilan.dettes.plus_10000, bilan.dettes.plus_50000) == (5, 4, 1)
    assert bilan.dettes.part_10000 == 80
    par_destinataire = {
        x.libelle: (x.preconisees, x.realisees) for x in bilan.preconisations_par_destinataire
    }
    assert par_destinataire == {
        "Caisse d’allocations familiales (CAF)": (5, 5),
        "Le ménage": (5, 0),
    }
    issues = bilan.issues.repartition
    assert [(x.libelle, x.n) for x in issues.lignes] == [("Expulsé", 5)]
    assert bilan.issues.dette_soldee == 5
    assert [(x.code, x.n, x.n1) for x in bilan.dls.lignes] == [("aucune", 0, 5), ("active", 5, 0)]
    assert (bilan.courriers.envoyes, bilan.courriers.repondus, bilan.courriers.taux_reponse) == (
        5,
        5,
        100.0,
    )
    assert not bilan.vide


def test_nombre_de_requetes_borne(monde, django_assert_max_num_queries):
    territoire = du_departement(monde.departement)

    def compter():
        with CaptureQueriesContext(connection) as contexte:
            queries.bilan(2024, territoire)
        return len(contexte.captured_queries)

    remplir(monde, 5)
    avec_peu = compter()
    remplir(monde, 45)
    assert compter() == avec_peu
    assert avec_peu <= 25


def test_territoire_arrondissement(monde):
    ailleurs = CommuneFactory(departement=monde.departement)
    ActeFactory(procedure__commune=monde.commune, type="cdp", date=dt.date(2024, 2, 1))
    ActeFactory(procedure__commune=ailleurs, type="cdp", date=dt.date(2024, 2, 1))
    from indicateurs.territoires import depuis_code

    territoire = depuis_code(f"C-{monde.commune.code_insee}", monde.departement)
    assert queries.bilan(2024, territoire).acte("cdp").par_annee[2024] == 1
    arrondissement = depuis_code(f"A-{ailleurs.arrondissement.code}", monde.departement)
    assert queries.bilan(2024, arrondissement).acte("cdp").par_annee[2024] == 1
    assert depuis_code(f"C-{ailleurs.code_insee}", monde.autre_departement) is None
    assert queries.bilan(2024, du_departement(monde.departement)).acte("cdp").par_annee[2024] == 2


def test_objectifs_de_la_charte(monde):
    procedure = ProcedureFactory(commune=monde.commune)
    for _ in range(4):
        ActeFactory(procedure=procedure, type="cdp", date=dt.date(2024, 1, 10))
    ActeFactory(procedure=procedure, type="assignation", date=dt.date(2024, 2, 10))
    ActeFactory(
        procedure=procedure, jugement_expulsion=True, date=dt.date(2024, 3, 1), presence="present"
    )
    ActeFactory(
        procedure=procedure,
        type="jugement",
        issue_jugement="delais_accordes",
        date=dt.date(2024, 3, 1),
        presence="absent",
    )
    ObjectifCharte.objects.create(
        departement=monde.departement,
        indicateur="taux_presence_audience",
        annee_cible=2028,
        valeur_depart=40,
        cible=70,
    )
    objectifs = {
        o.indicateur: o for o in queries.bilan(2024, du_departement(monde.departement)).objectifs
    }
    assert objectifs["taux_cdp_assignation"].valeur == 25.0
    assert objectifs["taux_presence_audience"].valeur == 50.0
    assert objectifs["taux_presence_audience"].cible == 70.0
    assert objectifs["taux_presence_audience"].progression == 33
    assert objectifs["taux_decisions_delais"].valeur == 50.0
    assert objectifs["taux_assignation_cql"].valeur == 0.0


def test_donnee_declaree_si_l_application_n_a_pas_les_lignes(monde):
    caf = OrganisationFactory(
        type=TypeOrganisation.CAF, departement=monde.departement, nom="CAF de l’Orge"
    )
    territoire = du_departement(monde.departement)
    DonneeDeclaree.objects.create(
        indicateur="signalements_caf",
        annee=2024,
        departement=monde.departement,
        territoire=territoire.code,
        valeur=4382,
        source_organisation=caf,
    )
    DonneeDeclaree.objects.create(
        indicateur="budget_fsl",
        annee=2024,
        departement=monde.departement,
        territoire=territoire.code,
        valeur=Decimal("125000"),
        source_organisation=caf,
    )
    bilan = queries.bilan(2024, territoire)
    assert bilan.acte("signalements_caf").par_annee[2024] == 4382
    assert bilan.acte("signalements_caf").source == "CAF de l’Orge"
    assert [(d.code, d.valeur, d.source) for d in bilan.declarees] == [
        ("signalements_caf", 4382, "CAF de l’Orge"),
        ("budget_fsl", Decimal("125000"), "CAF de l’Orge"),
    ]


def test_base_vide(monde):
    bilan = queries.bilan(2024, du_departement(monde.departement))
    assert bilan.vide
    assert bilan.activite.evolution_premiers_examens is None


def test_annees_en_bornes_locales(monde):
    """A referral sent at 00:30 Paris time on 1 January counts in that year, not the one
    before (UTC is still 31 December); non-contiguous years are each bounded."""
    from dossiers.models import Saisine

    paris = dt.timezone(dt.timedelta(hours=1))
    juste_apres = saisine_de(
        monde.bailleur,
        commune=monde.commune,
        soumise_le=dt.datetime(2024, 1, 1, 0, 30, tzinfo=paris),
    )
    juste_avant = saisine_de(
        monde.bailleur,
        commune=monde.commune,
        soumise_le=dt.datetime(2023, 12, 31, 23, 30, tzinfo=paris),
    )
    loin = saisine_de(
        monde.bailleur, commune=monde.commune, soumise_le=dt.datetime(2021, 6, 1, tzinfo=paris)
    )
    # The upper bound: 00:30 on 1 January 2025 in Paris is still 2024 in UTC.
    l_an_suivant = saisine_de(
        monde.bailleur,
        commune=monde.commune,
        soumise_le=dt.datetime(2025, 1, 1, 0, 30, tzinfo=paris),
    )

    def ids(annees):
        return set(
            Saisine.objects.filter(queries.dans_les_annees("soumise_le", annees)).values_list(
                "id", flat=True
            )
        )

    assert ids([2024]) == {juste_apres.id}
    assert ids([2023, 2024]) == {juste_apres.id, juste_avant.id}
    assert ids([2024, 2021]) == {juste_apres.id, loin.id}
    assert ids([2022]) == set()
    assert ids([2025]) == ids([2025, 2025]) == {l_an_suivant.id}
    assert ids([2021, 2023, 2025]) == {loin.id, juste_avant.id, l_an_suivant.id}
    assert ids([]) == set()  # as `__year__in=[]`


def test_aucune_requete_n_extrait_l_annee(monde):
    """EXTRACT(year …) cannot use an index: at a national scale it read every row."""
    remplir(monde, 2)
    with CaptureQueriesContext(connection) as contexte:
        queries.bilan(2024, du_departement(monde.departement))
    extraits = [q["sql"] for q in contexte.captured_queries if "EXTRACT" in q["sql"].upper()]
    assert extraits == []


@pytest.mark.django_db(transaction=True)
def test_le_bilan_garde_ses_processus_paralleles(monkeypatch):
    """Connections start workers only above a setup cost of 10 000, for the pages' sake; the
    balance's queries, computed by the dashboard's request itself, get PostgreSQL's default
    back (`ccapex.agregats`), and the rest of the connection keeps the page setting."""
    from tests.partenaires.factories import DepartementFactory

    def reglage():
        with connection.cursor() as curseur:
            curseur.execute("SHOW parallel_setup_cost")
            return curseur.fetchone()[0]

    vus = []
    activite = queries._activite

    def espion(*args, **kwargs):
        vus.append(reglage())
        return activite(*args, **kwargs)

    monkeypatch.setattr(queries, "_activite", espion)
    queries.bilan(2025, du_departement(DepartementFactory()))
    assert vus == ["1000"]
    assert reglage() == "10000"
    # Inside a caller's transaction the balance runs in a savepoint, after which SET LOCAL
    # would last until that transaction ends: the caller's next queries keep the page setting.
    with transaction.atomic():
        queries.bilan(2025, du_departement(DepartementFactory()))
        assert reglage() == "10000"
    assert vus == ["1000", "1000"]
    # A balance that fails inside it leaves the setting as it was too (savepoint rolled back).
    with transaction.atomic():
        monkeypatch.setattr(queries, "_activite", lambda *a, **k: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            queries.bilan(2025, du_departement(DepartementFactory()))
        assert reglage() == "10000"
