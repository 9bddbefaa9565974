"""The import job: a `Traitement` that reads the stored file and applies it chunk by chunk.

Idempotent: a redelivered or retried job reads the same stored file again, and the
references already imported are reported as such and skipped."""

from __future__ import annotations

from ccapex.traitements import tache_de_traitement
from dossiers.services import imports as services

TYPE_TRAITEMENT = services.TYPE_TRAITEMENT


@tache_de_traitement(TYPE_TRAITEMENT, acks_late=True)
def executer_import(traitement, avancer):
    return services.executer(
        import_id=traitement.parametres["import_id"],
        simulation=bool(traitement.parametres.get("simulation")),
        par=traitement.cree_par,
        avancer=avancer,
    )
