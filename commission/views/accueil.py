"""The home page of each role that works on files: what needs doing today (secretariat),
the referrals and recommendations to answer (partner). The member's space is in membre.py."""

from datetime import timedelta

from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone

from commission.aide_logement import a_decider, debut_du_regime
from commission.echeances_suivi import JOURS_AVANT_RELANCE
from commission.enums import StatutSeance
from commission.models import Seance, SuiviPreconisation
from commission.services import orientation
from commission.services import suivis as services_suivis
from dossiers.enums import STATUTS_A_TRIER, STATUTS_MODIFIABLES, CanalSaisine, TypeMessage
from dossiers.models import Menage, Saisine
from partenaires.decorators import autorise_si
from partenaires.permissions import departements_du_secretariat, est_partenaire, est_secretariat
from procedure.deadlines import prochaine_treve
from procedure.enums import CleRegle
from procedure.models import RegleJuridique

HORIZON_JOURS = 14
RETARD_JOURS = 30
LIGNES = 10


@autorise_si(est_secretariat)
def tableau_de_bord(request):
    """What needs doing today: each block a short list of links, at a constant query count."""
    departements = departements_du_secretariat(request.user)
    aujourd_hui = timezone.localdate()
    maintenant = timezone.now()
    saisines = (
        Saisine.objects.des_departements(departements)
        .filter(statut__in=STATUTS_A_TRIER)
        .order_by("soumise_le", "pk")
    )
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
    regles = RegleJuridique.objects.referentiel(request.user.organisation.departement.code)
    debut_treve, fin_treve = prochaine_treve(aujourd_hui, regles)
    aides = a_decider(
        Saisine.objects.des_departements(departements)
        .filter(canal=CanalSaisine.SIGNALEMENT_CAF)
        .select_related("menage"),
        debut_du_regime(regles),
    ).order_by("soumise_le", "pk")
    delai = regles.version(CleRegle.DELAI_ORIENTATION_SIGNALEMENT, aujourd_hui)
    a_orienter = (
        orientation.non_orientes_depuis(departements, delai.avant(aujourd_hui))
        if delai is not None
        else Saisine.objects.none()
    ).order_by("soumise_le", "pk")
    blocs = [
        (
            "a_orienter",
            f"Signalements non orientés depuis plus de {delai.libelle if delai else ''}",
            a_orienter,
        ),
        ("aides", "Aides au logement : impayés signalés à décider", aides),
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
        "commission/tableau_de_bord.html",
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


@autorise_si(est_partenaire)
def espace_partenaire(request):
    organisation = request.user.organisation
    saisines = (
        Saisine.objects.de_l_organisation(organisation)
        .annotate(
            demandes=Count("messages", filter=Q(messages__type=TypeMessage.DEMANDE_COMPLEMENT))
        )
        .order_by("-modifiee_le")
    )
    orientes = (
        Saisine.objects.filter(orientee_vers=organisation, menage__archive_le__isnull=True)
        .select_related("commune")
        .order_by("prise_en_charge_le", "-orientee_le")[:20]
    )
    suivis = SuiviPreconisation.objects.filter(
        preconisation__destinataire_organisation=organisation,
        preconisation__examen__menage__archive_le__isnull=True,
        demande_le__isnull=False,
        reponse="",
    ).count()
    return render(
        request,
        "commission/espace_partenaire.html",
        {
            "saisines": saisines,
            "orientes": orientes,
            "modifiables": STATUTS_MODIFIABLES,
            "suivis_a_renseigner": suivis,
        },
    )
