"""`manage.py sauvegarder` / `restaurer`: the demo database and its files, round trip."""

import hashlib
import importlib
from io import StringIO
from pathlib import Path

import psycopg
import pytest
import yaml
from django.apps import apps
from django.core.management import CommandError, call_command
from psycopg import sql
from psycopg.conninfo import make_conninfo

from ccapex.sauvegardes import ErreurSauvegarde, choisir, outils, parametres, tables

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def semer_les_donnees_de_reference():
    """Rows that data migrations write and the demo reads (national decision types, dated
    legal rules): an earlier transactional test's flush removes them. Their seeds are
    idempotent (get_or_create)."""
    for module, fonction in [
        ("commission.migrations.0002_decisions", "semer_types"),
        ("procedure.migrations.0003_regles_juridiques_initiales", "semer"),
    ]:
        getattr(importlib.import_module(module), fonction)(apps, None)


def url(params: dict) -> str:
    return make_conninfo(**params)


def contenu_des_tables(conninfo: str) -> dict[str, tuple[int, str]]:
    """Rows and an MD5 of every row's text, in a stable order, for each table."""
    with psycopg.connect(conninfo) as cnx:
        resultat = {}
        for nom in tables(cnx):
            requete = sql.SQL(
                "SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), ''))"
                " FROM {} AS t"
            ).format(sql.SQL(nom))
            resultat[nom] = tuple(cnx.execute(requete).fetchone())
        return resultat


def empreintes_des_fichiers(racine: Path) -> dict[str, str]:
    return {
        str(p.relative_to(racine)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in racine.rglob("*")
        if p.is_file()
    }


@pytest.fixture
def base_vide():
    """An empty database beside the test one, dropped afterwards."""
    params = parametres()
    nom = params["dbname"] + "_restauree"
    administration = url(params | {"dbname": "postgres"})
    with psycopg.connect(administration, autocommit=True) as cnx:
        cnx.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(nom)))
        cnx.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(nom)))
    yield url(params | {"dbname": nom})
    with psycopg.connect(administration, autocommit=True) as cnx:
        cnx.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(nom)))


def test_aller_retour_des_donnees_de_demonstration(settings, tmp_path, base_vide):
    settings.MEDIA_ROOT = tmp_path / "media"
    semer_les_donnees_de_reference()
    call_command("demo", "--menages", "5", stdout=StringIO())
    source = url(parametres())
    tables_avant = contenu_des_tables(source)
    fichiers_avant = empreintes_des_fichiers(settings.MEDIA_ROOT)
    assert len(tables_avant) > 50 and sum(n for n, _ in tables_avant.values()) > 500
    assert any(nom.startswith("courriers/") for nom in fichiers_avant), "des PDF de démo"

    sortie = StringIO()
    call_command("sauvegarder", "--dossier", str(tmp_path / "sauvegardes"), stdout=sortie)
    (sauvegarde,) = (tmp_path / "sauvegardes").iterdir()
    assert "Sauvegarde écrite dans" in sortie.getvalue()
    assert {"base.dump", "sauvegarde.json", "SHA256SUMS", "media"} <= {
        p.name for p in sauvegarde.iterdir()
    }

    media_restauree = tmp_path / "restauree"
    sortie = StringIO()
    call_command(
        "restaurer", str(sauvegarde), "--base", base_vide, "--media", str(media_restauree),
        stdout=sortie,
    )  # fmt: skip
    assert "Restauration terminée" in sortie.getvalue()
    assert contenu_des_tables(base_vide) == tables_avant
    assert empreintes_des_fichiers(media_restauree) == fichiers_avant

    # Over a non-empty database: refused without --force, nothing touched.
    with psycopg.connect(base_vide, autocommit=True) as cnx:
        cnx.execute("DELETE FROM dossiers_evenementjournal")
        cnx.execute("CREATE TABLE en_trop (a int)")
    (media_restauree / "en-trop").write_bytes(b"x")
    with pytest.raises(CommandError, match=r"Restauration refusée : la base .* contient"):
        call_command(
            "restaurer", str(sauvegarde), "--base", base_vide, "--media", str(media_restauree)
        )
    assert contenu_des_tables(base_vide)["public.en_trop"] == (
        0,
        "d41d8cd98f00b204e9800998ecf8427e",
    )

    # With --force: emptied, then identical again (the extra table and file are gone).
    call_command(
        "restaurer", str(sauvegarde), "--force", "--base", base_vide,
        "--media", str(media_restauree), stdout=StringIO(),
    )  # fmt: skip
    assert contenu_des_tables(base_vide) == tables_avant
    assert empreintes_des_fichiers(media_restauree) == fichiers_avant

    # The application's own database is refused too (it holds the test tables).
    with pytest.raises(CommandError, match="--force pour les effacer"):
        call_command("restaurer", str(sauvegarde), "--media", str(tmp_path / "vide"))


