"""Issue 10 moved the commission's models to `commission/` and the jobs to `ccapex/`.

An existing database must migrate forward with nothing lost: this test builds a database with
the code and the demo data of the last commit before the move (taken from git history), then
migrates it with today's code and finds every row again, table by table, with a few values,
the history rows, the many-to-many links, the content types (same ids, new app label) and
their permissions. It then goes back (`migrate commission zero`, `migrate ccapex zero`: the
old code reads its tables again, content types and permissions with their ids), forward
again, and inserts rows in renamed tables: their id sequences followed the rename.
"""

import os
import subprocess
import sys
import tarfile
import uuid
from io import BytesIO
from pathlib import Path

import psycopg
import pytest
from django.db import connection

RACINE = Path(__file__).resolve().parents[2]
AVANT = "5b3edc60bc466b536cd80a4adf69b8da25ac0c8d"  # main before issue 10

DEPLACEES = {
    **{
        f"dossiers_{t}": f"commission_{t}"
        for t in [
            "commission",
            "membrecommission",
            "membrecommission_representants",
            "seance",
            "participationseance",
            "examen",
            "historicalexamen",
            "courrier",
            "modelecourrier",
            "preconisation",
            "historicalpreconisation",
            "typepreconisation",
            "suivipreconisation",
            "historicalsuivipreconisation",
            "bilan",
            "historicalbilan",
            "signalementchangement",
        ]
    },
    "dossiers_traitement": "ccapex_traitement",
}
RESTEES = ["dossiers_menage", "dossiers_saisine", "dossiers_evenementjournal", "dossiers_document"]
# A few values per moved table, compared row by row (ordered by primary key).
VALEURS = {
    "seance": "id, commission_id, date, statut, version_publiee",
    "examen": "id, seance_id, menage_id, nature, synthese, avis",
    "preconisation": "id, examen_id, type_id, texte, statut",
    "courrier": "id, menage_id, seance_id, type, version, fichier",
    "historicalpreconisation": "history_id, id, history_type, statut",
    "membrecommission_representants": "id, membrecommission_id, utilisateur_id",
}

ENREGISTRER_AVEC_HISTORIQUE = """
from dossiers.models import Examen, Preconisation
for objet in [*Preconisation.objects.order_by("pk")[:3], *Examen.objects.order_by("pk")[:3]]:
    objet.save()
"""


# After the move, with today's code: new rows get ids after the old ones (the identity
# sequences, still named dossiers_*_seq, belong to the renamed columns), history is written.
INSERER_APRES = """
from django.db import connection
from ccapex.models import Traitement
from commission.models import Preconisation
from partenaires.models import Departement

dernier = Traitement.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
nouveau = Traitement.objects.create(
    type="verification", libelle="après migration", departement=Departement.objects.first()
)
assert nouveau.pk > dernier, (nouveau.pk, dernier)
preconisation = Preconisation.objects.order_by("pk").first()
historique = preconisation.history.count()
preconisation.save()
assert preconisation.history.count() == historique + 1
with connection.cursor() as curseur:
    for table in TABLES:
        colonne = "history_id" if "_historical" in table else "id"
        curseur.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, colonne])
        sequence = curseur.fetchone()[0]
        assert sequence, table
        curseur.execute(
            f"SELECT nextval(%s) > coalesce((SELECT max({colonne}) FROM {table}), 0)", [sequence]
        )
        assert curseur.fetchone()[0], table
print("insertions-ok")
"""

LIRE_AVEC_L_ANCIEN_CODE = """
from dossiers.models import Preconisation, Seance, Traitement
assert Seance.objects.count() and Preconisation.objects.count()
assert Preconisation.history.count()
Traitement.objects.count()
print("ancien-code-ok")
"""


def _url(base: str) -> str:
    reglages = connection.settings_dict
    hote = reglages["HOST"] or "localhost"
    utilisateur = reglages["USER"] or ""
    mot_de_passe = f":{reglages['PASSWORD']}" if reglages["PASSWORD"] else ""
    port = reglages["PORT"] or 5432
    return f"postgresql://{utilisateur}{mot_de_passe}@{hote}:{port}/{base}"


def _manage(code: Path, base_url: str, *arguments: str) -> str:
    env = {
        **os.environ,
        "DATABASE_URL": base_url,
        "DJANGO_SETTINGS_MODULE": "ccapex.settings.test",
        "PYTHONPATH": str(code),
    }
    resultat = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=code,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert resultat.returncode == 0, resultat.stdout[-2000:] + resultat.stderr[-4000:]
    return resultat.stdout


