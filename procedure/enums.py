from django.db import models


class Parc(models.TextChoices):
    SOCIAL = "social", "Parc social"
    PRIVE = "prive", "Parc privé"


class NatureBailleur(models.TextChoices):
    """What the law distinguishes: a legal person (not a family SCI) must refer to the CCAPEX."""

    BAILLEUR_SOCIAL = "bailleur_social", "Bailleur social"
    PERSONNE_PHYSIQUE = "personne_physique", "Personne physique"
    SCI_FAMILIALE = "sci_familiale", "SCI familiale"
    PERSONNE_MORALE = "personne_morale", "Personne morale (société, agence…)"


class Motif(models.TextChoices):
    IMPAYES = "impayes", "Impayés de loyer ou de charges"
    CONGE_VENTE = "conge_vente", "Congé pour vente"
    CONGE_REPRISE = "conge_reprise", "Congé pour reprise"
    TROUBLES = "troubles", "Troubles de jouissance ou de voisinage"
    DEFAUT_ASSURANCE = "defaut_assurance", "Défaut d’assurance"
    OSDNT = "osdnt", "Occupation sans droit ni titre"
    AUTRE = "autre", "Autre motif"


class TypeActe(models.TextChoices):
    SIGNALEMENT_CAF = "signalement_caf", "Signalement d’impayé à la CAF/MSA"
    CDP = "cdp", "Commandement de payer"
    SAISINE_PREALABLE = "saisine_prealable", "Saisine préalable de la CCAPEX par le bailleur"
    ASSIGNATION = "assignation", "Assignation"
    AUDIENCE = "audience", "Audience"
    JUGEMENT = "jugement", "Jugement"
    DEFAUT_ECHEANCIER = (
        "defaut_echeancier",
        "Défaut de paiement de l’échéancier (fin de la suspension de la clause résolutoire)",
    )
    DELAI_GRACE = "delai_grace", "Délai de grâce accordé par le juge de l’exécution"
    CQL = "cql", "Commandement de quitter les lieux"
    REQUISITION_CFP = "requisition_cfp", "Réquisition du concours de la force publique"
    OCTROI_CFP = "octroi_cfp", "Octroi du concours de la force publique"
    REFUS_CFP = "refus_cfp", "Refus du concours de la force publique"
    EXPULSION = "expulsion", "Expulsion réalisée"
    DEPART_VOLONTAIRE = "depart_volontaire", "Départ volontaire"
    PCS_SIGNE = "pcs_signe", "Protocole de cohésion sociale signé"
    # Recorded by the commission's SIAO decision once notified (loi 90-449, art. 7-2).
    SAISINE_SIAO = "saisine_siao", "Saisine du SIAO par la CCAPEX"


class IssueJugement(models.TextChoices):
    EXPULSION_ORDONNEE = "expulsion_ordonnee", "Résiliation du bail et expulsion ordonnée"
    DELAIS_ACCORDES = "delais_accordes", "Délais de paiement accordés, clause résolutoire suspendue"
    DEMANDE_REJETEE = "demande_rejetee", "Demande du bailleur rejetée"
    RADIATION_RENVOI = "radiation_renvoi", "Radiation ou renvoi"


class Presence(models.TextChoices):
    PRESENT = "present", "Présent"
    REPRESENTE = "represente", "Représenté"
    ABSENT = "absent", "Absent (décision par défaut)"


# Present or represented: the decision is « contradictoire » (charter objective).
PRESENCES_CONTRADICTOIRES = {Presence.PRESENT, Presence.REPRESENTE}


class Stade(models.TextChoices):
    """Where the procedure stands, derived from its acts (never stored)."""

    PREVENTION = "prevention", "Prévention (avant commandement)"
    CDP = "cdp", "Commandement de payer"
    ASSIGNATION = "assignation", "Assignation"
    JUGEMENT = "jugement", "Jugement"
    CQL = "cql", "Commandement de quitter les lieux"
    CFP_REQUIS = "cfp_requis", "Concours de la force publique demandé"
    CFP_REFUSE = "cfp_refuse", "Concours de la force publique refusé"
    CFP_ACCORDE = "cfp_accorde", "Concours de la force publique accordé"
    EXPULSION = "expulsion", "Expulsion réalisée"
    DEPART = "depart", "Départ volontaire"
    PROTOCOLE = "protocole", "Protocole de cohésion sociale signé"


class SourceActe(models.TextChoices):
    SECRETARIAT = "secretariat", "Saisie par le secrétariat"
    SAISINE = "saisine", "Déclaré dans une saisine"
    IMPORT_CDP = "import_cdp", "Import des commandements de payer"
    IMPORT_CAF = "import_caf", "Import des signalements CAF"
    IMPORT_BAILLEUR = "import_bailleur", "Import des saisines préalables des bailleurs"
    API = "api", "API partenaire"
    DECISION = "decision", "Décision de la commission"


