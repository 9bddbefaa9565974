"""Long jobs of the indicateurs app, on the `Traitement` framework of dossiers."""

from ccapex.traitements import Resultat, tache_de_traitement
from partenaires.models import Departement

from . import parc as parcs
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
    parc = parcs.valide(traitement.parametres.get("parc"))
    contenu = bilan_pdf(annee, territoire, avancer, parc=parc)
    nom = f"bilan-ccapex-{territoire.code}-{annee}" + (f"-{parc}" if parc else "") + ".pdf"
    donnees = {"annee": annee, "territoire": territoire.code, "parc": parc}
    return Resultat(fichier=(nom, contenu), donnees=donnees)
