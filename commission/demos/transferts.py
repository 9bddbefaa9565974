"""Demo: a case transferred between the central commission and a local one, with its reason
(issue 11 point 5), through the service so the journal keeps it."""

from ccapex.demo import Demo
from commission.competence import commission_du_menage
from commission.enums import TypeCommission
from commission.models import Commission, Transfert
from commission.services import transferts
from dossiers.models import Menage
from partenaires.models import Utilisateur

MOTIF = (
    "Situation complexe (dette élevée, ménage avec enfants) : examen par la commission "
    "départementale demandé par la commission locale."
)


def peupler(demo: Demo) -> None:
    departement = demo.objets["departement"]
    if Transfert.objects.filter(menage__departement=departement).exists():
        demo.log("transferts : déjà présents")
        return
    secretariat = Utilisateur.objects.filter(email="secretariat@ccapex.example").first()
    commissions = list(Commission.objects.filter(departement=departement, active=True))
    for menage in Menage.objects.filter(departement=departement).order_by("pk")[:20]:
        en_charge = commission_du_menage(menage)
        if en_charge is None:
            continue
        vers = next(
            (
                c
                for c in commissions
                if c.type == TypeCommission.DEPARTEMENTALE and c.pk != en_charge.pk
            ),
            None,
        ) or next((c for c in commissions if c.pk != en_charge.pk), None)
        if vers is None:
            return
        transferts.transferer(menage, vers=vers, motif=MOTIF, par=secretariat)
        demo.log(f"transfert : dossier {menage.numero} vers « {vers} »")
        return
