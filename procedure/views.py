"""The dated reference data of the law: read by every signed-in user, edited by the
administrator, with the history of each version."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from partenaires.decorators import autorise_si
from partenaires.permissions import departement_courant_id, peut_administrer

from . import services
from .enums import CleRegle
from .forms import RegleJuridiqueForm
from .models import RegleJuridique


def _departement_code(user) -> str:
    return user.organisation.departement.code if departement_courant_id(user) else ""


def _modifiables(user):
    """National versions, and those of the administrator's own département."""
    return RegleJuridique.objects.filter(
        Q(departement_code="") | Q(departement_code=_departement_code(user))
    )


def regles(request):
    versions = list(RegleJuridique.objects.all())
    par_cle = {cle: [] for cle in CleRegle.values}
    for version in versions:
        par_cle[version.cle].append(version)
    groupes = [(CleRegle(cle).label, liste) for cle, liste in par_cle.items() if liste]
    return render(
        request,
        "procedure/regles.html",
        {"groupes": groupes, "peut_modifier": peut_administrer(request.user)},
    )


def regle(request, pk):
    objet = get_object_or_404(RegleJuridique, pk=pk)
    return render(
        request,
        "procedure/regle.html",
        {
            "regle": objet,
            "version": objet.version(),
            "historique": objet.history.select_related("history_user")[:50],
            "peut_modifier": peut_administrer(request.user)
            and _modifiables(request.user).filter(pk=pk).exists(),
        },
    )


@autorise_si(peut_administrer)
@require_http_methods(["GET", "POST"])
def regle_form(request, pk=None):
    instance = get_object_or_404(_modifiables(request.user), pk=pk) if pk else None
    initial = {}
    if instance is None and request.GET.get("cle") in CleRegle.values:
        initial["cle"] = request.GET["cle"]
    form = RegleJuridiqueForm(
        request.POST or None,
        instance=instance,
        initial=initial,
        departement_code=_departement_code(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            objet = services.enregistrer_regle(form.save(commit=False), par=request.user)
        except ValidationError as erreur:
            form.add_error(None, erreur.messages)
        else:
            messages.success(request, f"Règle « {objet.get_cle_display()} » enregistrée.")
            return redirect("procedure:regle", pk=objet.pk)
    return render(request, "procedure/regle_form.html", {"form": form, "regle": instance})
