from commission.models import Courrier, ModeleCourrier
from commission.services.courriers import CORPS_DEFAUT_MENAGE
from tests.commission.factories import ExamenFactory, SeanceFactory
from tests.dossiers.factories import MembreFactory

from .regles import regle


def une_seance(monde):
    examen = ExamenFactory(seance__commission__departement=monde.departement)
    MembreFactory(menage=examen.menage)
    return {"pk": examen.seance.pk}


def un_courrier(monde, organisation=None):
    examen = ExamenFactory(seance__commission__departement=monde.departement)
    courrier = Courrier(
        menage=examen.menage,
        seance=examen.seance,
        type="preconisation",
        destinataire_organisation=organisation,
        destinataire_menage=organisation is None,
    )
    courrier.fichier.save("test.pdf", __import__("io").BytesIO(b"%PDF-1.4"), save=True)
    return {"pk": courrier.pk}


def un_courrier_au_bailleur(monde):
    return un_courrier(monde, monde.bailleur)


def un_modele(monde):
    modele = ModeleCourrier.objects.create(
        departement=monde.departement,
        type="preconisation",
        pour_menage=True,
        objet="Objet",
        corps=CORPS_DEFAUT_MENAGE,
    )
    return {"pk": modele.pk}


SeanceFactory  # noqa: B018 (imported for the kwargs builders' factories)

REGLES = {
    # Closing: the secretariat of the département (then the job page); others are refused.
    "commission:cloturer_seance": regle(
        secretariat=302, secretariat_autre_departement=404, kwargs=une_seance, methode="post"
    ),
    "commission:courriers_a_poster": regle(secretariat=200, secretariat_autre_departement=200),
    # A household letter: the secretariat of its département only.
    "commission:telecharger_courrier": regle(404, secretariat=200, kwargs=un_courrier),
    "commission:marquer_envoye": regle(
        secretariat=302, secretariat_autre_departement=404, kwargs=un_courrier, methode="post"
    ),
    "commission:regenerer_courrier": regle(
        secretariat=302, secretariat_autre_departement=404, kwargs=un_courrier, methode="post"
    ),
    "commission:modeles_courrier": regle(administrateur=200),
    "commission:nouveau_modele_courrier": regle(administrateur=200),
    "commission:modele_courrier": regle(administrateur=200, kwargs=un_modele),
    "commission:apercu_modele": regle(
        administrateur=200, methode="post", donnees={"corps": "{{ menage.numero }}"}
    ),
}

# The letter to an organisation: also its partners (tested in tests/dossiers/test_courriers.py).
__all__ = ["REGLES", "un_courrier_au_bailleur"]
