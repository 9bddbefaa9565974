"""Statuses and reference choices of households, referrals and imports (lowercase slugs)."""

from django.db import models

# --- Household -------------------------------------------------------------------


class StatutMenage(models.TextChoices):
    ACTIF = "actif", "Suivi en cours"
    CLOS = "clos", "Clos"
    FUSIONNE = "fusionne", "Fusionné dans un autre dossier"


class LienMembre(models.TextChoices):
    DEMANDEUR = "demandeur", "Titulaire du bail / demandeur"
    CONJOINT = "conjoint", "Conjoint"
    ENFANT = "enfant", "Enfant"
    AUTRE_ADULTE = "autre_adulte", "Autre adulte"
    AUTRE_ENFANT = "autre_enfant", "Autre enfant"


class NatureRessource(models.TextChoices):
    SALAIRE = "salaire", "Salaire"
    CHOMAGE = "chomage", "Allocation chômage"
    RSA = "rsa", "RSA"
    AAH = "aah", "AAH"
    RETRAITE = "retraite", "Retraite"
    PRESTATIONS_FAMILIALES = "prestations_familiales", "Prestations familiales"
    PENSION_ALIMENTAIRE = "pension_alimentaire", "Pension alimentaire"
    INDEMNITES_JOURNALIERES = "indemnites_journalieres", "Indemnités journalières"
    AUTRE = "autre", "Autre ressource"


class OrganismePayeur(models.TextChoices):
    CAF = "caf", "CAF"
    MSA = "msa", "MSA"


class AideLogement(models.TextChoices):
    AUCUNE = "aucune", "Aucune"
    APL = "apl", "APL"
    ALF = "alf", "ALF"
    ALS = "als", "ALS"


class EtatAideLogement(models.TextChoices):
    VERSEE = "versee", "Versée"
    VERSEE_BAILLEUR = "versee_bailleur", "Versée au bailleur (tiers payant)"
    SUSPENDUE = "suspendue", "Suspendue"


class Vulnerabilite(models.TextChoices):
    SANTE = "sante", "Problème de santé"
    HANDICAP = "handicap", "Handicap"
    AGE = "age", "Âge (personne âgée)"
    VIOLENCES = "violences", "Violences conjugales ou intrafamiliales"


class StatutDLS(models.TextChoices):
    AUCUNE = "aucune", "Pas de demande"
    ACTIVE = "active", "Demande active"
    RADIEE_NON_RENOUVELLEMENT = "radiee_non_renouvellement", "Radiée pour non-renouvellement"
    RADIEE_ATTRIBUTION = "radiee_attribution", "Radiée après attribution"


class TypeMesure(models.TextChoices):
    FSL_MAINTIEN = "fsl_maintien", "FSL maintien"
    FSL_ACCES = "fsl_acces", "FSL accès"
    ASLL = "asll", "ASLL"
    AVDL = "avdl", "AVDL"
    MASP1 = "masp1", "MASP 1"
    MASP2 = "masp2", "MASP 2"
    PROTECTION_JUDICIAIRE = (
        "protection_judiciaire",
        "Protection juridique (curatelle, tutelle, MAJ)",
    )
    SURENDETTEMENT = "surendettement", "Dossier de surendettement"


class EtapeSurendettement(models.TextChoices):
    DEPOSE = "depose", "Déposé"
    RECEVABLE = "recevable", "Recevable"
    IRRECEVABLE = "irrecevable", "Irrecevable"
    PLAN = "plan", "Plan de redressement"
    MESURES_IMPOSEES = "mesures_imposees", "Mesures imposées"
    RETABLISSEMENT_PERSONNEL = "retablissement_personnel", "Rétablissement personnel"


# --- Referral ----------------------------------------------------------------------


class NatureSaisine(models.TextChoices):
    ADMINISTRATIVE = "administrative", "Saisine administrative (signalement)"
    COMPLEXE = "complexe", "Dossier signalé (examen en commission)"


class CanalSaisine(models.TextChoices):
    CDP = "cdp", "Commandement de payer (commissaire de justice)"
    SIGNALEMENT_CAF = "signalement_caf", "Signalement d’impayé CAF/MSA"
    SAISINE_PREALABLE = "saisine_prealable", "Saisine préalable du bailleur"
    FORMULAIRE_PARTENAIRE = "formulaire_partenaire", "Formulaire partenaire"
    FORMULAIRE_MENAGE = "formulaire_menage", "Formulaire public (le ménage)"
    API = "api", "API partenaire"
    COURRIER = "courrier", "Courrier ou courriel saisi par le secrétariat"


