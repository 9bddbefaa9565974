"""Publishing a session's agenda (a `Traitement` job): render both PDFs, notify the members."""

from ccapex.traitements import Resultat, tache_de_traitement
from commission.services import seances as services


@tache_de_traitement(services.TYPE_TRAITEMENT)
def publier_ordre_du_jour(traitement, avancer):
    avancer(0, 2)
    donnees = services.produire_ordre_du_jour(seance_id=traitement.parametres["seance_id"])
    avancer(2)
    return Resultat(donnees=donnees)
