"""A household's procedures: creation, edit, and the acts and debts added from the timeline.

The act and debt views answer htmx requests with the procedure's block only, so that the
agent stays on the dossier page; without htmx they redirect back to it.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ccapex.concurrence import ConflitDeVersion
from dossiers.enums import StatutMenage
from dossiers.models import Menage
from dossiers.permissions import peut_gerer_dossiers
from dossiers.services import menages as services
from dossiers.views.menages import _contexte_page, menage_visible, page_du_dossier
from partenaires.decorators import autorise_si
from procedure.forms import ActeForm, DetteForm, ProcedureForm
from procedure.models import ActeProcedure, Procedure
from procedure.services import ActeEnDouble


def _titulaire(request, menage):
    """The household holding a dossier's procedures now: the kept one, once merged, and only
    if the user may see it (archived since the merge, it is read through the archives)."""
    if menage.statut != StatutMenage.FUSIONNE:
        return menage
    garde = Menage.objects.visibles_par(request.user).filter(pk=menage.fusionne_dans_id).first()
    if garde is None:
        raise Http404
    return garde


def _procedure_du_menage(request, menage, pk) -> Procedure:
    # Looked up in the kept dossier after a merge: a form posted from a page loaded before
    # it reaches the service, which refuses it naming the kept dossier (a 404 lost the input).
    return get_object_or_404(Procedure.objects.filter(menages=_titulaire(request, menage)), pk=pk)


def _acte_du_menage(request, menage, pk) -> ActeProcedure:
    # As `_procedure_du_menage`: a correction posted after a merge gets the refusal.
    return get_object_or_404(
        ActeProcedure.objects.filter(procedure__menages=_titulaire(request, menage)), pk=pk
    )


def _bloc(request, menage, procedure_pk, **remplacements):
    """Render one procedure's block of the dossier page (htmx) with optional bound forms;
    for a merged dossier, the block as it stands in the kept one, with the refusal. Without
    JavaScript, the whole page around it: a redirect lost the agent's input and the field
    errors."""
    titulaire = _titulaire(request, menage)
    contexte = _contexte_page(request, titulaire)
    for bloc in contexte["procedures"]:
        if bloc["objet"].pk == procedure_pk:
            bloc.update(remplacements)
            if not request.htmx:
                return page_du_dossier(request, titulaire, contexte)
            return render(
                request,
                "dossiers/menages/includes/procedure_htmx.html",
                {**contexte, "bloc": bloc},
            )
    raise Http404


def _erreurs_dans(form, erreur: ValidationError):
    if hasattr(erreur, "error_dict"):
        for champ, liste in erreur.message_dict.items():
            form.add_error(champ if champ in form.fields else None, liste)
    else:
        form.add_error(None, erreur.messages)


@autorise_si(peut_gerer_dossiers)
@require_http_methods(["GET", "POST"])
def nouvelle_procedure(request, numero):
    menage = menage_visible(request, numero)
    form = ProcedureForm(
        request.POST or None,
        departement=menage.departement,
        initial={"adresse": menage.adresse, "commune": menage.commune_id},
    )
    if request.method == "POST" and form.is_valid():
        champs = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.creer_procedure_du_menage(menage, par=request.user, **champs)
        except ValidationError as erreur:
            _erreurs_dans(form, erreur)
        else:
            messages.success(request, "Procédure enregistrée : ajoutez ses actes dans la frise.")
            return redirect("dossiers:menage", numero=menage.numero)
    return render(request, "dossiers/menages/procedure_form.html", {"menage": menage, "form": form})


@autorise_si(peut_gerer_dossiers)
@require_http_methods(["GET", "POST"])
def modifier_procedure(request, numero, pk):
    menage = menage_visible(request, numero)
    procedure = _procedure_du_menage(request, menage, pk)
    form = ProcedureForm(request.POST or None, instance=procedure, departement=menage.departement)
    if request.method == "POST" and form.is_valid():
        champs = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.modifier_procedure(
                menage,
                Procedure.objects.get(pk=procedure.pk),
                par=request.user,
                version_lue=form.cleaned_data.get("version") or 0,
                **champs,
            )
        except ConflitDeVersion as conflit:
            form.add_error(None, conflit.message)
        except ValidationError as erreur:
            _erreurs_dans(form, erreur)
        else:
            messages.success(request, "Procédure enregistrée.")
            return redirect("dossiers:menage", numero=menage.numero)
    return render(
        request,
        "dossiers/menages/procedure_form.html",
        {"menage": menage, "form": form, "procedure": procedure},
    )


@autorise_si(peut_gerer_dossiers)
@require_GET
def formulaire_acte(request, numero, pk):
    """The act form for the type just chosen (htmx swaps it in place)."""
    menage = menage_visible(request, numero)
    procedure = _procedure_du_menage(request, menage, pk)
    prefixe = f"acte-{procedure.pk}"
    # What the agent already typed stays in the form redrawn for the new type.
    saisi = {
        cle.removeprefix(f"{prefixe}-"): valeur
        for cle, valeur in request.GET.items()
        if cle.startswith(f"{prefixe}-")
    }
    form = ActeForm(prefix=prefixe, initial=saisi)
    # The select that triggered the redraw keeps the keyboard focus (WCAG 2.4.3).
    form.fields["type"].widget.attrs["data-focus"] = ""
    return render(
        request,
        "dossiers/menages/includes/form_acte.html",
        {"menage": menage, "bloc": {"objet": procedure, "form_acte": form}},
    )


@autorise_si(peut_gerer_dossiers)
@require_POST
def ajouter_acte(request, numero, pk):
    menage = menage_visible(request, numero)
    procedure = _procedure_du_menage(request, menage, pk)
    form = ActeForm(request.POST, prefix=f"acte-{procedure.pk}")
    if form.is_valid():
        try:
            services.ajouter_acte(
                menage,
                procedure,
                par=request.user,
                montant_dette=form.cleaned_data.get("montant_dette"),
                doublon_accepte=form.doublon_accepte,
                **form.champs_du_modele(),
            )
        except ActeEnDouble as doublon:
            # Same type a few days apart: the form comes back asking to confirm.
            form.demander_confirmation()
            form.add_error(None, doublon.messages)
        except ValidationError as erreur:
            _erreurs_dans(form, erreur)
        else:
            if not request.htmx:
                messages.success(request, "Acte ajouté.")
                return redirect("dossiers:menage", numero=menage.numero)
            return _bloc(request, menage, procedure.pk, acte_ajoute=True)
    if not request.htmx:
        _annoncer_le_refus(request, "L’acte n’a pas été enregistré", form)
    return _bloc(request, menage, procedure.pk, form_acte=form)


@autorise_si(peut_gerer_dossiers)
@require_http_methods(["GET", "POST"])
def corriger_acte(request, numero, pk):
    menage = menage_visible(request, numero)
    acte = _acte_du_menage(request, menage, pk)
    form = ActeForm(request.POST or None, instance=acte)
    if request.method == "POST" and form.is_valid():
        try:
            services.corriger_acte(
                menage,
                ActeProcedure.objects.get(pk=acte.pk),
                par=request.user,
                version_lue=form.cleaned_data.get("version") or 0,
                **form.champs_du_modele(),
            )
        except ConflitDeVersion as conflit:
            form.add_error(None, conflit.message)
        except ValidationError as erreur:
            _erreurs_dans(form, erreur)
        else:
            messages.success(request, "Acte corrigé (l’ancienne version reste dans l’historique).")
            return redirect("dossiers:menage", numero=menage.numero)
    historique = acte.history.select_related("history_user")[:20]
    return render(
        request,
        "dossiers/menages/corriger_acte.html",
        {"menage": menage, "acte": acte, "form": form, "historique": historique},
    )


@autorise_si(peut_gerer_dossiers)
@require_POST
def supprimer_acte(request, numero, pk):
    menage = menage_visible(request, numero)
    acte = _acte_du_menage(request, menage, pk)
    try:
        services.supprimer_acte(menage, acte, par=request.user)
    except ValidationError as erreur:
        for message in erreur.messages:
            messages.error(request, message)
        return redirect("dossiers:corriger_acte", numero=menage.numero, pk=acte.pk)
    messages.success(request, "Acte supprimé (il reste dans l’historique).")
    return redirect("dossiers:menage", numero=menage.numero)


@autorise_si(peut_gerer_dossiers)
@require_POST
def ajouter_dette(request, numero, pk):
    menage = menage_visible(request, numero)
    procedure = _procedure_du_menage(request, menage, pk)
    form = DetteForm(request.POST, prefix=f"dette-{procedure.pk}")
    if form.is_valid():
        try:
            services.enregistrer_dette(menage, procedure, par=request.user, **form.cleaned_data)
        except ValidationError as erreur:
            _erreurs_dans(form, erreur)
        else:
            if not request.htmx:
                messages.success(request, "Montant de la dette enregistré.")
                return redirect("dossiers:menage", numero=menage.numero)
            return _bloc(request, menage, procedure.pk, dette_ajoutee=True)
    if not request.htmx:
        _annoncer_le_refus(request, "La dette n’a pas été enregistrée", form)
    return _bloc(request, menage, procedure.pk, form_dette=form)


def _annoncer_le_refus(request, quoi: str, form) -> None:
    """Without JavaScript the page reloads at its top: say there what was refused and why
    (the reason, such as a merged dossier, rather than always « vérifiez … »); the form
    further down keeps the input and the field errors."""
    raisons = form.non_field_errors() or ["vérifiez les champs signalés dans le formulaire."]
    messages.error(request, f"{quoi} : " + " ".join(raisons))
