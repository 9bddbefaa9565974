"""`manage.py sauvegarder` / `restaurer`: the demo database and its files, round trip."""

import hashlib
import importlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from io import StringIO
from pathlib import Path

import psycopg
import pyrage
import pytest
import yaml
from django.apps import apps
from django.core.checks import run_checks
from django.core.management import CommandError, call_command
from psycopg import sql
from psycopg.conninfo import make_conninfo
from pyrage import x25519

from ccapex import sauvegardes as module_sauvegardes
from ccapex.sauvegardes import (
    ErreurSauvegarde,
    chiffrer,
    choisir,
    outils,
    parametres,
    sceau,
    tables,
)
from tests.ccapex.test_reglages import PRODUCTION, manage
from tests.ccapex.test_worker import url_de_la_base_de_test

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


def demo_a_sauvegarder(settings, tmp_path):
    """The demo's data and files, and what they hold before the round trip."""
    settings.MEDIA_ROOT = tmp_path / "media"
    semer_les_donnees_de_reference()
    call_command("demo", "--menages", "5", stdout=StringIO())
    source = url(parametres())
    return source, contenu_des_tables(source), empreintes_des_fichiers(settings.MEDIA_ROOT)


def test_aller_retour_des_donnees_de_demonstration(settings, tmp_path, base_vide):
    _, tables_avant, fichiers_avant = demo_a_sauvegarder(settings, tmp_path)
    assert len(tables_avant) > 50 and sum(n for n, _ in tables_avant.values()) > 500
    assert any(nom.startswith("courriers/") for nom in fichiers_avant), "des PDF de démo"

    sortie, erreurs = StringIO(), StringIO()
    call_command(
        "sauvegarder", "--dossier", str(tmp_path / "sauvegardes"), stdout=sortie, stderr=erreurs
    )
    (sauvegarde,) = (tmp_path / "sauvegardes").iterdir()
    assert "Sauvegarde écrite dans" in sortie.getvalue()
    # Without SAUVEGARDE_DESTINATAIRES: in clear as before, and said so at each run.
    assert "Attention : sauvegarde non chiffrée" in erreurs.getvalue()
    assert json.loads((sauvegarde / "sauvegarde.json").read_text())["chiffrement"] is None
    assert {"base.dump", "sauvegarde.json", "SHA256SUMS", "media"} <= {
        p.name for p in sauvegarde.iterdir()
    }
    assert (sauvegarde / "base.dump").read_bytes().startswith(b"PGDMP")

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

    # With --force: emptied, then identical again (the extra table and file are gone). A
    # backup in clear needs no key: one given is not even read; and it still restores once
    # the deployment encrypts its new backups (an older backup, written in clear).
    settings.SAUVEGARDE_DESTINATAIRES = [str(x25519.Identity.generate().to_public())]
    sortie = StringIO()
    call_command(
        "restaurer", str(sauvegarde), "--force", "--base", base_vide,
        "--media", str(media_restauree), "--identite", str(tmp_path / "absente"), stdout=sortie,
    )  # fmt: skip
    assert "n’est pas chiffrée : --identite est ignorée" in sortie.getvalue()
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
    # Its own environment adds the recipients to the shared one, which it must not replace.
    assert service["environment"] == compose["services"]["web"]["environment"] | {
        "SAUVEGARDE_DESTINATAIRES": "${SAUVEGARDE_DESTINATAIRES:-}"
    }
    assert service["environment"]["DJANGO_SETTINGS_MODULE"] == "ccapex.settings.production"


# --- Encrypted backups (age) ---------------------------------------------------------------

PIECE = b"%PDF-1.4 avis d'expulsion de Mme Exemple, 12 rue des Lilas"


def paire_de_cles(dossier: Path, nom: str) -> tuple[str, Path]:
    """A public key and the file of its private key, as age-keygen writes it."""
    identite = x25519.Identity.generate()
    publique = str(identite.to_public())
    fichier = dossier / nom
    fichier.write_text(f"# created: 2026-01-01T00:00:00Z\n# public key: {publique}\n{identite}\n")
    return publique, fichier


@pytest.fixture
def cles(tmp_path):
    dossier = tmp_path / "cles"
    dossier.mkdir()
    return [paire_de_cles(dossier, nom) for nom in ("principale.txt", "secours.txt", "autre.txt")]


