"""Every query of the household list, its filters, sorts, pages, CSV export and API list is
answered by an index: no sequential scan of households or procedures, no per-row sub-plan.

On a small database the planner would rather read whole tables; with `enable_seqscan = off`
it still does when no index can answer (the cost is only raised), so a `Seq Scan` left in
the plan means a missing index, and so does a sort left in a page's plan with
`enable_sort = off`. Timing is measured by `manage.py mesurer`, not here."""

import json
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dossiers.enums import Vulnerabilite
from dossiers.models import Menage
from dossiers.views.menages import COLONNES_CSV
from procedure.enums import TypeActe
from tests.conftest import client_de
from tests.dossiers.factories import menage_avec_procedure

TABLES_SURVEILLEES = {"dossiers_menage", "procedure_procedure"}
LISTE = "/menages/"
URLS = [
    LISTE,
    f"{LISTE}?page=2",
    f"{LISTE}?tri=echeance",
    f"{LISTE}?tri=-echeance",
    f"{LISTE}?tri=nom",
    f"{LISTE}?tri=-nom",
    f"{LISTE}?tri=dette",
    f"{LISTE}?tri=-dette",
    f"{LISTE}?tri=numero",
    f"{LISTE}?tri=-creation",
    f"{LISTE}?stade=cdp",
    f"{LISTE}?stade=cdp&stade=assignation&echeance_dans=30",
    f"{LISTE}?echeance_dans=30",
    f"{LISTE}?motif=impayes",
    f"{LISTE}?motif=impayes&parc=prive",
    f"{LISTE}?parc=prive&tri=nom",
    f"{LISTE}?stade=cdp&motif=impayes&parc=prive&echeance_dans=60&tri=-dette",
    f"{LISTE}?vulnerabilite={Vulnerabilite.values[0]}",
    f"{LISTE}?statut=actif",
    f"{LISTE}?q=martin",
    f"{LISTE}?q=martin&stade=cdp",
    "/api/v1/dossiers/",
    "/api/v1/dossiers/?tri=nom",
    "/api/v1/dossiers/?stade=cdp&tri=-dette",
]


def noeuds(plan: dict):
    yield plan
    for enfant in plan.get("Plans", []):
        yield from noeuds(enfant)


def defauts(sql: str, parametres=None) -> list[str]:
    with connection.cursor() as curseur:
        curseur.execute("SET LOCAL enable_seqscan = off")
        # Likewise a sort left in a page's plan means no index gives the order asked for.
        curseur.execute("SET LOCAL enable_sort = off")
        curseur.execute("EXPLAIN (FORMAT JSON) " + sql, parametres)
        (plan,) = curseur.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    trouves = []
    for noeud in noeuds(plan["Plan"]):
        relation = noeud.get("Relation Name")
        if noeud["Node Type"] == "Seq Scan" and relation in TABLES_SURVEILLEES:
            trouves.append(f"Seq Scan on {relation}")
        if noeud.get("Parent Relationship") == "SubPlan" and noeud.get("Subplan Name", "") != "":
            trouves.append(f"SubPlan {noeud['Subplan Name']}")
        if any("SubPlan" in cle for cle in noeud.get("Sort Key", [])):
            trouves.append(f"Sort on a sub-plan: {noeud['Sort Key']}")
        if noeud["Node Type"] == "Sort" and " LIMIT " in sql:
            trouves.append(f"Sort of a page: {noeud['Sort Key']}")
    return trouves


@pytest.fixture
def agent(monde):
    jour = timezone.localdate()
    for i in range(6):
        menage_avec_procedure(
            monde.departement,
            nom="Martin" if i % 2 else "Durand",
            actes=[(TypeActe.CDP, jour - timedelta(days=10 * i + 5))],
            dettes=[(jour - timedelta(days=3), 1000 + i)],
        )
    return client_de(monde.secretariat)


