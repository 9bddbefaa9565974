"""Demo: cases moved between a local commission and the central one, with their reason."""

from ccapex.demo import Demo
from commission.competence import commission_du_menage
from commission.enums import TypeCommission
from commission.models import Commission, Transfert
from commission.services.transferts import transferer
from dossiers.models import Menage
from partenaires.models import Utilisateur

MOTIFS = [
    "Situation complexe : plusieurs procédures et une dette de plus de 10 000 €.",
    "Bailleur implanté dans tout le département : examen par la commission centrale.",
]


def peupler(demo: Demo) -> None:
    departement = demo.objets["departement"]
    if Transfert.objects.filter(menage__departement=departement).exists():
        return
    centrale = Commission.objects.filter(
        departement=departement, type=TypeCommission.DEPARTEMENTALE, active=True
    ).first()
    secretariat = Utilisateur.objects.filter(email="secretariat@ccapex.example").first()
    if centrale is None:
        return
    candidats = Menage.objects.filter(departement=departement).select_related("commune")
    faits = 0
    for menage in candidats.order_by("pk")[:40]:
        if faits == len(MOTIFS):
            break
        if commission_du_menage(menage) != centrale:
            transferer(menage, vers=centrale, motif=MOTIFS[faits], par=secretariat)
            faits += 1
    demo.log(f"dossiers transférés à la commission centrale : {faits}")
