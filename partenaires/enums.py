from django.db import models


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", "Secrétariat"
    MEMBRE = "membre", "Membre de la commission"
    PARTENAIRE = "partenaire", "Partenaire"
    PILOTAGE = "pilotage", "Pilotage"
    ADMINISTRATEUR = "administrateur", "Administrateur"
    ARCHIVES = "archives", "Archives et délégué à la protection des données"


# When a user holds several memberships, the first one in this order is the default.
ROLES_PAR_PRIORITE = [
    Role.ADMINISTRATEUR,
    Role.SECRETARIAT,
    Role.PILOTAGE,
    Role.MEMBRE,
    Role.PARTENAIRE,
    Role.ARCHIVES,
]

# Roles that read named data of households they did not refer themselves: a second factor is
# required (OTP_OBLIGATOIRE). Pilotage reads aggregates only; a partner reads the referrals it
# sent. Both are offered the second factor, which then applies to them as well.
ROLES_SECOND_FACTEUR = {Role.SECRETARIAT, Role.MEMBRE, Role.ADMINISTRATEUR, Role.ARCHIVES}


class OrigineSaisine(models.TextChoices):
    """Origins as the annual balances count them (DOMAIN.md, commission activity)."""

    PREFECTURE = "prefecture", "Préfecture"
    SERVICES_SOCIAUX = "services_sociaux", "Services sociaux"
    CAF = "caf", "CAF / MSA"
    BAILLEURS = "bailleurs", "Bailleurs"
    UDAF = "udaf", "UDAF / mandataires"
    COMED = "comed", "COMED"
    BDF = "bdf", "Banque de France"
    MENAGE = "menage", "Le ménage"
    AUTRE = "autre", "Autre"


class TypeOrganisation(models.TextChoices):
    PREFECTURE = "prefecture", "Préfecture / services de l’État (DDETS, DRIHL)"
    CONSEIL_DEPARTEMENTAL = "conseil_departemental", "Conseil départemental"
    CAF = "caf", "Caisse d’allocations familiales (CAF)"
    MSA = "msa", "Mutualité sociale agricole (MSA)"
    BAILLEUR_SOCIAL = "bailleur_social", "Bailleur social"
    BAILLEUR_PRIVE = "bailleur_prive", "Bailleur privé, agence ou administrateur de biens"
    SERVICE_SOCIAL = "service_social", "Service social départemental (MDS)"
    CCAS = "ccas", "CCAS / CIAS"
    ASSOCIATION = "association", "Association"
    UDAF = "udaf", "UDAF / mandataire judiciaire"
    BANQUE_DE_FRANCE = "banque_de_france", "Commission de surendettement (Banque de France)"
    COMED = "comed", "Commission de médiation DALO (COMED)"
    ADIL = "adil", "ADIL"
    COMMISSAIRE_JUSTICE = "commissaire_justice", "Commissaire de justice"
    TRIBUNAL = "tribunal", "Tribunal judiciaire"
    SIAO = "siao", "SIAO"
    ACTION_LOGEMENT = "action_logement", "Action Logement"
    COMMUNE = "commune", "Commune"
    AUTRE = "autre", "Autre"


ORIGINE_PAR_TYPE = {
    TypeOrganisation.PREFECTURE: OrigineSaisine.PREFECTURE,
    TypeOrganisation.CONSEIL_DEPARTEMENTAL: OrigineSaisine.SERVICES_SOCIAUX,
    TypeOrganisation.SERVICE_SOCIAL: OrigineSaisine.SERVICES_SOCIAUX,
    TypeOrganisation.CCAS: OrigineSaisine.SERVICES_SOCIAUX,
    TypeOrganisation.CAF: OrigineSaisine.CAF,
    TypeOrganisation.MSA: OrigineSaisine.CAF,
    TypeOrganisation.BAILLEUR_SOCIAL: OrigineSaisine.BAILLEURS,
    TypeOrganisation.BAILLEUR_PRIVE: OrigineSaisine.BAILLEURS,
    TypeOrganisation.UDAF: OrigineSaisine.UDAF,
    TypeOrganisation.COMED: OrigineSaisine.COMED,
    TypeOrganisation.BANQUE_DE_FRANCE: OrigineSaisine.BDF,
}


def origine_pour(type_organisation: str) -> str:
    """Statistical origin of a referral made by an organisation of this type."""
    return ORIGINE_PAR_TYPE.get(type_organisation, OrigineSaisine.AUTRE)


# Roles that open every dossier or figure of a département belong to its State and
# département services only.
TYPES_POUR_ROLE = {
    Role.SECRETARIAT: {TypeOrganisation.PREFECTURE, TypeOrganisation.CONSEIL_DEPARTEMENTAL},
    Role.PILOTAGE: {TypeOrganisation.PREFECTURE, TypeOrganisation.CONSEIL_DEPARTEMENTAL},
    Role.ADMINISTRATEUR: {TypeOrganisation.PREFECTURE, TypeOrganisation.CONSEIL_DEPARTEMENTAL},
    Role.ARCHIVES: {TypeOrganisation.PREFECTURE, TypeOrganisation.CONSEIL_DEPARTEMENTAL},
}


def erreur_de_role(role: str, *, type_organisation: str, siege_commission: bool) -> str | None:
    """Why an organisation of this kind cannot give this role (None when it can): the
    secretariat, steering and administration roles see a whole département's data, so only
    the préfecture and the conseil départemental hold them; members sit in the commission."""
    if role in TYPES_POUR_ROLE and type_organisation not in TYPES_POUR_ROLE[role]:
        return (
            f"Le rôle « {Role(role).label} » est réservé à la préfecture et au conseil "
            "départemental : il donne accès à tous les dossiers du département."
        )
    if role == Role.MEMBRE and not siege_commission:
        return "Cette organisation ne siège pas à la commission : choisissez le rôle Partenaire."
    return None
