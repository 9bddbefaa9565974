"""Long jobs of the indicateurs app, on the `Traitement` framework of dossiers."""

from dossiers.traitements import Resultat, tache_de_traitement
from partenaires.models import Departement

from . import territoires
from .bilan_pdf import bilan_pdf

TYPE_BILAN = "bilan_annuel"


@tache_de_traitement(TYPE_BILAN)
def generer_bilan_annuel(traitement, avancer):
    """Idempotent: the PDF is computed from the data and attached once finished."""
    departement = Departement.objects.get(pk=traitement.departement_id)
    annee = int(traitement.parametres["annee"])
    territoire = territoires.depuis_code(traitement.parametres["territoire"], departement)
    if territoire is None:
        raise ValueError("Le territoire demandé n’existe plus dans ce département.")
    contenu = bilan_pdf(annee, territoire, avancer)
    nom = f"bilan-ccapex-{territoire.code}-{annee}.pdf"
    return Resultat(fichier=(nom, contenu), donnees={"annee": annee, "territoire": territoire.code})