def test_sauvegarde_alteree_refusee_avant_toute_ecriture(settings, tmp_path, base_vide):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "documents").mkdir(parents=True)
    (settings.MEDIA_ROOT / "documents" / "piece").write_bytes(b"%PDF-1.4 original")
    call_command("sauvegarder", "--dossier", str(tmp_path / "s"), stdout=StringIO())
    (sauvegarde,) = (tmp_path / "s").iterdir()
    (sauvegarde / "media" / "documents" / "piece").write_bytes(b"%PDF-1.4 modifie")

    with pytest.raises(CommandError, match="modifié : media/documents/piece") as erreur:
        call_command("restaurer", str(sauvegarde), "--base", base_vide, "--media", str(tmp_path))
    assert "rien n’a été restauré" in str(erreur.value)
    with psycopg.connect(base_vide) as cnx:
        assert tables(cnx) == []
    with pytest.raises(CommandError, match="ne correspond pas à son manifeste"):
        call_command("restaurer", str(sauvegarde), "--verifier-seulement")
    with pytest.raises(CommandError, match="SHA256SUMS manque"):
        call_command("restaurer", str(tmp_path / "media"), "--verifier-seulement")


def test_sauvegarde_alteree_avec_un_manifeste_recalcule_refusee(settings, tmp_path, base_vide):
    """Whoever alters a copy kept off the machine also rewrites SHA256SUMS (it is only sums):
    the manifest's seal, keyed by a secret of the deployment, refuses it (audit)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "documents").mkdir(parents=True)
    (settings.MEDIA_ROOT / "documents" / "piece").write_bytes(b"%PDF-1.4 original")
    call_command("sauvegarder", "--dossier", str(tmp_path / "s"), stdout=StringIO())
    (sauvegarde,) = (tmp_path / "s").iterdir()
    call_command("restaurer", str(sauvegarde), "--verifier-seulement", stdout=StringIO())
    piece = sauvegarde / "media" / "documents" / "piece"
    piece.write_bytes(b"%PDF-1.4 piege")
    manifeste = sauvegarde / "SHA256SUMS"
    lignes = [
        ligne.replace(ligne[:64], hashlib.sha256(piece.read_bytes()).hexdigest())
        if ligne.endswith("media/documents/piece")
        else ligne
        for ligne in manifeste.read_text().splitlines()
    ]
    manifeste.write_text("".join(f"{ligne}\n" for ligne in lignes))

    vide = tmp_path / "vide"
    with pytest.raises(CommandError, match="sceau du manifeste") as erreur:
        call_command("restaurer", str(sauvegarde), "--base", base_vide, "--media", str(vide))
    assert "rien n’a été restauré" in str(erreur.value)
    with psycopg.connect(base_vide) as cnx:
        assert tables(cnx) == []
    assert not vide.exists() or not any(vide.iterdir())
    # Another key (SECRET_KEY changed since) is refused too, and says which setting to set.
    call_command("sauvegarder", "--dossier", str(tmp_path / "t"), stdout=StringIO())
    (intacte,) = (tmp_path / "t").iterdir()
    settings.SAUVEGARDE_CLE = "une-autre-cle"
    with pytest.raises(CommandError, match="SAUVEGARDE_CLE"):
        call_command("restaurer", str(intacte), "--verifier-seulement")


def test_version_de_pg_dump_choisie():
    """The embedded PostgreSQL (18) ships its tools; a newer one is taken over a too old one."""
    assert 18 in outils("pg_dump") and 18 in outils("pg_restore")
    chemin, version = choisir("pg_dump", minimum=16, prefere=16)
    assert version >= 16 and chemin.name == "pg_dump"
    with pytest.raises(ErreurSauvegarde, match="Il faut pg_dump de PostgreSQL 99"):
        choisir("pg_dump", minimum=99, prefere=99)


def test_version_lue_dans_un_dossier_impose(tmp_path):
    faux = tmp_path / "pg_dump"
    faux.write_text('#!/bin/sh\necho "pg_dump (PostgreSQL) 14.3"\n')
    faux.chmod(0o755)
    assert outils("pg_dump", tmp_path) == {14: tmp_path / "pg_dump"}
    with pytest.raises(ErreurSauvegarde, match="trouvés : 14"):
        choisir("pg_dump", minimum=15, prefere=15, dossier=tmp_path)


def test_docker_compose_sauvegarde_la_base_et_les_fichiers():
    compose = yaml.safe_load(
        (Path(__file__).resolve().parents[2] / "docker-compose.yml").read_text()
    )
    service = compose["services"]["sauvegarde"]
    assert "manage.py sauvegarder --dossier /data/sauvegardes" in " ".join(service["command"])
    assert service["env_file"] == ".env"
    assert {"media:/data/media", "sauvegardes:/data/sauvegardes"} <= set(service["volumes"])
