"""The letters of a closed session, as a long job (state shown on the page)."""

from ccapex.traitements import tache_de_traitement
from commission.services import courriers as services


@tache_de_traitement(services.TYPE_TRAITEMENT)
def courriers_seance(traitement, avancer):
    return services.produire_courriers_de_la_seance(traitement, avancer)