CANAUX_ADMINISTRATIFS = {
    CanalSaisine.CDP,
    CanalSaisine.SIGNALEMENT_CAF,
    CanalSaisine.SAISINE_PREALABLE,
}


class StatutSaisine(models.TextChoices):
    BROUILLON = "brouillon", "Brouillon"
    SOUMISE = "soumise", "Nouvelle"
    INCOMPLETE = "incomplete", "Complément demandé"
    COMPLETEE = "completee", "Complétée"
    IRRECEVABLE = "irrecevable", "Non recevable"
    RECEVABLE = "recevable", "Recevable"
    INSCRITE = "inscrite", "Inscrite à l’ordre du jour"
    EXAMINEE = "examinee", "Examinée"
    ENREGISTREE = "enregistree", "Signalement enregistré"
    ORIENTEE = "orientee", "Orientée"
    PRISE_EN_CHARGE = "prise_en_charge", "Prise en charge par l’organisme"
    CLOSE = "close", "Close"


# Allowed transitions; anything else is refused by the services.
TRANSITIONS_SAISINE = {
    StatutSaisine.BROUILLON: {StatutSaisine.SOUMISE},
    StatutSaisine.SOUMISE: {
        StatutSaisine.INCOMPLETE,
        StatutSaisine.IRRECEVABLE,
        StatutSaisine.RECEVABLE,
    },
    StatutSaisine.INCOMPLETE: {StatutSaisine.COMPLETEE, StatutSaisine.IRRECEVABLE},
    StatutSaisine.COMPLETEE: {
        StatutSaisine.INCOMPLETE,
        StatutSaisine.IRRECEVABLE,
        StatutSaisine.RECEVABLE,
    },
    StatutSaisine.RECEVABLE: {StatutSaisine.INSCRITE, StatutSaisine.CLOSE},
    StatutSaisine.INSCRITE: {StatutSaisine.RECEVABLE, StatutSaisine.EXAMINEE},
    StatutSaisine.EXAMINEE: {StatutSaisine.INSCRITE, StatutSaisine.CLOSE},
    StatutSaisine.ENREGISTREE: {StatutSaisine.ORIENTEE, StatutSaisine.CLOSE},
    StatutSaisine.ORIENTEE: {
        StatutSaisine.ORIENTEE,
        StatutSaisine.PRISE_EN_CHARGE,
        StatutSaisine.CLOSE,
    },
    StatutSaisine.PRISE_EN_CHARGE: {StatutSaisine.CLOSE},
    StatutSaisine.IRRECEVABLE: set(),
    StatutSaisine.CLOSE: set(),
}

# What the triage queue shows.
STATUTS_A_TRIER = {StatutSaisine.SOUMISE, StatutSaisine.COMPLETEE}
# A partner may still change its referral: a draft, or one sent back for completion.
STATUTS_MODIFIABLES = {StatutSaisine.BROUILLON, StatutSaisine.INCOMPLETE}


class ModeConsentement(models.TextChoices):
    ECRIT = "ecrit", "Accord écrit signé"
    ORAL = "oral", "Accord oral recueilli en entretien"
    EN_LIGNE = "en_ligne", "Accord donné en ligne par le ménage"


class TypeDocument(models.TextChoices):
    DSF = "dsf", "Diagnostic social et financier (DSF)"
    JUGEMENT = "jugement", "Jugement"
    DECOMPTE_DETTE = "decompte_dette", "Décompte de la dette"
    BAIL = "bail", "Bail"
    COURRIER = "courrier", "Courrier"
    ACTE = "acte", "Acte de commissaire de justice"
    AUTRE = "autre", "Autre document"


class TypeMessage(models.TextChoices):
    DEMANDE_COMPLEMENT = "demande_complement", "Demande de complément"
    REPONSE = "reponse", "Réponse du partenaire"
    INFORMATION = "information", "Information"


# --- Imports and dispatch of administrative reports ---------------------------------


class TypeImport(models.TextChoices):
    CDP = "cdp", "Commandements de payer (commissaires de justice)"
    CAF = "caf", "Signalements d’impayés CAF/MSA"
    PREALABLE = "prealable", "Saisines préalables des bailleurs"


class PresenceEnfants(models.TextChoices):
    AVEC = "avec", "Avec enfants"
    SANS = "sans", "Sans enfant (ou non renseigné)"