@pytest.mark.parametrize("url", URLS)
def test_chaque_requete_de_la_liste_passe_par_un_index(agent, url):
    assert Menage.objects.count() == 6
    with CaptureQueriesContext(connection) as requetes:
        reponse = agent.get(url)
    assert reponse.status_code == 200
    selects = [
        r["sql"]
        for r in requetes.captured_queries
        if r["sql"].startswith("SELECT") and any(t in r["sql"] for t in TABLES_SURVEILLEES)
    ]
    assert any('"dossiers_menage"' in s for s in selects)
    problemes = {s: defauts(s) for s in selects}
    assert not {s: p for s, p in problemes.items() if p}


@pytest.mark.parametrize("parametres", ["", "?stade=cdp&tri=-dette", "?q=martin"])
def test_l_export_csv_passe_par_un_index(agent, monde, parametres):
    """The export reads its rows through a server-side cursor (a DECLARE, run only as the
    response is streamed: flat memory, whatever the number of rows): its query is the
    list's, without a limit, reading only the exported columns. The query checked is the
    one the view runs, not one rebuilt here."""
    with CaptureQueriesContext(connection) as requetes:
        reponse = agent.get("/menages/export.csv" + parametres)
        assert reponse.streaming
        assert not [r for r in requetes.captured_queries if r["sql"].startswith("DECLARE")]
        contenu = b"".join(reponse.streaming_content)
    assert contenu.count(b"\n") > 1
    (curseur,) = [r["sql"] for r in requetes.captured_queries if r["sql"].startswith("DECLARE")]
    sql = curseur[curseur.index(" CURSOR FOR ") + len(" CURSOR FOR ") :]
    colonnes = sql[: sql.index(" FROM ")]
    assert re.findall(r' AS "(\w+)"', colonnes) == list(COLONNES_CSV)
    assert defauts(sql) == []


def test_le_comptage_de_la_liste_lit_l_index_des_menages_actifs(agent):
    """A far page counts up to twice its offset: every active household of the département
    under one deduplicated key is the smallest index that answers, read without the table.
    A few thousand copies of one household: on six rows every index is one page, and the
    planner's choice among them is a tie."""
    colonnes = [f.column for f in Menage._meta.concrete_fields if not f.primary_key]
    copie = ", ".join("numero || '-' || g" if c == "numero" else c for c in colonnes)
    with connection.cursor() as curseur:
        curseur.execute(
            f"INSERT INTO dossiers_menage ({', '.join(colonnes)}) SELECT {copie} "
            "FROM dossiers_menage, generate_series(1, 3000) g "
            "WHERE id = (SELECT min(id) FROM dossiers_menage)"
        )
        curseur.execute("ANALYZE dossiers_menage")
    with CaptureQueriesContext(connection) as requetes:
        assert agent.get(f"{LISTE}?page=1").status_code == 200
    (compte,) = [r["sql"] for r in requetes.captured_queries if "SELECT COUNT(*)" in r["sql"]]
    with connection.cursor() as curseur:
        curseur.execute("SET LOCAL enable_seqscan = off")
        curseur.execute("SET LOCAL enable_bitmapscan = off")
        curseur.execute("EXPLAIN (FORMAT JSON) " + compte)
        (plan,) = curseur.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    lectures = [
        (n["Node Type"], n.get("Index Name"))
        for n in noeuds(plan["Plan"])
        if n.get("Relation Name") == "dossiers_menage"
    ]
    assert lectures == [("Index Only Scan", "menage_dep_actifs")]


@pytest.mark.django_db
def test_les_tables_lues_par_index_seul_sont_nettoyees_tot():
    """Index-only reads skip the table only on pages a vacuum marked all-visible: the two
    tables the lists read that way are vacuumed after 2 % of changes, not PostgreSQL's 20 %."""
    with connection.cursor() as curseur:
        curseur.execute(
            "SELECT relname, reloptions FROM pg_class WHERE relname = ANY(%s)",
            [["dossiers_menage", "dossiers_saisine"]],
        )
        reglages = dict(curseur.fetchall())
    attendus = {
        f"{r}=0.02"
        for r in (
            "autovacuum_vacuum_scale_factor",
            "autovacuum_vacuum_insert_scale_factor",
            "autovacuum_analyze_scale_factor",
        )
    }
    assert {table: attendus <= set(options or ()) for table, options in reglages.items()} == {
        "dossiers_menage": True,
        "dossiers_saisine": True,
    }
