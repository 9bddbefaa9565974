from django.core.files.base import ContentFile

from dossiers.enums import CanalSaisine, NatureSaisine, StatutSaisine
from dossiers.models import CorrespondanceImport, ImportSignalements, RegleOrientation
from tests.dossiers.factories_saisines import saisine_de

from .regles import regle


def un_import(monde):
    fichier_import = ImportSignalements(
        departement=monde.departement,
        type="cdp",
        nom_original="cdp.csv",
        format="csv",
        sha256="0" * 64,
        nb_lignes=1,
        cree_par=monde.secretariat,
    )
    fichier_import.fichier.save("cdp.csv", ContentFile(b"reference;date_acte\n"), save=True)
    return {"pk": fichier_import.pk}


def une_regle(monde):
    regle_ = RegleOrientation.objects.create(
        departement=monde.departement, nom="Tout vers la CAF", organisation=monde.caf
    )
    return {"pk": regle_.pk}


def un_signalement(monde):
    saisine = saisine_de(
        monde.caf,
        nature=NatureSaisine.ADMINISTRATIVE,
        canal=CanalSaisine.CDP,
        statut=StatutSaisine.ENREGISTREE,
        reference_source="CJ-1",
    )
    return {"pk": saisine.pk}


SECRETARIAT = {"secretariat": 200, "secretariat_autre_departement": 200}
SECRETARIAT_OBJET = {"secretariat": 200, "secretariat_autre_departement": 404}

REGLES = {
    "dossiers:imports": regle(**SECRETARIAT),
    "dossiers:import_signalements": regle(**SECRETARIAT_OBJET, kwargs=un_import),
    # No dry run finished yet: the secretariat is sent back to the import page.
    "dossiers:confirmer_import": regle(
        secretariat=302, secretariat_autre_departement=404, kwargs=un_import, methode="post"
    ),
    "commission:signalements": regle(**SECRETARIAT),
    "commission:orienter_selon_regle": regle(**SECRETARIAT),
    "commission:regles_orientation": regle(**SECRETARIAT),
    "commission:supprimer_regle_orientation": regle(
        secretariat=302, secretariat_autre_departement=404, kwargs=une_regle, methode="post"
    ),
    "commission:orienter_signalement": regle(**SECRETARIAT_OBJET, kwargs=un_signalement),
    "commission:signalements_partenaire": regle(partenaire=200, partenaire_autre_organisation=200),
}


def une_correspondance(monde):
    correspondance = CorrespondanceImport.objects.create(
        departement=monde.departement, nom="Étude X", type="cdp", colonnes={"nom": "locataire"}
    )
    return {"pk": correspondance.pk}


REGLES["dossiers:correspondances"] = regle(**SECRETARIAT)
REGLES["dossiers:nouvelle_correspondance"] = regle(**SECRETARIAT)
REGLES["dossiers:supprimer_correspondance"] = regle(
    secretariat=302, secretariat_autre_departement=404, kwargs=une_correspondance, methode="post"
)