@pytest.fixture
def temporaire(tmp_path, monkeypatch):
    """The folder where `tempfile` puts the decrypted dump: empty again after each restore."""
    dossier = tmp_path / "tmp"
    dossier.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(dossier))
    return dossier


def contenus(sauvegarde: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(sauvegarde)): p.read_bytes() for p in sauvegarde.rglob("*") if p.is_file()
    }


def cible_occupee(base: str, dossier: Path) -> Path:
    """A target database and media folder holding something a failed restore must keep."""
    with psycopg.connect(base, autocommit=True) as cnx:
        cnx.execute("CREATE TABLE temoin (a int)")
        cnx.execute("INSERT INTO temoin VALUES (42)")
    dossier.mkdir()
    (dossier / "temoin").write_bytes(b"avant")
    return dossier


def cible_intacte(base: str, dossier: Path) -> None:
    with psycopg.connect(base) as cnx:
        assert tables(cnx) == ["public.temoin"]
        assert cnx.execute("SELECT a FROM temoin").fetchall() == [(42,)]
    assert empreintes_des_fichiers(dossier) == {"temoin": hashlib.sha256(b"avant").hexdigest()}


def petite_sauvegarde(settings, tmp_path, destinataires: list[str]) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "documents").mkdir(parents=True)
    (settings.MEDIA_ROOT / "documents" / "piece").write_bytes(PIECE)
    (settings.MEDIA_ROOT / "vide").write_bytes(b"")
    settings.SAUVEGARDE_DESTINATAIRES = destinataires
    call_command("sauvegarder", "--dossier", str(tmp_path / "s"), stdout=StringIO())
    (sauvegarde,) = (tmp_path / "s").iterdir()
    return sauvegarde


def test_aller_retour_chiffre_des_donnees_de_demonstration(
    settings, tmp_path, base_vide, cles, temporaire
):
    """Encrypted to two keys: nothing readable in the folder, checked without any key,
    restored identical with the second key; no clear copy left behind."""
    source, tables_avant, fichiers_avant = demo_a_sauvegarder(settings, tmp_path)
    with psycopg.connect(source) as cnx:
        (nom_de_famille,) = cnx.execute(
            "SELECT nom FROM dossiers_membremenage ORDER BY length(nom) DESC LIMIT 1"
        ).fetchone()
    (principale, _), (secours, identite_secours), _ = cles
    settings.SAUVEGARDE_DESTINATAIRES = [principale, secours]

    sortie, erreurs = StringIO(), StringIO()
    call_command("sauvegarder", "--dossier", str(tmp_path / "s"), stdout=sortie, stderr=erreurs)
    (sauvegarde,) = (tmp_path / "s").iterdir()
    assert "chiffrée pour 2 destinataire(s)" in sortie.getvalue()
    assert "non chiffrée" not in erreurs.getvalue()
    fichiers = contenus(sauvegarde)
    assert set(fichiers) == {
        "base.dump.age", "sauvegarde.json", "SHA256SUMS", "SHA256SUMS.hmac",
        *(f"media/{nom}.age" for nom in fichiers_avant),
    }  # fmt: skip
    lisibles = [b"PGDMP", b"CREATE TABLE", b"%PDF", nom_de_famille.encode()]
    for nom, contenu in fichiers.items():
        assert not any(texte in contenu for texte in lisibles), nom
        if nom.endswith(".age"):
            assert contenu.startswith(b"age-encryption.org/v1\n"), nom
    assert json.loads(fichiers["sauvegarde.json"])["chiffrement"] == {
        "format": "age",
        "destinataires": [principale, secours],
    }

    sortie = StringIO()
    call_command("restaurer", str(sauvegarde), "--verifier-seulement", stdout=sortie)
    assert f"chiffrée pour {principale}, {secours}" in sortie.getvalue()
    sortie = StringIO()
    call_command(
        "restaurer", str(sauvegarde), "--verifier-seulement", "--identite",
        str(identite_secours), stdout=sortie,
    )  # fmt: skip
    assert f"{len(fichiers_avant) + 1} fichiers déchiffrés et authentifiés" in sortie.getvalue()

    media_restauree = tmp_path / "restauree"
    sortie = StringIO()
    # WeasyPrint's, from the demo's PDFs: its finalizers may remove them at any time.
    deja_la = set(temporaire.iterdir())
    call_command(
        "restaurer", str(sauvegarde), "--base", base_vide, "--media", str(media_restauree),
        "--identite", str(identite_secours), stdout=sortie,
    )  # fmt: skip
    assert "Restauration terminée" in sortie.getvalue()
    assert contenu_des_tables(base_vide) == tables_avant
    assert empreintes_des_fichiers(media_restauree) == fichiers_avant
    assert set(temporaire.iterdir()) <= deja_la


