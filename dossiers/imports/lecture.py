"""Reading an import file: CSV (UTF-8 or Windows-1252, « ; » or « , ») or XLSX (first sheet),
recognised from its content, never from its name. Rows are read lazily (openpyxl read-only
mode): a 50 000-row file is never held in memory as objects."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import filetype
from django.core.exceptions import ValidationError

from ccapex.fichiers import analyser, nom_sain
from dossiers.imports.formats import Format

TAILLE_MAX = 30 * 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Tableur:
    contenu: bytes
    nom: str
    format: str  # "csv" or "xlsx"
    sha256: str


def normaliser_entete(texte) -> str:
    """« Code commune » → « code_commune », « N° allocataire » → « n_allocataire »."""
    texte = unicodedata.normalize("NFKD", str(texte or "")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", texte.lower()).strip("_")


def _decoder(contenu: bytes) -> str:
    for encodage in ("utf-8-sig", "cp1252"):
        try:
            return contenu.decode(encodage)
        except UnicodeDecodeError:
            continue
    raise ValidationError("Le fichier n’est pas un texte lisible (UTF-8 ou Windows-1252).")


def verifier_tableur(nom: str, contenu: bytes) -> Tableur:
    """A CSV or XLSX file, by its content; ValidationError in French otherwise."""
    if len(contenu) > TAILLE_MAX:
        raise ValidationError("Le fichier dépasse 30 Mo : découpez-le en plusieurs fichiers.")
    if not contenu:
        raise ValidationError("Le fichier est vide.")
    genre = filetype.guess(contenu)
    if genre is not None and genre.mime == XLSX:
        format_ = "xlsx"
    elif genre is None and b"\x00" not in contenu[:4096]:
        _decoder(contenu)
        format_ = "csv"
    else:
        raise ValidationError(
            f"« {nom} » n’est ni un fichier CSV ni un classeur Excel (.xlsx), d’après son "
            "contenu : enregistrez-le dans l’un de ces formats."
        )
    sha256 = hashlib.sha256(contenu).hexdigest()
    # Infected: refused like a document. Without a verdict the import goes on: the file is
    # only parsed as data, never served to anyone.
    analyser(contenu, nom=nom, sha256=sha256)
    return Tableur(
        contenu=contenu,
        nom=nom_sain(nom, "." + format_),
        format=format_,
        sha256=sha256,
    )


def _lignes_brutes(contenu: bytes, format_: str) -> Iterator[list]:
    if format_ == "xlsx":
        from openpyxl import load_workbook

        try:
            classeur = load_workbook(io.BytesIO(contenu), read_only=True, data_only=True)
        except Exception as erreur:  # a corrupt archive: say so, never crash
            raise ValidationError("Le classeur Excel est illisible.") from erreur
        try:
            feuille = classeur.worksheets[0]
            for valeurs in feuille.iter_rows(values_only=True):
                yield list(valeurs)
        finally:
            classeur.close()
        return
    texte = _decoder(contenu)
    premiere = texte.split("\n", 1)[0]
    separateur = ";" if premiere.count(";") >= premiere.count(",") else ","
    yield from csv.reader(io.StringIO(texte, newline=""), delimiter=separateur)


def renommer(entete: list, spec: Format) -> list[str]:
    """The header row as expected column names: normalised, then through the saved mapping
    (a mapped file column takes the expected name; a column mapped elsewhere is dropped)."""
    noms = [normaliser_entete(v) for v in entete]
    if not spec.correspondance:
        return noms
    vers_attendu = {colonne: attendu for attendu, colonne in spec.correspondance}
    attendus = {attendu for attendu, _ in spec.correspondance}
    return [vers_attendu.get(nom, "" if nom in attendus else nom) for nom in noms]


def apercu(contenu: bytes, format_: str, lignes: int = 5) -> tuple[list[str], list[list[str]]]:
    """The file's header (normalised) and its first rows, to build a mapping."""
    brutes = _lignes_brutes(contenu, format_)
    entete = next(brutes, None)
    if not entete:
        raise ValidationError("Le fichier est vide.")
    premieres = []
    for valeurs in brutes:
        if len(premieres) >= lignes:
            break
        if any(v not in (None, "") and str(v).strip() for v in valeurs):
            premieres.append(["" if v is None else str(v)[:80] for v in valeurs])
    return [normaliser_entete(v) for v in entete], premieres


def lire(contenu: bytes, format_: str, spec: Format) -> Iterator[tuple[int, dict]]:
    """(line number as the user sees it, {column: raw value}) for each non-empty data row.

    The header must name every mandatory column (in any order, accents and case ignored);
    unknown columns are ignored."""
    lignes = _lignes_brutes(contenu, format_)
    entete = next(lignes, None)
    if entete is None:
        raise ValidationError("Le fichier est vide.")
    noms = renommer(entete, spec)
    manquantes = [c for c in spec.obligatoires if c not in noms]
    if manquantes:
        raise ValidationError(
            "Colonnes obligatoires absentes de la première ligne : "
            + ", ".join(manquantes)
            + (
                ". Vérifiez la correspondance de colonnes choisie."
                if spec.correspondance
                else ". Voir le format dans la documentation des imports."
            )
        )
    index = {nom: i for i, nom in enumerate(noms) if nom in spec.noms}
    for numero, valeurs in enumerate(lignes, start=2):
        if not any(v not in (None, "") and str(v).strip() for v in valeurs):
            continue
        yield numero, {nom: (valeurs[i] if i < len(valeurs) else None) for nom, i in index.items()}


def compter_lignes(contenu: bytes, format_: str, spec: Format) -> int:
    return sum(1 for _ in lire(contenu, format_, spec))
