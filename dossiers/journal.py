"""The journal of a dossier: one typed constructor per event, read as the dossier's timeline.

Services call these inside their transaction; nothing else writes `EvenementJournal`.
"""

from django.db import models

from .models import EvenementJournal


class TypeEvenement(models.TextChoices):
    MENAGE_CREE = "menage_cree", "Dossier créé"
    MENAGE_MODIFIE = "menage_modifie", "Dossier modifié"
    MENAGES_FUSIONNES = "menages_fusionnes", "Dossiers fusionnés"
    PROCEDURE_LIEE = "procedure_liee", "Procédure rattachée"
    PROCEDURE_MODIFIEE = "procedure_modifiee", "Procédure modifiée"
    ACTE_AJOUTE = "acte_ajoute", "Acte ajouté"
    ACTE_CORRIGE = "acte_corrige", "Acte corrigé"
    ACTE_SUPPRIME = "acte_supprime", "Acte supprimé"
    DETTE_ENREGISTREE = "dette_enregistree", "Dette enregistrée"
    DOCUMENT_AJOUTE = "document_ajoute", "Document ajouté"
    SAISINE_RATTACHEE = "saisine_rattachee", "Saisine rattachée"
    SAISINE_COMPLEMENT_DEMANDE = "saisine_complement_demande", "Complément demandé"
    SAISINE_IRRECEVABLE = "saisine_irrecevable", "Saisine déclarée non recevable"
    SAISINE_ACCEPTEE = "saisine_acceptee", "Saisine acceptée"
    SIGNALEMENT_ORIENTE = "signalement_oriente", "Signalement orienté"
    INSCRIT_ORDRE_DU_JOUR = "inscrit_ordre_du_jour", "Inscrit à l’ordre du jour"
    EXAMINE = "examine", "Examiné en séance"
    PRECONISATION_EMISE = "preconisation_emise", "Préconisation émise"
    COURRIER_GENERE = "courrier_genere", "Courrier généré"
    SUIVI_REPONDU = "suivi_repondu", "Réponse au suivi"
    BILAN_REALISE = "bilan_realise", "Bilan à 12 mois"
    CHANGEMENT_SIGNALE = "changement_signale", "Changement de situation signalé"


def ecrire(menage, type: str, description: str, *, par=None, **donnees) -> EvenementJournal:
    """The one place that writes a journal line; typed helpers below call it."""
    return EvenementJournal.objects.create(
        menage=menage, type=type, auteur=par, description=description, donnees=donnees
    )


def menage_cree(menage, *, par):
    return ecrire(menage, TypeEvenement.MENAGE_CREE, f"Dossier {menage.numero} créé", par=par)


def menage_modifie(menage, *, par, champs: list[str]):
    libelles = ", ".join(champs)
    return ecrire(
        menage, TypeEvenement.MENAGE_MODIFIE, f"Modifié : {libelles}", par=par, champs=champs
    )
