from commission.models.commission import Commission, MembreCommission, Transfert
from commission.models.courrier import Courrier, ModeleCourrier
from commission.models.decision import Decision, TypeDecision
from commission.models.preconisation import Preconisation, TypePreconisation
from commission.models.seance import Examen, ParticipationSeance, Seance
from commission.models.suivi import Bilan, SignalementChangement, SuiviPreconisation

__all__ = [
    "Bilan",
    "Commission",
    "Courrier",
    "Decision",
    "Examen",
    "MembreCommission",
    "ModeleCourrier",
    "ParticipationSeance",
    "Preconisation",
    "Seance",
    "SignalementChangement",
    "SuiviPreconisation",
    "Transfert",
    "TypeDecision",
    "TypePreconisation",
]
