"""Letters: closing a session launches them; the secretariat posts household letters; the
administrator edits the templates."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from ccapex.telechargements import fichier_joint
from commission.enums import TypeCourrier
from commission.forms.courriers import ModeleCourrierForm
from commission.models import Courrier, ModeleCourrier, Seance
from commission.permissions import peut_telecharger_courrier
from commission.services import courriers as services
from dossiers.consultations import journaliser_consultation
from partenaires.decorators import autorise_si
from partenaires.permissions import (
    departement_courant_id,
    departements_du_secretariat,
    est_secretariat,
    peut_administrer,
)


@autorise_si(est_secretariat)
@require_POST
def cloturer_seance(request, pk):
    seance = get_object_or_404(
        Seance.objects.des_departements(departements_du_secretariat(request.user)), pk=pk
    )
    try:
        traitement = services.cloturer_seance(seance, par=request.user)
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
        return redirect("commission:seance", pk=seance.pk)
    if request.htmx:
        return render(request, "ccapex/includes/traitement.html", {"traitement": traitement})
    messages.success(request, "La séance est close : les courriers sont en cours de rédaction.")
    return redirect("ccapex:traitement", pk=traitement.pk)


def telecharger_courrier(request, pk):
    courrier = get_object_or_404(Courrier.objects.select_related("menage"), pk=pk)
    if not peut_telecharger_courrier(request.user, courrier):
        raise Http404
    # A letter names the household and its situation: its reading goes in the access log.
    journaliser_consultation(
        request, objet="courrier", objet_id=courrier.pk, menage=courrier.menage
    )
    return fichier_joint(courrier.fichier)


@autorise_si(est_secretariat)
def courriers_a_poster(request):
    departements = departements_du_secretariat(request.user)
    courriers = services.courriers_a_poster(departements)
    seance = None
    if request.GET.get("seance", "").isdigit():
        seance = Seance.objects.des_departements(departements).filter(pk=request.GET["seance"])
        seance = seance.select_related("commission").first()
        if seance is not None:
            courriers = courriers.filter(seance=seance)
    return render(
        request,
        "commission/courriers/a_poster.html",
        {
            "courriers": list(courriers[:500]),
            "seance": seance,
            "traitement": services.traitement_de_la_seance(seance) if seance else None,
        },
    )


def _courrier_du_secretariat(request, pk):
    return get_object_or_404(
        Courrier.objects.des_departements(departements_du_secretariat(request.user)).select_related(
            "menage"
        ),
        pk=pk,
    )


@autorise_si(est_secretariat)
@require_POST
def marquer_envoye(request, pk):
    courrier = _courrier_du_secretariat(request, pk)
    if services.marquer_envoye(courrier, par=request.user):
        messages.success(request, f"Courrier du dossier {courrier.menage.numero} marqué envoyé.")
    else:
        messages.info(request, "Ce courrier était déjà marqué envoyé.")
    return redirect("commission:courriers_a_poster")


@autorise_si(est_secretariat)
@require_POST
def regenerer_courrier(request, pk):
    courrier = _courrier_du_secretariat(request, pk)
    try:
        nouveau = services.regenerer(courrier, par=request.user)
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
    else:
        messages.success(request, f"Courrier régénéré (version {nouveau.version}).")
    return redirect("dossiers:menage", numero=courrier.menage.numero)


@autorise_si(peut_administrer)
def modeles_courrier(request):
    modeles = ModeleCourrier.objects.filter(departement_id=departement_courant_id(request.user))
    return render(request, "commission/courriers/modeles.html", {"modeles": modeles})


@autorise_si(peut_administrer)
@require_http_methods(["GET", "POST"])
def modele_courrier(request, pk=None):
    departement_id = departement_courant_id(request.user)
    instance = None
    if pk is not None:
        instance = get_object_or_404(
            ModeleCourrier.objects.filter(departement_id=departement_id), pk=pk
        )
    else:
        instance = ModeleCourrier(
            departement_id=departement_id,
            type=TypeCourrier.PRECONISATION,
            objet=services.OBJET_DEFAUT,
            corps=services.CORPS_DEFAUT_ORGANISATION,
        )
    form = ModeleCourrierForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        modele = services.enregistrer_modele(form.save(commit=False), par=request.user)
        messages.success(request, f"Modèle enregistré (version {modele.version}).")
        return redirect("commission:modeles_courrier")
    return render(
        request,
        "commission/courriers/modele.html",
        {"form": form, "modele": instance, "variables": services.aide_variables()},
    )


@autorise_si(peut_administrer)
@require_POST
def apercu_modele(request):
    """Live preview with example values (htmx), or the reasons the template is refused."""
    texte = request.POST.get("corps", "")
    try:
        services.valider_gabarit(texte)
    except ValidationError as erreur:
        return render(request, "commission/courriers/apercu.html", {"erreurs": erreur.messages})
    return render(
        request, "commission/courriers/apercu.html", {"rendu": services.rendre_exemple(texte)}
    )
