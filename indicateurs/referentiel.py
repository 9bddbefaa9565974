"""Reference lists of the balance: the charter's rates and the figures partners declare.

The application computes what it holds row by row (acts, referrals, sessions, recommendations,
reviews, letters); partners declare only what it does not hold. `INDICATEURS_CALCULES` names
the computed ones so that a test can check that no declarable indicator duplicates them.
"""

from dataclasses import dataclass

from django.db import models

from partenaires.enums import TypeOrganisation


class IndicateurCharte(models.TextChoices):
    TAUX_CDP_ASSIGNATION = "taux_cdp_assignation", "Taux de transformation CDP → assignation"
    TAUX_PRESENCE_AUDIENCE = (
        "taux_presence_audience",
        "Taux de présence à l’audience (décisions contradictoires)",
    )
    TAUX_ASSIGNATION_CQL = "taux_assignation_cql", "Taux de transformation assignation → CQL"
    TAUX_DECISIONS_DELAIS = "taux_decisions_delais", "Part des jugements accordant des délais"


@dataclass(frozen=True)
class IndicateurDeclarable:
    code: str
    libelle: str
    famille: str
    proprietaire: str  # TypeOrganisation that owns and enters the figure
    # When set, the application may hold the rows (e.g. imported CAF reports): a figure is then
    # declared only for a year where no such row exists (the form refuses otherwise).
    type_acte_equivalent: str = ""
    unite: str = "nombre"


CONTEXTE = "Contexte"
PROCEDURE = "Données de procédure"
ACCOMPAGNEMENT = "Accompagnement"
EFFICACITE = "Efficacité"

T = TypeOrganisation

DECLARABLES = [
    IndicateurDeclarable(
        "signalements_caf", "Impayés signalés à la CAF", PROCEDURE, T.CAF, "signalement_caf"
    ),
    IndicateurDeclarable(
        "allocataires_aide_logement", "Allocataires d’une aide au logement", CONTEXTE, T.CAF
    ),
    IndicateurDeclarable(
        "beneficiaires_rsa", "Bénéficiaires du RSA", CONTEXTE, T.CONSEIL_DEPARTEMENTAL
    ),
    IndicateurDeclarable(
        "demandeurs_logement_social", "Demandeurs de logement social", CONTEXTE, T.PREFECTURE
    ),
    IndicateurDeclarable(
        "menages_dalo_reconnus", "Ménages reconnus prioritaires DALO", CONTEXTE, T.COMED
    ),
    IndicateurDeclarable(
        "part_parc_social", "Part du parc locatif social", CONTEXTE, T.PREFECTURE, unite="%"
    ),
    IndicateurDeclarable(
        "decisions_rendues", "Décisions rendues (contentieux locatif)", PROCEDURE, T.TRIBUNAL
    ),
    IndicateurDeclarable(
        "decisions_contradictoires",
        "Décisions contradictoires (locataire présent ou représenté)",
        PROCEDURE,
        T.TRIBUNAL,
    ),
    IndicateurDeclarable(
        "decisions_delais", "Décisions accordant des délais de paiement", PROCEDURE, T.TRIBUNAL
    ),
    IndicateurDeclarable(
        "part_dalo_requisitions",
        "Part des ménages DALO parmi les réquisitions du CFP",
        PROCEDURE,
        T.PREFECTURE,
        unite="%",
    ),
    IndicateurDeclarable(
        "demandes_siao_expulsion",
        "Demandes au SIAO à la suite d’une procédure d’expulsion",
        PROCEDURE,
        T.SIAO,
    ),
    IndicateurDeclarable(
        "demandes_fsl_maintien", "Demandes de FSL maintien", PROCEDURE, T.CONSEIL_DEPARTEMENTAL
    ),
    IndicateurDeclarable(
        "budget_fsl", "Budget du FSL (euros)", PROCEDURE, T.CONSEIL_DEPARTEMENTAL, unite="€"
    ),
    IndicateurDeclarable(
        "menages_accompagnes_caf",
        "Ménages diagnostiqués ou accompagnés par la CAF",
        ACCOMPAGNEMENT,
        T.CAF,
    ),
    IndicateurDeclarable(
        "mesures_asll",
        "Mesures ASLL (maintien, prévention)",
        ACCOMPAGNEMENT,
        T.CONSEIL_DEPARTEMENTAL,
    ),
    IndicateurDeclarable("mesures_avdl", "Mesures AVDL", ACCOMPAGNEMENT, T.PREFECTURE),
    IndicateurDeclarable(
        "masp_procedure",
        "MASP pour des ménages en procédure",
        ACCOMPAGNEMENT,
        T.CONSEIL_DEPARTEMENTAL,
    ),
    IndicateurDeclarable(
        "menages_informes_adil", "Ménages informés par l’ADIL", ACCOMPAGNEMENT, T.ADIL
    ),
    IndicateurDeclarable(
        "menages_associations",
        "Ménages aidés par les permanences des associations",
        ACCOMPAGNEMENT,
        T.ASSOCIATION,
    ),
    IndicateurDeclarable(
        "dsf_realises",
        "Diagnostics sociaux et financiers réalisés",
        ACCOMPAGNEMENT,
        T.CONSEIL_DEPARTEMENTAL,
    ),
    IndicateurDeclarable(
        "mutations_prevention",
        "Mutations internes pour prévenir une expulsion",
        EFFICACITE,
        T.BAILLEUR_SOCIAL,
    ),
    IndicateurDeclarable(
        "dossiers_surendettement_loyer",
        "Dossiers de surendettement avec dette locative",
        EFFICACITE,
        T.BANQUE_DE_FRANCE,
    ),
]

DECLARABLES_PAR_CODE = {indicateur.code: indicateur for indicateur in DECLARABLES}
CHOIX_DECLARABLES = [(i.code, i.libelle) for i in DECLARABLES]

# What the application counts from its own rows: never asked of a partner.
INDICATEURS_CALCULES = {
    "cdp", "assignations", "cql", "requisitions_cfp", "octrois_cfp", "expulsions",
    "seances_tenues", "situations_examinees", "saisines", "preconisations", "bilans_12_mois",
    "statut_dls", "dettes_10000", "dettes_50000", "courriers_prevention",
    "taux_cdp_assignation", "taux_assignation_cql",
}  # fmt: skip


def declarables_pour(type_organisation: str) -> list[IndicateurDeclarable]:
    """The figures an organisation of this type owns and enters."""
    return [i for i in DECLARABLES if i.proprietaire == type_organisation]