def _photo(url: str, noms: dict[str, str], modeles: list[str] | None = None) -> dict:
    """Row counts, some values and the content types, read under the given table names.

    `modeles`: only the content types (and permissions) of these models, those that existed
    before the move; models added since (decisions, issue 11) get new ones, as they should.
    """
    filtre = "AND t.model = ANY(%(modeles)s)" if modeles is not None else ""
    with psycopg.connect(url) as conn:
        photo = {}
        for cle, table in noms.items():
            photo[("compte", cle)] = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            colonnes = VALEURS.get(cle.split("_", 1)[1])
            if colonnes:
                photo[("valeurs", cle)] = conn.execute(
                    f"SELECT {colonnes} FROM {table} ORDER BY 1"
                ).fetchall()
        photo["types"] = conn.execute(
            "SELECT t.id, t.model FROM django_content_type t "
            f"WHERE t.app_label IN ('dossiers', 'commission', 'ccapex') {filtre} ORDER BY t.id",
            {"modeles": modeles},
        ).fetchall()
        photo["permissions"] = conn.execute(
            "SELECT p.id, p.content_type_id, p.codename FROM auth_permission p "
            "JOIN django_content_type t ON t.id = p.content_type_id "
            f"WHERE t.app_label IN ('dossiers', 'commission', 'ccapex') {filtre} ORDER BY p.id",
            {"modeles": modeles},
        ).fetchall()
    return photo


def _etiquettes(url: str) -> dict[str, str]:
    with psycopg.connect(url) as conn:
        return dict(
            conn.execute(
                "SELECT model, app_label FROM django_content_type "
                "WHERE app_label IN ('dossiers', 'commission', 'ccapex')"
            ).fetchall()
        )


@pytest.mark.slow
@pytest.mark.django_db
def test_migration_aller_retour_sans_perte(tmp_path):
    archive = subprocess.run(
        ["git", "archive", "--format=tar", AVANT], cwd=RACINE, capture_output=True, check=True
    ).stdout
    ancien = tmp_path / "avant"
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(ancien, filter="data")

    nom = f"ccapex_migration_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(_url("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{nom}"')
    url = _url(nom)
    try:
        _manage(ancien, url, "migrate", "--no-input", "-v0")
        _manage(ancien, url, "demo", "--menages", "40", "-v0")
        # The demo inserts in bulk, which writes no history: save a few rows the old way.
        _manage(ancien, url, "shell", "-c", ENREGISTRER_AVEC_HISTORIQUE)
        tables = {**{a: a for a in DEPLACEES}, **{t: t for t in RESTEES}}
        avant = _photo(url, tables)
        modeles = [modele for _, modele in avant["types"]]

        _manage(RACINE, url, "migrate", "--no-input", "-v0")
        apres = _photo(url, {**DEPLACEES, **{t: t for t in RESTEES}}, modeles)
        labels = _etiquettes(url)
        with psycopg.connect(url) as conn:
            anciennes = conn.execute(
                "SELECT count(*) FROM pg_tables WHERE tablename = ANY(%s)", [list(DEPLACEES)]
            ).fetchone()[0]

        # Back: two commands (dossiers 0007 depends on both); the old code reads its tables.
        _manage(RACINE, url, "migrate", "commission", "zero", "--no-input", "-v0")
        _manage(RACINE, url, "migrate", "ccapex", "zero", "--no-input", "-v0")
        en_arriere = _photo(url, tables, modeles)
        labels_en_arriere = _etiquettes(url)
        assert "ancien-code-ok" in _manage(ancien, url, "shell", "-c", LIRE_AVEC_L_ANCIEN_CODE)

        # Forward again, then new rows in the renamed tables.
        _manage(RACINE, url, "migrate", "--no-input", "-v0")
        de_nouveau = _photo(url, {**DEPLACEES, **{t: t for t in RESTEES}}, modeles)
        inserer = f"TABLES = {sorted(DEPLACEES.values())!r}\n" + INSERER_APRES
        insertions = _manage(RACINE, url, "shell", "-c", inserer)
    finally:
        with psycopg.connect(_url("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{nom}" WITH (FORCE)')

    # The demo really filled what moved: an empty table would prove nothing.
    for table in ("dossiers_seance", "dossiers_examen", "dossiers_preconisation"):
        assert avant[("compte", table)] > 0, table
    assert avant[("compte", "dossiers_courrier")] > 0
    assert avant[("compte", "dossiers_historicalpreconisation")] > 0
    assert avant[("compte", "dossiers_membrecommission_representants")] > 0
    # Every content type is kept with its id (models added since are left out of the photos).
    assert avant == apres
    assert avant["permissions"], "no permission to follow"
    assert anciennes == 0  # renamed, not copied
    assert labels["seance"] == "commission"
    assert labels["historicalpreconisation"] == "commission"
    assert labels["traitement"] == "ccapex"
    assert labels["menage"] == "dossiers"

    assert en_arriere == avant
    assert {labels_en_arriere[modele] for modele in ("seance", "traitement", "bilan")} == {
        "dossiers"
    }
    assert de_nouveau == avant
    assert "insertions-ok" in insertions
