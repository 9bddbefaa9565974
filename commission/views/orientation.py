"""Administrative reports: the secretariat's list, dispatch by rule or one by one, and the
partner's list of reports dispatched to its organisation."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from ccapex.parametres import filtres_valides
from commission.filtres_signalements import SignalementFilterSet, SignalementPartenaireFilterSet
from commission.forms.orientation import OrientationForm, RegleOrientationForm
from commission.services import orientation as services
from dossiers.models import RegleOrientation, Saisine
from dossiers.permissions import peut_gerer_dossiers
from partenaires.decorators import autorise_si
from partenaires.permissions import departements_du_secretariat, est_partenaire

PAR_PAGE = 50


def _parametres_sans_page(request) -> str:
    parametres = request.GET.copy()
    parametres.pop("page", None)
    return parametres.urlencode()


@autorise_si(peut_gerer_dossiers)
def signalements(request):
    departements = departements_du_secretariat(request.user)
    filtres = filtres_valides(
        SignalementFilterSet(
            request.GET or None,
            queryset=services.signalements(departements)
            .select_related("commune", "orientee_vers")
            .order_by("-soumise_le", "-id"),
            departement_ids=departements,
        )
    )
    page = Paginator(filtres.qs, PAR_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "commission/signalements/liste.html",
        {"filtres": filtres, "page": page, "parametres": _parametres_sans_page(request)},
    )


def _departement(request):
    return request.user.organisation.departement


@autorise_si(peut_gerer_dossiers)
@require_http_methods(["GET", "POST"])
def orienter_selon_regle(request):
    """GET with criteria: how many reports the rule would dispatch; POST: dispatch them."""
    departement = _departement(request)
    initial, donnees = {}, None
    if request.method == "POST":
        donnees = request.POST
    elif request.GET.get("regle"):
        regle = get_object_or_404(
            RegleOrientation.objects.filter(departement=departement), pk=request.GET["regle"]
        )
        donnees = {
            "nom": regle.nom, "canal": regle.canal, "arrondissement": regle.arrondissement_id or "",
            "epci": regle.epci_id or "", "commune": regle.commune_id or "", "parc": regle.parc,
            "enfants": regle.enfants, "organisation": regle.organisation_id,
        }  # fmt: skip
    elif "organisation" in request.GET:
        donnees = request.GET
    form = RegleOrientationForm(
        donnees, initial=initial, departement=departement, nom_obligatoire=False
    )
    apercu = None
    if donnees is not None and form.is_valid():
        regle = form.instance
        if request.method == "POST":
            nombre = services.orienter_selon_regle(regle, par=request.user)
            messages.success(
                request, f"{nombre} signalement(s) orienté(s) vers {regle.organisation.nom}."
            )
            return redirect(
                reverse("commission:signalements") + f"?orientee_vers={regle.organisation_id}"
            )
        apercu = services.a_orienter(regle).count()
    return render(
        request, "commission/signalements/orienter_regle.html", {"form": form, "apercu": apercu}
    )


@autorise_si(peut_gerer_dossiers)
@require_http_methods(["GET", "POST"])
def regles(request):
    departement = _departement(request)
    form = RegleOrientationForm(request.POST or None, departement=departement)
    if request.method == "POST" and form.is_valid():
        regle = services.enregistrer_regle(form.save(commit=False), par=request.user)
        messages.success(request, f"Règle « {regle.nom} » enregistrée.")
        return redirect("commission:regles_orientation")
    liste = RegleOrientation.objects.des_departements(
        departements_du_secretariat(request.user)
    ).select_related("commune", "epci", "arrondissement", "organisation")
    return render(request, "commission/signalements/regles.html", {"form": form, "regles": liste})


@autorise_si(peut_gerer_dossiers)
@require_POST
def supprimer_regle(request, pk):
    regle = get_object_or_404(
        RegleOrientation.objects.des_departements(departements_du_secretariat(request.user)),
        pk=pk,
    )
    services.supprimer_regle(regle, par=request.user)
    messages.success(request, f"Règle « {regle.nom} » supprimée.")
    return redirect("commission:regles_orientation")


@autorise_si(peut_gerer_dossiers)
@require_http_methods(["GET", "POST"])
def orienter_un(request, pk):
    saisine = get_object_or_404(
        services.signalements(departements_du_secretariat(request.user)).select_related(
            "commune", "orientee_vers", "menage"
        ),
        pk=pk,
    )
    form = OrientationForm(request.POST or None, departement_id=saisine.departement_id)
    if request.method == "POST" and form.is_valid():
        organisations = [form.cleaned_data["organisation"], *form.cleaned_data["autres"]]
        organisations = list(dict.fromkeys(organisations))
        try:
            services.orienter_vers(
                saisine, organisations, par=request.user, motif=form.cleaned_data["motif"]
            )
        except ValidationError as erreur:
            form.add_error(None, erreur)
        else:
            noms = ", ".join(o.nom for o in organisations)
            messages.success(request, f"Signalement {saisine.numero} orienté vers {noms}.")
            return redirect("commission:signalements")
    return render(
        request, "commission/signalements/orienter.html", {"form": form, "saisine": saisine}
    )


@autorise_si(est_partenaire)
def signalements_partenaire(request):
    """Reports the secretariat dispatched to the user's organisation, to acknowledge."""
    filtres = filtres_valides(
        SignalementPartenaireFilterSet(
            request.GET or None,
            queryset=services.signalements_orientes_vers(request.user.organisation)
            .select_related("commune")
            .order_by(F("prise_en_charge_le").desc(nulls_first=True), "-orientee_le", "-id"),
        )
    )
    page = Paginator(filtres.qs, PAR_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "commission/signalements/partenaire.html",
        {"filtres": filtres, "page": page, "parametres": _parametres_sans_page(request)},
    )


@autorise_si(est_partenaire)
@require_POST
def prendre_en_charge(request, pk):
    saisine = get_object_or_404(
        Saisine.objects.filter(orientee_vers=request.user.organisation), pk=pk
    )
    try:
        services.prendre_en_charge(saisine, par=request.user)
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
    else:
        messages.success(request, "Signalement pris en charge.")
    if request.POST.get("suivant") == "signalements":
        return redirect("commission:signalements_partenaire")
    return redirect("commission:espace_partenaire")
