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
    CQL = "cql", "Commandement de quitter les lieux"
    REQUISITION_CFP = "requisition_cfp", "Réquisition du concours de la force publique"
    OCTROI_CFP = "octroi_cfp", "Octroi du concours de la force publique"
    REFUS_CFP = "refus_cfp", "Refus du concours de la force publique"
    EXPULSION = "expulsion", "Expulsion réalisée"
    DEPART_VOLONTAIRE = "depart_volontaire", "Départ volontaire"
    PCS_SIGNE = "pcs_signe", "Protocole de cohésion sociale signé"


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
