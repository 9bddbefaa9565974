from dossiers.models.document import Document
from dossiers.models.imports import CorrespondanceImport, ImportSignalements, RegleOrientation
from dossiers.models.journal import Consultation, EvenementJournal
from dossiers.models.menage import (
    CompteurDossier,
    MembreMenage,
    Menage,
    MenageProcedure,
    Mesure,
    Ressource,
)
from dossiers.models.saisine import MessageSaisine, Saisine

__all__ = [
    "CompteurDossier",
    "Consultation",
    "CorrespondanceImport",
    "Document",
    "EvenementJournal",
    "ImportSignalements",
    "MembreMenage",
    "Menage",
    "MenageProcedure",
    "MessageSaisine",
    "Mesure",
    "RegleOrientation",
    "Ressource",
    "Saisine",
]
