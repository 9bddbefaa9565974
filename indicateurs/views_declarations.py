"""Partners declare the figures they own; the secretariat sets the charter's targets."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from partenaires.decorators import autorise_si

from . import services
from .forms import DeclarationForm, ImportDeclarationsForm, ObjectifForm
from .models import DonneeDeclaree, ObjectifCharte
from .permissions import peut_declarer, peut_fixer_objectifs, peut_ouvrir_declarations
from .referentiel import declarables_pour


def _page_declarations(request, form, form_import, statut=200):
    organisation = request.user.organisation
    return render(
        request,
        "indicateurs/declarations.html",
        {
            "form": form,
            "form_import": form_import,
            "declarables": declarables_pour(organisation.type),
            "declarations": DonneeDeclaree.objects.filter(
                source_organisation=organisation
            ).select_related("saisie_par")[:200],
        },
        status=statut,
    )


@autorise_si(peut_ouvrir_declarations)
def declarations(request):
    organisation = request.user.organisation
    form = DeclarationForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and not peut_declarer(request.user):
        form.add_error(None, "Votre organisation n’a pas de donnée à déclarer.")
    elif request.method == "POST" and form.is_valid():
        try:
            services.declarer(organisation=organisation, par=request.user, **form.cleaned_data)
        except ValidationError as erreur:
            form.add_error(None, erreur)
        else:
            messages.success(request, "La donnée est enregistrée.")
            return redirect("indicateurs:declarations")
    statut = 400 if request.method == "POST" else 200
    return _page_declarations(request, form, ImportDeclarationsForm(), statut)


@require_POST
@autorise_si(peut_declarer)
def importer_declarations(request):
    organisation = request.user.organisation
    form_import = ImportDeclarationsForm(request.POST, request.FILES)
    if form_import.is_valid():
        try:
            nombre = services.importer_declarations(
                organisation=organisation,
                texte=form_import.cleaned_data["fichier"],
                par=request.user,
            )
        except ValidationError as erreur:
            form_import.add_error("fichier", erreur)
        else:
            messages.success(request, f"{nombre} donnée(s) importée(s).")
            return redirect("indicateurs:declarations")
    return _page_declarations(
        request, DeclarationForm(organisation=organisation), form_import, statut=400
    )


@autorise_si(peut_fixer_objectifs)
def objectifs(request):
    departement = request.user.organisation.departement
    form = ObjectifForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.fixer_objectif(departement=departement, par=request.user, **form.cleaned_data)
        messages.success(request, "L’objectif est enregistré.")
        return redirect("indicateurs:objectifs")
    return render(
        request,
        "indicateurs/objectifs.html",
        {"form": form, "objectifs": ObjectifCharte.objects.filter(departement=departement)},
        status=400 if request.method == "POST" else 200,
    )