def test_restauration_chiffree_refusee_sans_la_bonne_cle(
    settings, tmp_path, base_vide, cles, temporaire, monkeypatch
):
    """No key, another key, the public key, an empty or foreign file: refused with --force
    too, the target untouched; the key's text is never repeated in the message."""
    (principale, identite), _, (_, autre) = cles
    sauvegarde = petite_sauvegarde(settings, tmp_path, [principale])
    media = cible_occupee(base_vide, tmp_path / "cible")
    publique = tmp_path / "publique.txt"
    publique.write_text(f"{principale}\n")
    vide = tmp_path / "vide.txt"
    vide.write_text("# rien\n\n")
    ssh = tmp_path / "id_ed25519"
    ssh.write_text("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n")
    protegee = tmp_path / "cle.age"
    protegee.write_text("-----BEGIN AGE ENCRYPTED FILE-----\nYWdlLWVuY3J5cHRpb24u\n")
    binaire = tmp_path / "binaire"
    binaire.write_bytes(b"\xff\xfe\x00")
    enorme = tmp_path / "enorme"
    enorme.write_bytes(b"A" * 100_000)
    essais = [
        ([], "chiffrée \\(age, pour age1.*indiquez la clé privée correspondante avec --identite"),
        (["--identite", str(autre)], "n’est pas l’une de celles"),
        (["--identite", str(publique)], "ligne 1 : c’est une clé publique"),
        (["--identite", str(vide)], "ne contient aucune clé privée age"),
        (["--identite", str(ssh)], "ligne 1 : ce n’est pas une clé privée age"),
        (["--identite", str(protegee)], "est lui-même chiffré"),
        (["--identite", str(binaire)], "illisible : ce n’est pas un fichier texte"),
        (["--identite", str(enorme)], "illisible : plus de 64 Kio"),
        (["--identite", str(sauvegarde / "base.dump.age")], "illisible"),
        (["--identite", str(tmp_path / "absente")], "illisible : No such file"),
    ]
    for options, message in essais:
        with pytest.raises(CommandError, match=message) as erreur:
            call_command(
                "restaurer", str(sauvegarde), "--force", "--base", base_vide,
                "--media", str(media), *options,
            )  # fmt: skip
        assert "rien n’a été restauré" in str(erreur.value), options
        assert "AGE-SECRET-KEY" not in str(erreur.value).replace("AGE-SECRET-KEY-1…", "")
        assert "b3BlbnNzaC1" not in str(erreur.value)
        cible_intacte(base_vide, media)
    assert list(temporaire.iterdir()) == []

    # The right key among others, read on standard input (kept off the disk of a
    # container), as a Windows editor saves it (BOM, CRLF).
    texte = autre.read_text() + identite.read_text()
    entree = ("\ufeff" + texte.replace("\n", "\r\n")).encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(entree)))
    call_command(
        "restaurer", str(sauvegarde), "--force", "--base", base_vide, "--media", str(media),
        "--identite", "-", stdout=StringIO(),
    )  # fmt: skip
    assert empreintes_des_fichiers(media) == {
        "documents/piece": hashlib.sha256(PIECE).hexdigest(),
        "vide": hashlib.sha256(b"").hexdigest(),
    }
    with psycopg.connect(base_vide) as cnx:
        assert "public.temoin" not in tables(cnx) and "public.dossiers_menage" in tables(cnx)
    assert list(temporaire.iterdir()) == []


