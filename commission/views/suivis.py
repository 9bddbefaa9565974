"""Follow-up pages: the secretariat's list and 12-month reviews; the partner's answers and
reports of a change of situation."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from commission.echeances_suivi import JOURS_AVANT_RELANCE, fin_des_signalements
from commission.forms.suivis import BilanForm, ReponseSuiviForm, SignalementForm
from commission.models import Bilan, Courrier, SignalementChangement
from commission.services import suivis as services
from partenaires.decorators import autorise_si
from partenaires.permissions import departements_du_secretariat, est_partenaire, est_secretariat


@autorise_si(est_secretariat)
def suivis(request):
    departements = departements_du_secretariat(request.user)
    aujourd_hui = timezone.localdate()
    a_renseigner = list(services.suivis_du_secretariat(departements).order_by("demande_le")[:300])
    limite = timezone.now() - timezone.timedelta(days=JOURS_AVANT_RELANCE)
    return render(
        request,
        "commission/suivis/secretariat.html",
        {
            "en_retard": [s for s in a_renseigner if s.demande_le <= limite],
            "en_attente": [s for s in a_renseigner if s.demande_le > limite],
            "bilans": list(services.bilans_dus(departements, aujourd_hui)[:300]),
            "signalements": list(services.signalements_non_lus(departements)[:300]),
        },
    )


@autorise_si(est_secretariat)
@require_http_methods(["GET", "POST"])
def repondre_suivi(request, pk):
    """The secretariat records an answer (the household's, or one given by phone)."""
    suivi = get_object_or_404(
        services.suivis_du_secretariat(departements_du_secretariat(request.user)), pk=pk
    )
    return _repondre(request, suivi, "commission:suivis")


def _repondre(request, suivi, retour):
    form = ReponseSuiviForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.repondre(suivi, **form.cleaned_data, par=request.user)
        except ValidationError as erreur:
            messages.error(request, " ".join(erreur.messages))
        else:
            messages.success(request, "Réponse enregistrée. Merci.")
        return redirect(retour)
    return render(request, "commission/suivis/repondre.html", {"suivi": suivi, "form": form})


@autorise_si(est_secretariat)
@require_http_methods(["GET", "POST"])
def bilan(request, pk):
    objet = get_object_or_404(
        Bilan.objects.des_departements(departements_du_secretariat(request.user)).select_related(
            "examen__menage", "examen__seance"
        ),
        pk=pk,
    )
    form = BilanForm(request.POST or None, instance=objet)
    if request.method == "POST" and form.is_valid():
        donnees = {champ: form.cleaned_data[champ] for champ in form.Meta.fields}
        services.realiser_bilan(objet, donnees=donnees, par=request.user)
        messages.success(request, f"Bilan à 12 mois enregistré ({objet.examen.menage.numero}).")
        return redirect("commission:suivis")
    return render(request, "commission/suivis/bilan.html", {"bilan": objet, "form": form})


@autorise_si(est_secretariat)
@require_POST
def marquer_signalement_lu(request, pk):
    signalement = get_object_or_404(
        SignalementChangement.objects.des_departements(departements_du_secretariat(request.user)),
        pk=pk,
    )
    services.marquer_lu(signalement, par=request.user)
    return redirect("commission:suivis")


@autorise_si(est_partenaire)
def suivis_partenaire(request):
    organisation = request.user.organisation
    aujourd_hui = timezone.localdate()
    examens = list(services.examens_du_partenaire(organisation).order_by("-seance__date")[:300])
    for examen in examens:
        examen.fin_signalement = fin_des_signalements(timezone.localtime(examen.seance.date).date())
    return render(
        request,
        "commission/suivis/partenaire.html",
        {
            "suivis": list(services.suivis_du_partenaire(organisation)[:300]),
            "courriers": list(
                Courrier.objects.filter(
                    destinataire_organisation=organisation, remplace_par__isnull=True
                )
                .select_related("menage", "seance")
                .order_by("-genere_le", "-pk")[:100]
            ),
            "examens": [e for e in examens if e.fin_signalement >= aujourd_hui],
        },
    )


@autorise_si(est_partenaire)
@require_http_methods(["GET", "POST"])
def repondre_suivi_partenaire(request, pk):
    suivi = get_object_or_404(services.suivis_du_partenaire(request.user.organisation), pk=pk)
    if suivi.reponse:
        messages.info(request, "Ce suivi a déjà été renseigné.")
        return redirect("commission:suivis_partenaire")
    return _repondre(request, suivi, "commission:suivis_partenaire")


@autorise_si(est_partenaire)
@require_http_methods(["GET", "POST"])
def signaler_changement(request, pk):
    examen = get_object_or_404(services.examens_du_partenaire(request.user.organisation), pk=pk)
    form = SignalementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.signaler_changement(
                examen,
                organisation=request.user.organisation,
                texte=form.cleaned_data["texte"],
                par=request.user,
                aujourd_hui=timezone.localdate(),
            )
        except ValidationError as erreur:
            form.add_error(None, erreur)
        else:
            messages.success(request, "Changement signalé au secrétariat.")
            return redirect("commission:suivis_partenaire")
    return render(request, "commission/suivis/signaler.html", {"examen": examen, "form": form})
