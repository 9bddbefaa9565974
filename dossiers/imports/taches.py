"""The import job: a `Traitement` that reads the stored file and applies it chunk by chunk.

Idempotent: a redelivered or retried job reads the same stored file again, and the
references already imported are reported as such and skipped."""

from __future__ import annotations

from ..models import ImportSignalements
from ..traitements import Resultat, tache_de_traitement
from .formats import FORMATS
from .service import importer

TYPE_TRAITEMENT = "import_signalements"


@tache_de_traitement(TYPE_TRAITEMENT, acks_late=True)
def executer_import(traitement, avancer):
    fichier_import = ImportSignalements.objects.select_related("departement").get(
        pk=traitement.parametres["import_id"]
    )
    simulation = bool(traitement.parametres.get("simulation"))
    avancer(0, fichier_import.nb_lignes)
    with fichier_import.fichier.open("rb") as fichier:
        contenu = fichier.read()
    rapport = importer(
        contenu,
        fichier_import.format,
        spec=FORMATS[fichier_import.type],
        departement=fichier_import.departement,
        par=traitement.cree_par,
        simulation=simulation,
        avancer=avancer,
    )
    nom = f"rapport-{'simulation' if simulation else 'import'}-{fichier_import.pk}.csv"
    return Resultat(
        fichier=(nom, ("\ufeff" + rapport.csv.getvalue()).encode()),
        donnees=rapport.en_donnees(),
    )