def resceller(sauvegarde: Path) -> None:
    """What someone holding SAUVEGARDE_CLE (a stolen server) can do after altering a file:
    a manifest of the folder as it now is, sealed again."""
    noms = sorted(set(contenus(sauvegarde)) - {"SHA256SUMS", "SHA256SUMS.hmac"})
    manifeste = "".join(
        f"{hashlib.sha256((sauvegarde / nom).read_bytes()).hexdigest()}  {nom}\n" for nom in noms
    ).encode()
    (sauvegarde / "SHA256SUMS").write_bytes(manifeste)
    (sauvegarde / "SHA256SUMS.hmac").write_text(sceau(manifeste) + "\n")


def alterer(chemin: Path, depuis_la_fin: int = 40) -> None:
    contenu = bytearray(chemin.read_bytes())
    contenu[-depuis_la_fin] ^= 0x01
    chemin.write_bytes(bytes(contenu))


def test_chiffre_altere_refuse_avant_d_effacer(settings, tmp_path, base_vide, cles, temporaire):
    """An altered ciphertext fails the manifest without any key; resealed, it fails age's
    own authentication while decrypting, still before the target is dropped."""
    (principale, identite), *_ = cles
    sauvegarde = petite_sauvegarde(settings, tmp_path, [principale])
    media = cible_occupee(base_vide, tmp_path / "cible")
    alterer(sauvegarde / "base.dump.age")
    with pytest.raises(CommandError, match=r"modifié : base\.dump\.age"):
        call_command("restaurer", str(sauvegarde), "--verifier-seulement")

    resceller(sauvegarde)
    call_command("restaurer", str(sauvegarde), "--verifier-seulement", stdout=StringIO())
    with pytest.raises(CommandError, match=r"base\.dump\.age » ne se déchiffre pas"):
        call_command(
            "restaurer", str(sauvegarde), "--verifier-seulement", "--identite", str(identite)
        )
    with pytest.raises(CommandError, match=r"base\.dump\.age » ne se déchiffre pas") as erreur:
        call_command(
            "restaurer", str(sauvegarde), "--force", "--base", base_vide,
            "--media", str(media), "--identite", str(identite),
        )  # fmt: skip
    assert "Rien n’a été restauré" in str(erreur.value)
    cible_intacte(base_vide, media)
    assert list(temporaire.iterdir()) == [], "le début déchiffré du dump est effacé"


def test_fichier_chiffre_altere_et_rescelle_restaure_en_partie_sans_trace(
    settings, tmp_path, base_vide, cles, temporaire
):
    """A media file that fails to decrypt after the database is restored: said so, and the
    part of it already decrypted is removed."""
    (principale, identite), *_ = cles
    sauvegarde = petite_sauvegarde(settings, tmp_path, [principale])
    alterer(sauvegarde / "media" / "documents" / "piece.age", depuis_la_fin=5)
    resceller(sauvegarde)
    # Its sums are right (resealed): only decrypting finds it, --verifier-seulement too
    # when given the key, which decrypts every file and not the dump alone.
    call_command("restaurer", str(sauvegarde), "--verifier-seulement", stdout=StringIO())
    with pytest.raises(CommandError, match=r"piece\.age » ne se déchiffre pas"):
        call_command(
            "restaurer", str(sauvegarde), "--verifier-seulement", "--identite", str(identite)
        )
    media = tmp_path / "cible"
    with pytest.raises(CommandError, match=r"piece\.age » ne se déchiffre pas") as erreur:
        call_command(
            "restaurer", str(sauvegarde), "--base", base_vide, "--media", str(media),
            "--identite", str(identite),
        )  # fmt: skip
    assert "les fichiers ne le sont qu’en partie" in str(erreur.value)
    assert not (media / "documents" / "piece").exists()
    assert list(temporaire.iterdir()) == []


