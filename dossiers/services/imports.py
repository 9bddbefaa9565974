"""Uploading an import file and launching its dry run or its import as a job."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from ccapex import traitements
from ccapex.enums import StatutTraitement
from ccapex.traitements import Resultat
from dossiers.enums import TypeImport
from dossiers.imports.formats import FORMATS
from dossiers.imports.lecture import compter_lignes, verifier_tableur
from dossiers.imports.service import importer
from dossiers.models import ImportSignalements

TYPE_TRAITEMENT = "import_signalements"

EFFACE = (
    "Le fichier a été effacé à la fin de sa durée de conservation : déposez-le de nouveau "
    "pour l’importer."
)


def format_de(type: str, correspondance=None):
    """The expected format of this type, read through a saved column mapping if any."""
    spec = FORMATS[type]
    return spec.avec_correspondance(correspondance.colonnes) if correspondance else spec


@transaction.atomic
def enregistrer_correspondance(correspondance, *, par):
    """Save a mapping after checking it against the expected columns of its type."""
    spec = FORMATS[correspondance.type]
    colonnes = {k: v for k, v in correspondance.colonnes.items() if v}
    inconnues = sorted(set(colonnes) - set(spec.noms))
    manquantes = [c for c in spec.obligatoires if c not in colonnes]
    doublons = sorted({v for v in colonnes.values() if list(colonnes.values()).count(v) > 1})
    erreurs = []
    if inconnues:
        erreurs.append("Colonnes attendues inconnues : " + ", ".join(inconnues) + ".")
    if manquantes:
        erreurs.append("Colonnes obligatoires sans correspondance : " + ", ".join(manquantes) + ".")
    if doublons:
        erreurs.append("Une colonne du fichier sert deux fois : " + ", ".join(doublons) + ".")
    if erreurs:
        raise ValidationError(erreurs)
    correspondance.colonnes = colonnes
    if correspondance.pk is None:
        correspondance.cree_par = par
    correspondance.full_clean()
    correspondance.save()
    return correspondance


@transaction.atomic
def deposer(
    *, nom: str, contenu: bytes, type: str, departement, par, correspondance=None
) -> ImportSignalements:
    """Check the file (CSV or XLSX by content, mandatory columns, read through the saved
    column mapping if one is chosen) and keep it; then run its dry run as a job.
    ValidationError in French if the file cannot be imported at all."""
    if correspondance is not None and (
        correspondance.type != type or correspondance.departement_id != departement.pk
    ):
        raise ValidationError("Cette correspondance de colonnes ne vaut pas pour ce type.")
    tableur = verifier_tableur(nom, contenu)
    nb_lignes = compter_lignes(tableur.contenu, tableur.format, format_de(type, correspondance))
    if nb_lignes == 0:
        raise ValidationError("Le fichier ne contient aucune ligne de données.")
    fichier_import = ImportSignalements(
        departement=departement,
        type=type,
        nom_original=nom[:200],
        format=tableur.format,
        sha256=tableur.sha256,
        nb_lignes=nb_lignes,
        correspondance=correspondance,
        cree_par=par,
    )
    fichier_import.fichier.save(tableur.nom, ContentFile(tableur.contenu), save=False)
    fichier_import.save()
    fichier_import.simulation = _lancer(fichier_import, simulation=True, par=par)
    fichier_import.save(update_fields=["simulation"])
    return fichier_import


def _lancer(fichier_import: ImportSignalements, *, simulation: bool, par):
    libelle = "Simulation" if simulation else "Import"
    return traitements.lancer(
        TYPE_TRAITEMENT,
        libelle=f"{libelle} — {TypeImport(fichier_import.type).label} "
        f"({fichier_import.nom_original})"[:200],
        departement=fichier_import.departement,
        par=par,
        parametres={"import_id": fichier_import.pk, "simulation": simulation},
    )


@transaction.atomic
def confirmer(fichier_import: ImportSignalements, *, par) -> ImportSignalements:
    """Launch the real import once, after its dry run has finished; a second confirmation
    returns the same job."""
    fichier_import = ImportSignalements.objects.select_for_update().get(pk=fichier_import.pk)
    if fichier_import.traitement_id is None:
        if fichier_import.efface_le is not None:
            raise ValidationError(EFFACE)
        simulation = fichier_import.simulation
        if simulation is None or simulation.statut != StatutTraitement.TERMINE:
            raise ValidationError("Attendez la fin de la simulation avant de confirmer l’import.")
        fichier_import.traitement = _lancer(fichier_import, simulation=False, par=par)
        fichier_import.save(update_fields=["traitement"])
    return fichier_import


def executer(*, import_id: int, simulation: bool, par, avancer) -> Resultat:
    """The job's body: read the stored file again and apply it (or only check it).

    Idempotent: the references already imported are reported as such and skipped."""
    fichier_import = ImportSignalements.objects.select_related("departement", "correspondance").get(
        pk=import_id
    )
    if fichier_import.efface_le is not None:
        raise ValidationError(EFFACE)  # a job retried after the night's purge
    avancer(0, fichier_import.nb_lignes)
    with fichier_import.fichier.open("rb") as fichier:
        contenu = fichier.read()
    rapport = importer(
        contenu,
        fichier_import.format,
        spec=format_de(fichier_import.type, fichier_import.correspondance),
        departement=fichier_import.departement,
        par=par,
        simulation=simulation,
        avancer=avancer,
    )
    nom = f"rapport-{'simulation' if simulation else 'import'}-{fichier_import.pk}.csv"
    return Resultat(
        fichier=(nom, ("\ufeff" + rapport.csv.getvalue()).encode()),
        donnees=rapport.en_donnees(),
    )
