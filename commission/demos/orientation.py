"""Demo: reports oriented by decisions of the commission, by standing rules; some taken in
charge (which acknowledges their orientation decision)."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ccapex.demo import Demo
from commission.enums import StatutDecision
from commission.models import Decision
from commission.services import orientation
from dossiers import journal
from dossiers.enums import PresenceEnfants, StatutSaisine
from dossiers.models import RegleOrientation, Saisine
from partenaires.models import Utilisateur

REGLES = [
    ("Arrondissement de Saint-Aubin, familles", {"arrondissement": "961", "enfants": "avec"},
     "MDS de Saint-Aubin-sur-Orge"),
    ("Arrondissement de Montclair", {"arrondissement": "962"}, "MDS de Montclair-la-Forêt"),
    ("Parc privé sans enfant", {"parc": "prive", "enfants": "sans"},
     "Association Droit au Toit 96"),
]  # fmt: skip


def peupler(demo: Demo) -> None:
    departement = demo.objets["departement"]
    organisations = demo.objets["organisations"]
    secretariat = Utilisateur.objects.filter(email="secretariat@ccapex.example").first()
    orientes = 0
    for nom, criteres, organisation in REGLES:
        valeurs = dict(criteres)
        if "arrondissement" in valeurs:
            valeurs["arrondissement"] = demo.objets["arrondissements"][valeurs["arrondissement"]]
        if valeurs.get("enfants"):
            valeurs["enfants"] = PresenceEnfants(valeurs["enfants"])
        regle, _ = RegleOrientation.objects.get_or_create(
            departement=departement,
            nom=nom,
            defaults={
                **valeurs,
                "organisation": organisations[organisation],
                "cree_par": secretariat,
            },
        )
        orientes += orientation.orienter_selon_regle(regle, par=secretariat)
    # One report in three dispatched to the Saint-Aubin MDS has been acknowledged.
    with transaction.atomic():
        mds = organisations["MDS de Saint-Aubin-sur-Orge"]
        orientees = Saisine.objects.filter(orientee_vers=mds, statut=StatutSaisine.ORIENTEE)
        lignes = list(
            orientees.annotate(reste=F("pk") % 3).filter(reste=0).values_list("pk", "menage_id")
        )
        if not lignes and not Saisine.objects.filter(prise_en_charge_le__isnull=False).exists():
            lignes = list(orientees.order_by("pk").values_list("pk", "menage_id")[:1])
        maintenant = timezone.now()
        Saisine.objects.filter(pk__in=[pk for pk, _ in lignes]).update(
            statut=StatutSaisine.PRISE_EN_CHARGE, prise_en_charge_le=maintenant
        )
        # Taking in charge acknowledges the orientation decision.
        Decision.objects.filter(
            saisine_id__in=[pk for pk, _ in lignes],
            destinataire_organisation=mds,
            statut=StatutDecision.NOTIFIEE,
        ).update(statut=StatutDecision.EXECUTEE, executee_le=maintenant)
        journal.ecrire_en_masse(
            journal.ligne(
                journal.TypeEvenement.SIGNALEMENT_PRIS_EN_CHARGE,
                f"Pris en charge par {mds.nom}",
                menage_id=menage_id,
                saisine_id=pk,
            )
            for pk, menage_id in lignes
        )
    if orientes:
        demo.log(f"signalements orientés selon {len(REGLES)} règles : {orientes}")
    _a_la_main(demo, secretariat)


MOTIF_A_LA_MAIN = "Dette élevée et enfants au foyer : accompagnement social et FSL."


def _a_la_main(demo: Demo, secretariat) -> None:
    """One report oriented by hand to two members (the social service and the FSL's body)."""
    if Decision.objects.filter(motifs=MOTIF_A_LA_MAIN).exists():
        return
    organisations = demo.objets["organisations"]
    restant = (
        Saisine.objects.filter(
            departement=demo.objets["departement"], statut=StatutSaisine.ENREGISTREE
        )
        .order_by("pk")
        .first()
    )
    if restant is None:
        return
    membres = [
        organisations["MDS de Montclair-la-Forêt"],
        organisations["CAF du Val-d’Orge-et-Bièvre"],
    ]
    orientation.orienter_vers(restant, membres, par=secretariat, motif=MOTIF_A_LA_MAIN)
    demo.log(f"signalement {restant.numero} orienté à la main vers deux membres")
