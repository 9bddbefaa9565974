"""Checking one row of an import file. Pure: no database, the communes and today are given.

Each refusal reason is a French sentence an agent can act on; a row is refused with all its
reasons at once, so the file is corrected in one pass."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from dossiers.imports.formats import Format
from procedure.enums import Parc

PARCS = {"social": Parc.SOCIAL, "prive": Parc.PRIVE, "privé": Parc.PRIVE}


@dataclass(frozen=True)
class LigneValide:
    numero: int
    reference: str
    date_acte: date
    nom: str
    prenom: str
    date_naissance: date | None
    adresse: str
    commune_id: int
    numero_allocataire: str
    nb_enfants: int | None
    bailleur: str
    parc: str
    loyer_hc: Decimal | None
    montant_dette: Decimal | None
    mois_impayes: int | None


@dataclass(frozen=True)
class LigneRefusee:
    numero: int
    reference: str
    raisons: list[str]


# Compiled once: `re.fullmatch(motif, …)` looks the pattern up in re's cache on every call.
_JJ_MM_AAAA = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_AAAA_MM_JJ = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?")
_ENTIER = re.compile(r"-?\d+")
_ALLOCATAIRE = re.compile(r"[0-9A-Za-z]{1,20}")
_CENTIME = Decimal("0.01")
# Below what the columns hold (numeric(9, 2) for a rent, (12, 2) for a debt): a value the
# checks let through and the column refuses failed the whole import.
PLAFONDS = {"loyer_hc": Decimal("1e7"), "montant_dette": Decimal("1e9")}


def _texte(valeur) -> str:
    """A cell as clean text: single spaces, and no NUL character, which PostgreSQL refuses
    in any text (a NUL in one cell failed the whole import, its report included)."""
    if valeur.__class__ is str:  # a CSV cell: the common case first
        return " ".join(valeur.replace("\x00", "").split())
    if valeur is None:
        return ""
    if isinstance(valeur, float) and valeur.is_integer():
        valeur = int(valeur)  # 96001 read by a spreadsheet as 96001.0
    return " ".join(str(valeur).replace("\x00", "").split())


def lire_date(valeur) -> date | None:
    """JJ/MM/AAAA, JJ-MM-AAAA, AAAA-MM-JJ or a spreadsheet date; ValueError if unreadable."""
    if isinstance(valeur, datetime):
        return valeur.date()
    if isinstance(valeur, date):
        return valeur
    texte = _texte(valeur)
    if not texte:
        return None
    if m := _JJ_MM_AAAA.fullmatch(texte):
        jour, mois, annee = m.groups()
    elif m := _AAAA_MM_JJ.fullmatch(texte):
        annee, mois, jour = m.groups()
    else:
        raise ValueError(texte)
    return date(int(annee), int(mois), int(jour))


def lire_montant(valeur) -> Decimal | None:
    """« 1 840,50 », « 1840.50 », « 1 840,50 € » or a number; ValueError if unreadable,
    « NaN » and « Infinity » included (Decimal reads them, and comparing a NaN raises)."""
    if isinstance(valeur, int | float | Decimal) and not isinstance(valeur, bool):
        texte = str(valeur)
    else:
        texte = _texte(valeur).replace("€", "").replace("\u202f", "").replace("\xa0", "")
        texte = texte.replace(" ", "")
        if not texte:
            return None
        if "," in texte:
            texte = texte.replace(".", "").replace(",", ".")
    try:
        montant = Decimal(texte)
        if montant.is_finite():
            return montant.quantize(_CENTIME)
    except InvalidOperation as erreur:
        raise ValueError(texte) from erreur
    raise ValueError(texte)


def _entier(valeur) -> int | None:
    texte = _texte(valeur)
    if not texte:
        return None
    if not _ENTIER.fullmatch(texte):
        raise ValueError(texte)
    return int(texte)


def valider_ligne(
    numero: int,
    brute: dict,
    *,
    spec: Format,
    communes: dict[str, int],
    aujourd_hui: date,
) -> LigneValide | LigneRefusee:
    """`communes` maps the INSEE codes of the département to commune ids."""
    raisons: list[str] = []
    texte = {nom: _texte(valeur) for nom, valeur in brute.items()}
    for nom in spec.noms:
        if nom not in texte:
            texte[nom] = ""
    for nom in spec.obligatoires:
        if not texte[nom]:
            colonne = next(c for c in spec.colonnes if c.nom == nom)
            raisons.append(f"{colonne.libelle.split(' (')[0]} manquant(e) (colonne « {nom} »).")
    reference = texte["reference"]
    if len(reference) > 100:
        raisons.append("Référence trop longue (100 caractères au plus).")

    def brut(nom):
        """The cleaned text of a cell read as text (cleaning it again would give the same);
        a spreadsheet's number or date as is."""
        valeur = brute.get(nom)
        return texte[nom] if valeur is None or valeur.__class__ is str else valeur

    def date_de(nom, libelle, passee=True):
        try:
            valeur = lire_date(brut(nom))
        except ValueError:
            raisons.append(f"{libelle} invalide : « {texte[nom]} » (attendu JJ/MM/AAAA).")
            return None
        if valeur and passee and valeur > aujourd_hui:
            raisons.append(f"{libelle} dans le futur : {valeur:%d/%m/%Y}.")
        return valeur

    date_acte = date_de("date_acte", spec.libelle_date)
    date_naissance = date_de("date_naissance", "Date de naissance")
    if date_naissance and date_naissance.year < 1900:
        raisons.append(f"Date de naissance improbable : {date_naissance:%d/%m/%Y}.")

    commune_id = None
    if texte["code_commune"]:
        code = texte["code_commune"].zfill(5)
        commune_id = communes.get(code)
        if commune_id is None:
            raisons.append(
                f"Code commune inconnu dans le département : « {texte['code_commune']} »."
            )

    parc = ""
    if texte["parc"]:
        parc = PARCS.get(texte["parc"].lower(), "")
        if not parc:
            raisons.append(f"Parc inconnu : « {texte['parc']} » (attendu « social » ou « prive »).")

    montants = {}
    for nom, libelle in (("loyer_hc", "Loyer"), ("montant_dette", "Montant de la dette")):
        try:
            montants[nom] = lire_montant(brut(nom))
        except ValueError:
            raisons.append(f"{libelle} illisible : « {texte[nom]} ».")
            montants[nom] = None
            continue
        if montants[nom] is not None and montants[nom] < 0:
            raisons.append(f"{libelle} négatif : {texte[nom]}.")
        elif montants[nom] is not None and montants[nom] >= PLAFONDS[nom]:
            raisons.append(f"{libelle} trop élevé : {texte[nom]}.")

    entiers = {}
    for nom, libelle in (("nb_enfants", "Nombre d’enfants"), ("mois_impayes", "Mois d’impayés")):
        try:
            entiers[nom] = _entier(brut(nom))
        except ValueError:
            raisons.append(f"{libelle} illisible : « {texte[nom]} » (un nombre entier).")
            entiers[nom] = None
            continue
        if entiers[nom] is not None and not 0 <= entiers[nom] <= 30000:
            raisons.append(f"{libelle} hors limites : {entiers[nom]}.")

    allocataire = texte["numero_allocataire"].replace(" ", "")
    if allocataire and not _ALLOCATAIRE.fullmatch(allocataire):
        raisons.append(f"Numéro d’allocataire invalide : « {texte['numero_allocataire']} ».")

    if raisons:
        return LigneRefusee(numero=numero, reference=reference, raisons=raisons)
    return LigneValide(
        numero=numero,
        reference=reference,
        date_acte=date_acte,
        nom=texte["nom"][:100],
        prenom=texte["prenom"][:100],
        date_naissance=date_naissance,
        adresse=texte["adresse"][:300],
        commune_id=commune_id,
        numero_allocataire=allocataire,
        nb_enfants=entiers["nb_enfants"],
        bailleur=texte["bailleur"][:200],
        parc=parc,
        loyer_hc=montants["loyer_hc"],
        montant_dette=montants["montant_dette"],
        mois_impayes=entiers["mois_impayes"],
    )
