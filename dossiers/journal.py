"""The journal of a dossier: one typed constructor per event, read as the dossier's timeline.

Services call these inside their transaction; nothing else writes `EvenementJournal`.
"""

from django.db import models

from dossiers.models import EvenementJournal


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
    DOCUMENT_REFUSE = "document_refuse", "Document refusé par l’antivirus"
    SAISINE_RATTACHEE = "saisine_rattachee", "Saisine rattachée"
    SAISINE_RECUE = "saisine_recue", "Saisine reçue"
    SAISINE_COMPLETEE = "saisine_completee", "Saisine complétée"
    SIGNALEMENT_PRIS_EN_CHARGE = "signalement_pris_en_charge", "Signalement pris en charge"
    SIGNALEMENT_IMPORTE = "signalement_importe", "Signalement importé"
    SAISINE_COMPLEMENT_DEMANDE = "saisine_complement_demande", "Complément demandé"
    SAISINE_IRRECEVABLE = "saisine_irrecevable", "Saisine déclarée non recevable"
    SAISINE_ACCEPTEE = "saisine_acceptee", "Saisine acceptée"
    SIGNALEMENT_ORIENTE = "signalement_oriente", "Signalement orienté"
    INSCRIT_ORDRE_DU_JOUR = "inscrit_ordre_du_jour", "Inscrit à l’ordre du jour"
    EXAMINE = "examine", "Examiné en séance"
    PRECONISATION_EMISE = "preconisation_emise", "Préconisation émise"
    COURRIER_GENERE = "courrier_genere", "Courrier généré"
    COURRIER_POSTE = "courrier_poste", "Courrier posté"
    SUIVI_REPONDU = "suivi_repondu", "Réponse au suivi"
    BILAN_REALISE = "bilan_realise", "Bilan à 12 mois"
    CHANGEMENT_SIGNALE = "changement_signale", "Changement de situation signalé"
    DECISION_PRISE = "decision_prise", "Décision prise"
    DECISION_NOTIFIEE = "decision_notifiee", "Décision notifiée"
    DECISION_EXECUTEE = "decision_executee", "Exécution de la décision accusée"
    DECISION_TERMINEE = "decision_terminee", "Décision levée ou expirée"
    DECISION_REMPLACEE = "decision_remplacee", "Décision remplacée"
    DOSSIER_TRANSFERE = "dossier_transfere", "Dossier transféré à une autre commission"
    CONSERVATION_MAINTENUE = "conservation_maintenue", "Maintenu en base active"
    DOSSIER_ARCHIVE = "dossier_archive", "Versé en archive intermédiaire"
    DOSSIER_ANONYMISE = "dossier_anonymise", "Anonymisé"
    DONNEES_EXPORTEES = "donnees_exportees", "Données exportées (droit d’accès)"
    NOTE = "note", "Note"


# Retention's own entries are not a contact with the household (docs/conservation.md).
TYPES_HORS_ACTIVITE = (
    TypeEvenement.DOSSIER_ARCHIVE,
    TypeEvenement.DOSSIER_ANONYMISE,
    TypeEvenement.DONNEES_EXPORTEES,
)


def ecrire(
    menage, type: str, description: str, *, par=None, saisine=None, **donnees
) -> EvenementJournal:
    """The one place that writes a journal line; typed helpers below call it."""
    evenement = ligne(type, description, par=par, donnees=donnees, menage=menage, saisine=saisine)
    evenement.save()
    return evenement


def ligne(type: str, description: str, *, par=None, quand=None, donnees=None, **cible):
    """An unsaved journal line, for `ecrire` or `ecrire_en_masse`; `cible` names the household
    and/or the referral (`menage`, `menage_id`, `saisine`, `saisine_id`)."""
    if quand is not None:
        cible["quand"] = quand
    return EvenementJournal(
        type=type, auteur=par, description=description[:500], donnees=donnees or {}, **cible
    )


def ecrire_en_masse(lignes) -> list[EvenementJournal]:
    """Many lines in a few inserts (imports, dispatch by rule, demo), built with `ligne`."""
    return EvenementJournal.objects.bulk_create(lignes, batch_size=2000)


