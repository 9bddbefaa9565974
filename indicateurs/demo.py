"""Demo figures of the indicators layer: the charter's targets and the yearly figures partners
declare (the application never asks for what it holds row by row).

Idempotent: targets and figures are looked up by their natural key.
"""

from decimal import Decimal

from ccapex.demo import Demo

from .models import DonneeDeclaree, ObjectifCharte
from .referentiel import DECLARABLES, IndicateurCharte
from .territoires import du_departement

# Essonne's charter, 2028: (start %, target %).
OBJECTIFS = {
    IndicateurCharte.TAUX_PRESENCE_AUDIENCE: (40, 70),
    IndicateurCharte.TAUX_CDP_ASSIGNATION: (56, 25),
    IndicateurCharte.TAUX_ASSIGNATION_CQL: (42, 30),
    IndicateurCharte.TAUX_DECISIONS_DELAIS: (20, 35),
}
# A plausible order of magnitude for a small département, per declarable indicator.
ORDRES_DE_GRANDEUR = {
    "allocataires_aide_logement": 41_000,
    "beneficiaires_rsa": 12_500,
    "demandeurs_logement_social": 23_000,
    "menages_dalo_reconnus": 640,
    "part_parc_social": 27,
    "decisions_rendues": 1_480,
    "decisions_contradictoires": 610,
    "decisions_delais": 330,
    "demandes_fsl_maintien": 920,
    "budget_fsl": 1_850_000,
    "mesures_avdl": 210,
    "menages_informes_adil": 1_150,
}


def peupler(demo: Demo) -> None:
    departement = demo.objets["departement"]
    annee = demo.aujourd_hui.year
    for indicateur, (depart, cible) in OBJECTIFS.items():
        ObjectifCharte.objects.get_or_create(
            departement=departement,
            indicateur=indicateur,
            defaults={"annee_cible": 2028, "valeur_depart": depart, "cible": cible},
        )
    par_type = {}
    for organisation in sorted(demo.objets["organisations"].values(), key=lambda o: o.nom):
        par_type.setdefault(organisation.type, organisation)
    territoire = du_departement(departement).code
    declarees = 0
    for indicateur in DECLARABLES:
        base = ORDRES_DE_GRANDEUR.get(indicateur.code)
        source = par_type.get(indicateur.proprietaire)
        if base is None or source is None:
            continue
        for recul, facteur in ((1, Decimal("0.96")), (0, Decimal("1"))):
            _, cree = DonneeDeclaree.objects.get_or_create(
                indicateur=indicateur.code,
                annee=annee - recul,
                territoire=territoire,
                defaults={
                    "departement": departement,
                    "valeur": (Decimal(base) * facteur).quantize(Decimal("1")),
                    "source_organisation": source,
                },
            )
            declarees += cree
    if declarees:
        demo.log(f"indicateurs : {declarees} données déclarées par les partenaires")
