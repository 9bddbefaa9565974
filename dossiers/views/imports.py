"""Import screen: upload → dry-run report row by row → confirmation → job → result."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from dossiers.forms.imports import ImportForm
from dossiers.imports.formats import FORMATS
from dossiers.imports.service import lignes_du_rapport
from dossiers.models import ImportSignalements
from dossiers.permissions import peut_gerer_dossiers
from dossiers.services import imports as services
from partenaires.decorators import autorise_si
from partenaires.permissions import departements_du_secretariat


def _imports(user):
    return ImportSignalements.objects.des_departements(
        departements_du_secretariat(user)
    ).select_related("simulation", "traitement", "cree_par")


@autorise_si(peut_gerer_dossiers)
@require_http_methods(["GET", "POST"])
def imports(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        fichier = form.cleaned_data["fichier"]
        try:
            fichier_import = services.deposer(
                nom=fichier.name,
                contenu=fichier.read(),
                type=form.cleaned_data["type"],
                departement=request.user.organisation.departement,
                par=request.user,
            )
        except ValidationError as erreur:
            form.add_error("fichier", erreur)
        else:
            return redirect("dossiers:import_signalements", pk=fichier_import.pk)
    return render(
        request,
        "dossiers/imports/imports.html",
        {"form": form, "imports": _imports(request.user)[:20], "formats": FORMATS.values()},
    )


def _etat(fichier_import, traitement) -> dict | None:
    if traitement is None:
        return None
    donnees = traitement.resultat or {}
    return {
        "traitement": traitement,
        "compteurs": donnees.get("compteurs"),
        "lignes": list(lignes_du_rapport(donnees))[:1000],
        "tronque": donnees.get("tronque") or len(donnees.get("lignes", [])) > 1000,
    }


@autorise_si(peut_gerer_dossiers)
def import_signalements(request, pk):
    """The dry run, then the import; htmx polls the state block while a job runs."""
    fichier_import = get_object_or_404(_imports(request.user), pk=pk)
    simulation = _etat(fichier_import, fichier_import.simulation)
    execution = _etat(fichier_import, fichier_import.traitement)
    contexte = {
        "import": fichier_import,
        "simulation": simulation,
        "execution": execution,
        "rapport": execution if execution and execution["lignes"] else simulation,
    }
    if request.htmx:
        return render(request, "dossiers/imports/includes/etat.html", contexte)
    return render(request, "dossiers/imports/import.html", contexte)


@autorise_si(peut_gerer_dossiers)
@require_POST
def confirmer_import(request, pk):
    fichier_import = get_object_or_404(_imports(request.user), pk=pk)
    deja = fichier_import.traitement_id is not None
    try:
        services.confirmer(fichier_import, par=request.user)
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
    else:
        if deja:
            messages.info(request, "Cet import a déjà été lancé.")
        else:
            messages.success(request, "Import lancé.")
    return redirect("dossiers:import_signalements", pk=fichier_import.pk)