def test_rotation_de_sauvegardes_en_clair_et_chiffrees(settings, tmp_path, cles):
    """Encryption turned on: the backups written in clear before stay readable until the
    rotation removes them; each run says so, and the rotation counts both kinds alike."""
    (principale, _), *_ = cles
    en_clair = petite_sauvegarde(settings, tmp_path, [])
    racine = en_clair.parent
    en_clair.rename(racine / "ccapex-20260101-020000")
    settings.SAUVEGARDE_DESTINATAIRES = [principale]

    def sauvegarder(garder: int) -> str:
        erreurs = StringIO()
        call_command(
            "sauvegarder", "--dossier", str(racine), "--garder", str(garder),
            stdout=StringIO(), stderr=erreurs,
        )  # fmt: skip
        return erreurs.getvalue()

    avertissement = sauvegarder(garder=3)
    assert "1 sauvegarde(s) plus ancienne(s) de ce dossier sont en clair" in avertissement
    assert "ccapex-20260101-020000" in avertissement
    (chiffree,) = set(racine.iterdir()) - {racine / "ccapex-20260101-020000"}
    chiffree.rename(racine / "ccapex-20260102-020000")
    assert "en clair" not in sauvegarder(garder=2)
    assert not (racine / "ccapex-20260101-020000").exists()
    assert (racine / "ccapex-20260102-020000" / "base.dump.age").is_file()
    assert len(list(racine.iterdir())) == 2


def test_sauvegarde_chiffree_incomplete_refusee(settings, tmp_path, cles):
    """A copy that lost a file, or a resealed folder adding a file in clear."""
    (principale, _), *_ = cles
    sauvegarde = petite_sauvegarde(settings, tmp_path, [principale])
    (sauvegarde / "media" / "vide.age").unlink()
    with pytest.raises(CommandError, match=r"manquant : media/vide\.age"):
        call_command("restaurer", str(sauvegarde), "--verifier-seulement")
    (sauvegarde / "media" / "vide").write_bytes(b"en clair")
    resceller(sauvegarde)
    with pytest.raises(CommandError, match="se dit chiffrée mais contient des fichiers en clair"):
        call_command("restaurer", str(sauvegarde), "--verifier-seulement")
    # A name that is the suffix alone would be restored under an empty name.
    (sauvegarde / "media" / "vide").rename(sauvegarde / "media" / ".age")
    resceller(sauvegarde)
    with pytest.raises(CommandError, match=r"fichiers en clair : media/\.age"):
        call_command("restaurer", str(sauvegarde), "--verifier-seulement")


def test_lien_dans_le_dossier_cible_jamais_suivi(settings, tmp_path, base_vide):
    """A target media folder holding only a link (no file) is not empty: restoring through
    the link would write outside the folder. Refused without --force, removed with it."""
    sauvegarde = petite_sauvegarde(settings, tmp_path, [])
    ailleurs = tmp_path / "ailleurs"
    ailleurs.mkdir()
    cible = tmp_path / "cible"
    cible.mkdir()
    (cible / "documents").symlink_to(ailleurs, target_is_directory=True)
    restaurer = ["restaurer", str(sauvegarde), "--base", base_vide, "--media", str(cible)]
    with pytest.raises(CommandError, match=r"contient 1 fichiers ou liens"):
        call_command(*restaurer)
    call_command(*restaurer, "--force", stdout=StringIO())
    assert list(ailleurs.iterdir()) == []
    assert not (cible / "documents").is_symlink()
    assert (cible / "documents" / "piece").read_bytes() == PIECE


