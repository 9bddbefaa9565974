"""The home page of each role that works on files: what needs doing today (secretariat),
the referrals and recommendations to answer (partner). The member's space is in membre.py."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from commission.aide_logement import a_decider, debut_du_regime
from commission.echeances_suivi import JOURS_AVANT_RELANCE
from commission.enums import StatutPreconisation, StatutSeance
from commission.models import Seance, SuiviPreconisation
from commission.services import orientation
from commission.services import suivis as services_suivis
from dossiers.brouillons import Brouillon, portee_partenaire
from dossiers.enums import STATUTS_A_TRIER, STATUTS_MODIFIABLES, CanalSaisine, TypeMessage
from dossiers.models import MembreMenage, Menage, Saisine
from partenaires.decorators import autorise_si
from partenaires.permissions import departements_du_secretariat, est_partenaire, est_secretariat
from procedure.deadlines import prochaine_treve
from procedure.enums import CleRegle
from procedure.models import RegleJuridique

HORIZON_JOURS = 14
SEMAINE_JOURS = 7
RETARD_JOURS = 30
LIGNES = 10


def _nomme(qs, chemin: str):
    """Each line names its household: the first member's name, in the same query."""
    membre = MembreMenage.objects.filter(menage=OuterRef(chemin)).order_by("id")
    return qs.annotate(
        nom_menage=Subquery(membre.values("nom")[:1]),
        prenom_menage=Subquery(membre.values("prenom")[:1]),
    )


def _suivis_a_relancer(departements):
    return _nomme(
        services_suivis.suivis_du_secretariat(departements), "preconisation__examen__menage"
    )


@autorise_si(est_secretariat)
def tableau_de_bord(request):
    """What needs doing, by urgency: what is late or awaits a decision, then what is due this
    week, then the rest. Each block a short list naming the household, at a constant query
    count (lines capped, one count per block)."""
    departements = departements_du_secretariat(request.user)
    aujourd_hui = timezone.localdate()
    maintenant = timezone.now()
    semaine = aujourd_hui + timedelta(days=SEMAINE_JOURS)
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
    suivis = _suivis_a_relancer(departements)
    limite = maintenant - timedelta(days=JOURS_AVANT_RELANCE)
    en_retard = suivis.filter(demande_le__lte=limite).order_by("demande_le", "pk")
    dus = suivis.filter(demande_le__gt=limite).order_by("demande_le", "pk")
    bilans = _nomme(services_suivis.bilans_dus(departements, aujourd_hui), "examen__menage")
    signalements = _nomme(services_suivis.signalements_non_lus(departements), "menage")
    echeances = (
        Menage.objects.des_departements(departements)
        .actifs()
        .avec_resume()
        .order_by("prochaine_echeance", "numero")
    )
    # Recently missed deadlines (a SIAO referral due yesterday is still to do), this week's,
    # then the following days'.
    depassees = echeances.filter(
        prochaine_echeance__gte=aujourd_hui - timedelta(days=RETARD_JOURS),
        prochaine_echeance__lt=aujourd_hui,
    )
    cette_semaine = echeances.filter(
        prochaine_echeance__gte=aujourd_hui, prochaine_echeance__lte=semaine
    )
    ensuite = echeances.filter(
        prochaine_echeance__gt=semaine,
        prochaine_echeance__lte=aujourd_hui + timedelta(days=HORIZON_JOURS),
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
        ("echeances_depassees", f"Échéances légales dépassées depuis moins de {RETARD_JOURS} jours",
         depassees),
        ("aides", "Aides au logement : impayés signalés à décider", aides),
        ("a_orienter",
         f"Signalements non orientés depuis plus de {delai.libelle if delai else ''}",
         a_orienter),
        ("echeances", f"Échéances légales des {SEMAINE_JOURS} prochains jours", cette_semaine),
        ("saisines", "Saisines nouvelles ou complétées", saisines),
        ("suivis_en_retard", "Suivis en retard", en_retard),
        ("seances", "Séances à préparer", seances),
        ("echeances_ensuite",
         f"Échéances légales du {SEMAINE_JOURS + 1}ᵉ au {HORIZON_JOURS}ᵉ jour", ensuite),
        ("bilans", "Bilans à 12 mois à réaliser", bilans),
        ("suivis_dus", "Suivis en attente de réponse", dus),
        ("signalements", "Changements signalés non lus", signalements),
    ]  # fmt: skip
    # Counts in one query per block; lines capped, so the page costs the same at any volume.
    contexte = {
        cle: {"titre": titre, "lignes": list(qs[:LIGNES]), "total": qs.count()}
        for cle, titre, qs in blocs
    }
    urgences = (
        contexte["echeances_depassees"]["total"]
        + contexte["aides"]["total"]
        + contexte["a_orienter"]["total"]
    )
    return render(
        request,
        "commission/tableau_de_bord.html",
        {
            **contexte,
            "urgences": urgences,
            "aujourd_hui": aujourd_hui,
            "treve": {
                "en_cours": debut_treve <= aujourd_hui,
                "fin": fin_treve,
                "fin_proche": debut_treve <= aujourd_hui and (fin_treve - aujourd_hui).days <= 30,
            },
        },
    )


def _action_sur_suivi(request, pk, action, succes, badge):
    """A follow-up marked done or reminded from the home page: htmx swaps its line for the
    result (which takes the focus) and announces it; without JavaScript, back to the page."""
    suivi = get_object_or_404(_suivis_a_relancer(departements_du_secretariat(request.user)), pk=pk)
    erreur = ""
    try:
        action(suivi)
    except ValidationError as exc:
        erreur = " ".join(exc.messages)
    menage = suivi.preconisation.examen.menage
    message = erreur or succes.format(numero=menage.numero)
    if not request.htmx:
        (messages.error if erreur else messages.success)(request, message)
        return redirect("commission:tableau_de_bord")
    return render(
        request,
        "commission/includes/suivi_accueil_fait.html",
        {"suivi": suivi, "message": message, "erreur": bool(erreur), "badge": badge},
    )


@autorise_si(est_secretariat)
@require_POST
def suivi_fait(request, pk):
    return _action_sur_suivi(
        request,
        pk,
        lambda suivi: services_suivis.repondre(
            suivi,
            reponse=StatutPreconisation.FAITE,
            commentaire="Marqué fait depuis l’accueil du secrétariat.",
            par=request.user,
        ),
        "Suivi du dossier {numero} marqué fait.",
        "Fait",
    )


@autorise_si(est_secretariat)
@require_POST
def relancer_suivi(request, pk):
    return _action_sur_suivi(
        request,
        pk,
        lambda suivi: services_suivis.relancer(suivi, par=request.user),
        "Relance envoyée pour le dossier {numero}.",
        "Relancé",  # still awaited: not « Fait »
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
    # A referral left half-way (its draft is kept in the session): resume it in one click.
    en_cours = Brouillon(request.session, portee_partenaire(organisation.pk))
    return render(
        request,
        "commission/espace_partenaire.html",
        {
            "saisie_en_cours": en_cours.etat is not None,
            "saisie_en_cours_de": en_cours.resume,
            "saisines": saisines,
            "orientes": orientes,
            "modifiables": STATUTS_MODIFIABLES,
            "suivis_a_renseigner": suivis,
        },
    )
