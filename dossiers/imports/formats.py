"""The columns of each kind of import file (documented for users in docs/imports.md)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

from dossiers.enums import CanalSaisine, TypeImport
from partenaires.enums import OrigineSaisine
from procedure.enums import SourceActe, TypeActe


@dataclass(frozen=True)
class Colonne:
    nom: str
    libelle: str
    obligatoire: bool = False
    exemple: str = ""


@dataclass(frozen=True)
class Format:
    type: str
    canal: str
    type_acte: str
    source_acte: str
    origine: str
    libelle_date: str
    colonnes: tuple[Colonne, ...]
    # A saved mapping (expected column -> the file's own header, normalised): lets an
    # extraction from another system be read without code (CorrespondanceImport).
    correspondance: tuple[tuple[str, str], ...] = ()

    @cached_property  # read for every row of a file
    def noms(self) -> list[str]:
        return [c.nom for c in self.colonnes]

    @cached_property
    def obligatoires(self) -> list[str]:
        return [c.nom for c in self.colonnes if c.obligatoire]

    def avec_correspondance(self, colonnes: dict[str, str]) -> Format:
        """This format reading the file's headers through a saved mapping."""
        return replace(self, correspondance=tuple(sorted(colonnes.items())))


def _communes(date_libelle: str, *, allocataire_obligatoire: bool = False) -> tuple:
    return (
        Colonne("reference", "Référence chez l’émetteur (unique)", True, "CJ-2026-0001"),
        Colonne("date_acte", date_libelle + " (JJ/MM/AAAA ou AAAA-MM-JJ)", True, "15/03/2026"),
        Colonne("nom", "Nom du locataire", True, "Martin"),
        Colonne("prenom", "Prénom du locataire", False, "Sophie"),
        Colonne("date_naissance", "Date de naissance du locataire", False, "04/07/1981"),
        Colonne("adresse", "Adresse du logement", True, "12 rue Pasteur"),
        Colonne("code_commune", "Code INSEE de la commune du logement", True, "96001"),
        Colonne(
            "numero_allocataire",
            "Numéro d’allocataire CAF/MSA",
            allocataire_obligatoire,
            "1234567",
        ),
        Colonne("nb_enfants", "Nombre d’enfants au foyer", False, "2"),
        Colonne("bailleur", "Nom du bailleur", True, "Orge Habitat"),
        Colonne("parc", "Parc : « social » ou « prive »", True, "social"),
        Colonne("loyer_hc", "Loyer mensuel hors charges, en euros", False, "520,00"),
        Colonne("montant_dette", "Montant de la dette, en euros", False, "1 840,50"),
        Colonne("mois_impayes", "Nombre de mois d’impayés", False, "3"),
    )  # fmt: skip


FORMATS: dict[str, Format] = {
    TypeImport.CDP: Format(
        type=TypeImport.CDP,
        canal=CanalSaisine.CDP,
        type_acte=TypeActe.CDP,
        source_acte=SourceActe.IMPORT_CDP,
        origine=OrigineSaisine.PREFECTURE,
        libelle_date="Date de délivrance du commandement de payer",
        colonnes=_communes("Date de délivrance du commandement de payer"),
    ),
    TypeImport.CAF: Format(
        type=TypeImport.CAF,
        canal=CanalSaisine.SIGNALEMENT_CAF,
        type_acte=TypeActe.SIGNALEMENT_CAF,
        source_acte=SourceActe.IMPORT_CAF,
        origine=OrigineSaisine.CAF,
        libelle_date="Date du signalement de l’impayé",
        colonnes=_communes("Date du signalement de l’impayé", allocataire_obligatoire=True),
    ),
    TypeImport.PREALABLE: Format(
        type=TypeImport.PREALABLE,
        canal=CanalSaisine.SAISINE_PREALABLE,
        type_acte=TypeActe.SAISINE_PREALABLE,
        source_acte=SourceActe.IMPORT_BAILLEUR,
        origine=OrigineSaisine.BAILLEURS,
        libelle_date="Date de la saisine préalable",
        colonnes=_communes("Date de la saisine préalable"),
    ),
}