def test_lien_ajout_ou_chemin_sortant_jamais_restaure(
    settings, tmp_path, base_vide, cles, monkeypatch
):
    """Whoever may write to the backups' volume without holding SAUVEGARDE_CLE: the public
    key is in sauvegarde.json, so anyone can encrypt a file to it. A `media` link to a folder
    of such files (the manifest of a backup without files lists none), a file dropped once the
    folder is checked, a manifest line going out of the folder: none reaches the target."""
    (principale, identite), *_ = cles
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SAUVEGARDE_DESTINATAIRES = [principale]
    call_command("sauvegarder", "--dossier", str(tmp_path / "s"), stdout=StringIO())
    (sauvegarde,) = (tmp_path / "s").iterdir()
    infos = json.loads((sauvegarde / "sauvegarde.json").read_text())
    assert infos["media"]["fichiers"] == 0
    ailleurs = tmp_path / "ailleurs"
    ailleurs.mkdir()
    publique = x25519.Recipient.from_str(infos["chiffrement"]["destinataires"][0])
    (ailleurs / "piege.age").write_bytes(pyrage.encrypt(b"%PDF-1.4 piege", [publique]))
    cible = tmp_path / "cible"
    restaurer = ["--base", base_vide, "--media", str(cible), "--identite", str(identite)]

    manifeste = (sauvegarde / "SHA256SUMS").read_bytes()
    (sauvegarde / "SHA256SUMS").write_bytes(manifeste + b"0" * 64 + b"  ../ailleurs/piege.age\n")
    with pytest.raises(CommandError, match=r"SHA256SUMS, ligne \d+ illisible"):
        call_command("restaurer", str(sauvegarde), "--verifier-seulement")
    (sauvegarde / "SHA256SUMS").write_bytes(manifeste)

    (sauvegarde / "media").symlink_to(ailleurs, target_is_directory=True)
    with pytest.raises(CommandError, match="lien symbolique : media"):
        call_command("restaurer", str(sauvegarde), "--verifier-seulement")
    with pytest.raises(CommandError, match="lien symbolique : media"):
        call_command("restaurer", str(sauvegarde), *restaurer)
    assert not cible.exists()
    with psycopg.connect(base_vide) as cnx:
        assert tables(cnx) == []

    (sauvegarde / "media").unlink()
    verifier_manifeste = module_sauvegardes.verifier_manifeste

    def puis_un_ajout(dossier):
        resultat = verifier_manifeste(dossier)
        (dossier / "media").mkdir()
        shutil.copy(ailleurs / "piege.age", dossier / "media" / "piege.age")
        return resultat

    monkeypatch.setattr(module_sauvegardes, "verifier_manifeste", puis_un_ajout)
    call_command("restaurer", str(sauvegarde), *restaurer, stdout=StringIO())
    with psycopg.connect(base_vide) as cnx:
        assert "public.dossiers_menage" in tables(cnx)
    assert not cible.exists() or empreintes_des_fichiers(cible) == {}


@pytest.mark.parametrize(
    ("valeurs", "message"),
    [
        (["age1xyz"], "destinataire n° 1 illisible : « age1xyz »"),
        (["{principale}", "{principale}x"], "destinataire n° 2 illisible"),
        (["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI"], "n° 1 illisible"),
        (["{secrete}"], "n° 1 : c’est une clé privée"),
        (["{principale} {secrete}"], "n° 1 : c’est une clé privée"),
        # Its prefix mistyped: the rest is the secret all the same.
        (["{secrete_sans_tiret}"], "n° 1 : c’est une clé privée"),
        (["{secrete_soulignee}"], "n° 1 : c’est une clé privée"),
        # Quoted escaped: no terminal sequence, no forged log line.
        (["age1\x1b[2J\nERROR faux"], r"n° 1 illisible : « age1\\x1b\[2J\\nERROR faux »"),
    ],
)
def test_destinataire_mal_forme_refuse_avant_la_sauvegarde(
    settings, tmp_path, cles, valeurs, message
):
    (principale, identite), *_ = cles
    secrete = identite.read_text().splitlines()[-1]
    settings.SAUVEGARDE_DESTINATAIRES = [
        v.format(
            principale=principale,
            secrete=secrete,
            secrete_sans_tiret=secrete.replace("KEY-1", "KEY1"),
            secrete_soulignee=secrete.replace("-", "_"),
        )
        for v in valeurs
    ]
    with pytest.raises(CommandError, match=message) as erreur:
        call_command("sauvegarder", "--dossier", str(tmp_path / "s"))
    assert secrete[16:] not in str(erreur.value)
    assert not any(c in str(erreur.value) for c in "\x1b\n")
    assert not (tmp_path / "s").exists()
    (verification,) = [
        m
        for m in run_checks(include_deployment_checks=True)
        if m.id in ("ccapex.W002", "ccapex.E002")
    ]
    assert verification.id == "ccapex.E002"
    assert message.split(" : ")[0] in verification.msg
    assert secrete[16:] not in verification.msg


