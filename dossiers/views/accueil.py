"""Home page of the secretariat: what needs doing today."""

from datetime import timedelta

from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone

from partenaires.decorators import autorise_si
from partenaires.permissions import est_secretariat
from procedure.deadlines import prochaine_treve

from ..echeances_suivi import JOURS_AVANT_RELANCE
from ..enums import STATUTS_A_TRIER, StatutSeance
from ..models import Menage, Saisine, Seance
from ..permissions import departements_du_secretariat
from ..services import suivis as services_suivis

HORIZON_JOURS = 14
RETARD_JOURS = 30
LIGNES = 10


@autorise_si(est_secretariat)
def tableau_de_bord(request):
    """What needs doing today: each block a short list of links, at a constant query count."""
    departements = departements_du_secretariat(request.user)
    aujourd_hui = timezone.localdate()
    maintenant = timezone.now()
    saisines = Saisine.objects.filter(
        departement_id__in=departements, statut__in=STATUTS_A_TRIER
    ).order_by("soumise_le", "pk")
    seances = (
        Seance.objects.des_departements(departements)
        .filter(statut=StatutSeance.EN_PREPARATION, date__gte=maintenant)
        .select_related("commission")
        .annotate(nb_examens=Count("examens"))
        .order_by("date")
    )
    suivis = services_suivis.suivis_du_secretariat(departements)
    limite = maintenant - timedelta(days=JOURS_AVANT_RELANCE)
    en_retard = suivis.filter(demande_le__lte=limite).order_by("demande_le", "pk")
    dus = suivis.filter(demande_le__gt=limite).order_by("demande_le", "pk")
    bilans = services_suivis.bilans_dus(departements, aujourd_hui)
    signalements = services_suivis.signalements_non_lus(departements)
    echeances = (
        Menage.objects.des_departements(departements)
        .actifs()
        .avec_resume()
        .filter(
            # Recently missed deadlines first (a SIAO referral due yesterday is still to do),
            # then the coming ones.
            prochaine_echeance__gte=aujourd_hui - timedelta(days=RETARD_JOURS),
            prochaine_echeance__lte=aujourd_hui + timedelta(days=HORIZON_JOURS),
        )
        .order_by("prochaine_echeance", "numero")
    )
    debut_treve, fin_treve = prochaine_treve(aujourd_hui)
    blocs = [
        ("saisines", "Saisines nouvelles ou complétées", saisines),
        ("seances", "Séances à préparer", seances),
        ("suivis_en_retard", "Suivis en retard", en_retard),
        ("suivis_dus", "Suivis en attente de réponse", dus),
        ("bilans", "Bilans à 12 mois à réaliser", bilans),
        ("signalements", "Changements signalés non lus", signalements),
        (
            "echeances",
            f"Échéances dépassées depuis moins de {RETARD_JOURS} jours "
            f"ou des {HORIZON_JOURS} prochains jours",
            echeances,
        ),
    ]
    # Counts in one query per block; lines capped, so the page costs the same at any volume.
    contexte = {
        cle: {"titre": titre, "lignes": list(qs[:LIGNES]), "total": qs.count()}
        for cle, titre, qs in blocs
    }
    return render(
        request,
        "dossiers/tableau_de_bord.html",
        {
            **contexte,
            "aujourd_hui": aujourd_hui,
            "treve": {
                "en_cours": debut_treve <= aujourd_hui,
                "fin": fin_treve,
                "fin_proche": debut_treve <= aujourd_hui and (fin_treve - aujourd_hui).days <= 30,
            },
        },
    )