class MotifExceptionTreve(models.TextChoices):
    """Cases where the winter truce does not protect the occupants (CPCE L412-6 to L412-8)."""

    RELOGEMENT = (
        "relogement",
        "Relogement assuré dans des conditions suffisantes (CPCE, art. L412-6 al. 1)",
    )
    VOIE_DE_FAIT = (
        "voie_de_fait",
        "Entrée dans le domicile d’autrui par manœuvres, menaces, voies de fait ou contrainte "
        "(CPCE, art. L412-6 al. 2)",
    )
    DECISION_JUGE = (
        "decision_juge",
        "Trêve supprimée ou réduite par le juge (CPCE, art. L412-6 al. 3)",
    )
    LOGEMENT_ETUDIANT = (
        "logement_etudiant",
        "Logement étudiant, occupants ne remplissant plus les conditions (CPCE, art. L412-7)",
    )
    CONJOINT_VIOLENT = (
        "conjoint_violent",
        "Conjoint violent visé par une ordonnance de protection (CPCE, art. L412-8)",
    )


class CleRegle(models.TextChoices):
    """Every dated delay, threshold and setting the legal rules read (LAW.md §1 and §2)."""

    DELAI_CDP = "delai_cdp", "Délai du commandement de payer (selon la date du bail)"
    BAIL_RENOUVELE = (
        "bail_renouvele",
        "Bail renouvelé : date qui choisit le délai du commandement de payer",
    )
    SEUIL_SIGNALEMENT_CDP_MOIS = (
        "seuil_signalement_cdp_mois",
        "Signalement du commandement à la CCAPEX : mois d’impayés consécutifs",
    )
    SEUIL_SIGNALEMENT_CDP_LOYERS = (
        "seuil_signalement_cdp_loyers",
        "Signalement du commandement à la CCAPEX : dette en nombre de loyers hors charges",
    )
    DELAI_SAISINE_PREALABLE = (
        "delai_saisine_prealable",
        "Saisine préalable de la CCAPEX avant l’assignation (bailleur personne morale)",
    )
    DELAI_NOTIFICATION_PREFET = (
        "delai_notification_prefet",
        "Notification de l’assignation au préfet avant l’audience",
    )
    DELAIS_PAIEMENT_MAX = "delais_paiement_max", "Délais de paiement accordés par le juge : maximum"
    DELAI_GRACE_MIN = "delai_grace_min", "Délai de grâce du juge de l’exécution : minimum"
    DELAI_GRACE_MAX = "delai_grace_max", "Délai de grâce du juge de l’exécution : maximum"
    DELAI_CQL = "delai_cql", "Délai du commandement de quitter les lieux"
    TREVE_DEBUT = "treve_debut", "Trêve hivernale : premier jour (JJ/MM)"
    TREVE_FIN = "treve_fin", "Trêve hivernale : dernier jour (JJ/MM)"
    DELAI_REPONSE_PREFET = (
        "delai_reponse_prefet",
        "Réponse du préfet à la réquisition de la force publique (silence = refus)",
    )
    IMPAYE_AL_DELAI = (
        "impaye_al_delai",
        "Impayé (aide au logement) : délai après le premier défaut de paiement",
    )
    IMPAYE_AL_SEUIL = "impaye_al_seuil", "Impayé (aide au logement) : dette au-delà de"
    SUSPENSION_AL_EFFET = (
        "suspension_al_effet",
        "Suspension de l’aide au logement : effet le 1er jour du mois suivant la notification",
    )
    DECISION_CCAPEX_AL_DELAI = (
        "decision_ccapex_al_delai",
        "Délai de décision de la CCAPEX sur le maintien de l’aide au logement",
    )
    DECISION_CCAPEX_AL_CANAL = (
        "decision_ccapex_al_canal",
        "Canal de notification de la décision à l’organisme payeur",
    )
    DELAI_RECOURS_CONTENTIEUX = (
        "delai_recours_contentieux",
        "Recours contentieux contre une décision de la commission, après sa notification",
    )
    DELAI_ORIENTATION_SIGNALEMENT = (
        "delai_orientation_signalement",
        "Signalement non orienté : délai avant alerte au tableau de bord (réglage local)",
    )
    CONSERVATION_BASE_ACTIVE = (
        "conservation_base_active",
        "Conservation d’un dossier en base active après le dernier contact (RGPD)",
    )
    CONSERVATION_DECISION = (
        "conservation_decision",
        "Dossier à archiver sans décision du secrétariat : délai avant archivage automatique",
    )
    CONSERVATION_ARCHIVE = (
        "conservation_archive",
        "Archive intermédiaire : durée avant anonymisation du dossier",
    )
    CONSERVATION_IMPORTS = (
        "conservation_imports",
        "Fichiers d’import de signalements et leurs rapports : durée après le dépôt",
    )


class Unite(models.TextChoices):
    JOURS = "jours", "jours"
    SEMAINES = "semaines", "semaines"
    MOIS = "mois", "mois"
    ANNEES = "annees", "ans"
    EUROS = "euros", "euros"
    LOYERS = "loyers", "fois le loyer mensuel hors charges"
    JOUR_DE_L_ANNEE = "jour_annee", "jour de l’année (JJ/MM)"
    TEXTE = "texte", "réglage (texte)"


class LectureBailRenouvele(models.TextChoices):
    """How a lease renewed after the 2023 law picks its CDP period (commentators disagree)."""

    RENOUVELLEMENT = (
        "renouvellement",
        "Date du dernier renouvellement (lecture de l’ANIL : 6 semaines après le 29/07/2023)",
    )
    SIGNATURE = "signature", "Date de signature d’origine (la clause du bail initial demeure)"