def menage_cree(menage, *, par):
    return ecrire(menage, TypeEvenement.MENAGE_CREE, f"Dossier {menage.numero} créé", par=par)


def note(menage, texte: str, *, par):
    return ecrire(menage, TypeEvenement.NOTE, f"Note : {texte}", par=par)


def menage_modifie(menage, *, par, champs: list[str]):
    libelles = ", ".join(champs)
    return ecrire(
        menage, TypeEvenement.MENAGE_MODIFIE, f"Modifié : {libelles}", par=par, champs=champs
    )


def acte_ajoute(menage, acte, *, par):
    return ecrire(
        menage, TypeEvenement.ACTE_AJOUTE, f"Acte ajouté : {acte}", par=par, acte_id=acte.pk
    )


def acte_corrige(menage, acte, *, par, champs: list[str]):
    return ecrire(
        menage,
        TypeEvenement.ACTE_CORRIGE,
        f"Acte corrigé : {acte} ({', '.join(champs)})",
        par=par,
        acte_id=acte.pk,
        champs=champs,
    )


def acte_supprime(menage, description: str, *, par):
    return ecrire(menage, TypeEvenement.ACTE_SUPPRIME, f"Acte supprimé : {description}", par=par)


def dette_enregistree(menage, dette, *, par):
    from ccapex.formats import euros

    return ecrire(
        menage,
        TypeEvenement.DETTE_ENREGISTREE,
        f"Dette de {euros(dette.montant)} au {dette.date:%d/%m/%Y}",
        par=par,
        dette_id=dette.pk,
    )


def procedure_modifiee(menage, procedure, *, par, champs: list[str]):
    return ecrire(
        menage,
        TypeEvenement.PROCEDURE_MODIFIEE,
        f"Procédure modifiée : {', '.join(champs)}",
        par=par,
        procedure_id=procedure.pk,
        champs=champs,
    )


def menages_fusionnes(garde, absorbe, *, par):
    ecrire(
        absorbe,
        TypeEvenement.MENAGES_FUSIONNES,
        f"Dossier fusionné dans {garde.numero}",
        par=par,
        garde=garde.numero,
    )
    return ecrire(
        garde,
        TypeEvenement.MENAGES_FUSIONNES,
        f"Le dossier {absorbe.numero} a été fusionné dans celui-ci",
        par=par,
        absorbe=absorbe.numero,
    )


def document_refuse(document):
    """The worker found a virus in a document kept pending at upload."""
    return ecrire(
        document.menage,
        TypeEvenement.DOCUMENT_REFUSE,
        f"Document « {document.nom} » refusé : l’antivirus y a détecté « {document.virus} ». "
        "Il est en quarantaine et ne peut pas être téléchargé ; demandez-en une copie saine.",
        par=None,
        saisine=document.saisine,
        document_id=document.pk,
        virus=document.virus,
    )


def saisine_evenement(saisine, type: str, description: str, *, par, **donnees):
    """An event of a referral; it joins the household's journal once the referral is attached."""
    return ecrire(saisine.menage, type, description, par=par, saisine=saisine, **donnees)


def conservation_maintenue(menage, *, par, motif: str):
    """An agent's written reason to keep the file active: it is itself an activity."""
    return ecrire(
        menage,
        TypeEvenement.CONSERVATION_MAINTENUE,
        f"Maintenu en base active : {motif}",
        par=par,
    )


def dossier_archive(menage, *, par, motif: str):
    return ecrire(menage, TypeEvenement.DOSSIER_ARCHIVE, motif, par=par)


def dossier_anonymise(menage):
    return ecrire(
        menage,
        TypeEvenement.DOSSIER_ANONYMISE,
        "Fin de l’archive intermédiaire : données personnelles effacées",
    )


def donnees_exportees(menage, *, par, format: str):
    return ecrire(
        menage,
        TypeEvenement.DONNEES_EXPORTEES,
        f"Export complet des données ({format.upper()}) pour une demande d’accès",
        par=par,
        format=format,
    )
