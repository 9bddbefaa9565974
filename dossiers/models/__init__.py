from .commission import Commission, Examen, MembreCommission, ParticipationSeance, Seance
from .courrier import Courrier, ModeleCourrier
from .document import Document
from .imports import ImportSignalements, RegleOrientation
from .journal import Consultation, EvenementJournal
from .menage import CompteurDossier, MembreMenage, Menage, MenageProcedure, Mesure, Ressource
from .preconisation import Preconisation, TypePreconisation
from .saisine import MessageSaisine, Saisine
from .suivi import Bilan, SignalementChangement, SuiviPreconisation
from .traitement import Traitement

__all__ = [
    "Bilan",
    "Commission",
    "CompteurDossier",
    "Consultation",
    "Courrier",
    "Document",
    "EvenementJournal",
    "Examen",
    "ImportSignalements",
    "MembreCommission",
    "MembreMenage",
    "Menage",
    "MenageProcedure",
    "MessageSaisine",
    "Mesure",
    "ModeleCourrier",
    "ParticipationSeance",
    "Preconisation",
    "RegleOrientation",
    "Ressource",
    "Saisine",
    "Seance",
    "SignalementChangement",
    "SuiviPreconisation",
    "Traitement",
    "TypePreconisation",
]