def test_verification_de_deploiement_des_sauvegardes(settings, cles):
    (principale, _), (secours, _), _ = cles

    def nos_messages():
        return [
            m.id
            for m in run_checks(include_deployment_checks=True)
            if m.id in ("ccapex.W002", "ccapex.E002")
        ]

    settings.SAUVEGARDE_DESTINATAIRES = []
    assert nos_messages() == ["ccapex.W002"]
    settings.SAUVEGARDE_DESTINATAIRES = [principale, secours]
    assert nos_messages() == []
    # As .env spells it: spaces, an empty item, a trailing comma (production settings).
    env = PRODUCTION | {"SAUVEGARDE_DESTINATAIRES": f" {principale} ,, {secours}, "}
    resultat = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr
    resultat = manage("check", "--deploy", env=PRODUCTION | {"SAUVEGARDE_DESTINATAIRES": ""})
    assert "ccapex.W002" in resultat.stderr + resultat.stdout


def test_pg_dump_en_echec_pendant_le_chiffrement_ne_laisse_rien(settings, tmp_path, cles):
    """pg_dump dies midway: its output ends early, which encrypts fine; its exit code must
    still fail the backup, and the partial folder goes."""
    (principale, _), *_ = cles
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SAUVEGARDE_DESTINATAIRES = [principale]
    outils_faux = tmp_path / "bin"
    outils_faux.mkdir()
    faux = outils_faux / "pg_dump"
    faux.write_text(
        '#!/bin/sh\nif [ "$1" = --version ]; then echo "pg_dump (PostgreSQL) 99.0"; exit 0; fi\n'
        "printf PGDMP-partiel; echo 'connexion perdue' >&2; exit 1\n"
    )
    faux.chmod(0o755)
    with pytest.raises(CommandError, match="pg_dump a échoué \\(code 1\\) :\nconnexion perdue"):
        call_command("sauvegarder", "--dossier", str(tmp_path / "s"), "--pg-bin", str(outils_faux))
    assert list((tmp_path / "s").iterdir()) == []


class DisquePlein:
    """The file under `_Sortie`, on a full disk: every write fails."""

    def __init__(self, fichier):
        self.fichier = fichier

    def write(self, donnees):
        raise OSError(28, "No space left on device")

    def flush(self):
        pass


def test_sigterm_ne_laisse_ni_dump_en_clair_ni_dossier_partiel(settings, tmp_path, base_vide, cles):
    """`docker stop` or systemd sends SIGTERM: each command stops through its clean-ups, as
    with Ctrl-C, rather than dying where it stands with the decrypted dump (the whole database
    in clear) left in TMPDIR, or a partial backup folder; its pg_dump or pg_restore goes too."""
    (principale, identite), *_ = cles
    settings.SAUVEGARDE_CLE = "cle-du-test-d-interruption"
    sauvegarde = petite_sauvegarde(settings, tmp_path, [principale])
    version = json.loads((sauvegarde / "sauvegarde.json").read_text())["base"]["pg_dump"]
    lents = tmp_path / "bin"  # the tools write their pid, then take their time
    lents.mkdir()
    for outil in ("pg_dump", "pg_restore"):
        (lents / outil).write_text(
            f'#!/bin/sh\nif [ "$1" = --version ]; then echo "{outil} (PostgreSQL) {version}.0"; '
            'exit 0; fi\necho $$ > "$MARQUE.tmp" && mv "$MARQUE.tmp" "$MARQUE"; exec sleep 60\n'
        )
        (lents / outil).chmod(0o755)
    temporaire = tmp_path / "tmp"
    temporaire.mkdir()
    marque = tmp_path / "pid"
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "ccapex.settings.test",
        "DATABASE_URL": url_de_la_base_de_test(),
        "SAUVEGARDE_CLE": settings.SAUVEGARDE_CLE,
        "SAUVEGARDE_DESTINATAIRES": principale,
        "TMPDIR": str(temporaire),
        "MARQUE": str(marque),
    }
    commandes = {
        "restaurer": [
            str(sauvegarde), "--base", base_vide, "--media", str(tmp_path / "cible"),
            "--identite", str(identite),
        ],
        "sauvegarder": ["--dossier", str(tmp_path / "s2")],
    }  # fmt: skip
    for commande, arguments in commandes.items():
        marque.unlink(missing_ok=True)
        processus = subprocess.Popen(
            [sys.executable, "manage.py", commande, *arguments, "--pg-bin", str(lents)],
            cwd=Path(__file__).resolve().parents[2],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            limite = time.monotonic() + 60
            while not marque.exists():
                assert processus.poll() is None, processus.communicate()
                assert time.monotonic() < limite, f"{commande} n’a pas lancé son outil"
                time.sleep(0.1)
            outil = int(marque.read_text())
            if commande == "restaurer":
                assert any(temporaire.glob("ccapex-restauration-*/base.dump"))
            processus.send_signal(signal.SIGTERM)
            _, erreurs = processus.communicate(timeout=30)
        finally:
            processus.kill()
        assert processus.returncode == 1, erreurs
        assert "Interrompu (SIGTERM)" in erreurs, erreurs
        with pytest.raises(ProcessLookupError):
            os.kill(outil, 0)
        assert list(temporaire.iterdir()) == [], commande
    assert list((tmp_path / "s2").iterdir()) == []


def test_interruptible_hors_du_fil_principal():
    """Signal handlers belong to the main thread: elsewhere it neither fails nor changes them;
    in the main thread it puts back the handlers it found."""
    erreurs = []

    def dans_un_fil():
        try:
            with module_sauvegardes.interruptible():
                pass
        except Exception as erreur:
            erreurs.append(erreur)

    fil = threading.Thread(target=dans_un_fil)
    fil.start()
    fil.join()
    assert erreurs == []
    avant = signal.getsignal(signal.SIGTERM)
    with module_sauvegardes.interruptible():
        assert signal.getsignal(signal.SIGTERM) is not avant
    assert signal.getsignal(signal.SIGTERM) is avant


def test_ecriture_perdue_par_pyrage_detectee(tmp_path, monkeypatch):
    """pyrage drops the error of its last buffered write (a small file: its only one), e.g.
    a full disk: the backup must fail rather than seal a truncated file, and a restored file
    cut short must not stay. The failure is the file's, under the real `_Sortie`."""
    identite = x25519.Identity.generate()
    chiffrer(io.BytesIO(b"petit"), tmp_path / "intact.age", [identite.to_public()])
    initialiser = module_sauvegardes._Sortie.__init__
    monkeypatch.setattr(
        module_sauvegardes._Sortie,
        "__init__",
        lambda self, fichier: initialiser(self, DisquePlein(fichier)),
    )
    for taille in (5, 200_000):  # its only write, then pyrage's own error (several chunks)
        with pytest.raises(ErreurSauvegarde, match="No space left on device"):
            chiffrer(io.BytesIO(b"x" * taille), tmp_path / "plein.age", [identite.to_public()])
    with pytest.raises(ErreurSauvegarde, match=r"impossible : .*No space left on device"):
        module_sauvegardes.dechiffrer(tmp_path / "intact.age", tmp_path / "clair", [identite])
    assert not (tmp_path / "clair").exists()


def test_un_gros_fichier_est_chiffre_et_dechiffre_a_memoire_constante(tmp_path):
    """256 Mio through chiffrer and dechiffrer in a fresh process: its peak memory grows by
    far less than the file (pyrage streams; reading the file at once would not)."""
    script = """
import resource, sys
from pathlib import Path
from pyrage import x25519
from ccapex.sauvegardes import chiffrer, dechiffrer
dossier = Path(sys.argv[1])
identite = x25519.Identity.generate()
clair = dossier / "clair"
with clair.open("wb") as f:
    f.truncate(256 * 1024 * 1024)
avant = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
with clair.open("rb") as entree:
    chiffrer(entree, dossier / "chiffre.age", [identite.to_public()])
dechiffrer(dossier / "chiffre.age", dossier / "dechiffre", [identite])
apres = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print((apres - avant) // 1024, (dossier / "dechiffre").stat().st_size)
"""
    resultat = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert resultat.returncode == 0, resultat.stderr
    croissance_mio, taille = map(int, resultat.stdout.split())
    assert taille == 256 * 1024 * 1024
    assert croissance_mio < 32, f"{croissance_mio} Mio de plus en mémoire"


def test_destinataires_sans_doublon_quelle_que_soit_la_casse():
    """Bech32 ignores case: one key written twice is one recipient, stored in lowercase."""
    publique = str(x25519.Identity.generate().to_public())
    (seule,) = module_sauvegardes.destinataires([publique, publique.upper(), f" {publique} "])
    assert str(seule) == publique
    assert module_sauvegardes.destinataires([]) == []
