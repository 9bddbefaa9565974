"""Decisions: the secretariat records, notifies, replaces and lifts them; the addressee
reads the decisions notified to it and acknowledges that it carried them out."""

from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from commission.enums import StatutDecision
from commission.forms.decisions import DecisionForm, LeverDecisionForm, TypeDecisionForm
from commission.forms.transferts import TransfertForm
from commission.models import TypeDecision
from commission.permissions import (
    decisions_visibles_par,
    peut_accuser_execution,
    peut_administrer_types_decision,
    peut_gerer_decisions,
)
from commission.services import decisions as services
from commission.services import orientation as services_orientation
from commission.services import transferts as services_transferts
from dossiers.views.menages import menage_visible
from partenaires.decorators import autorise_si
from partenaires.permissions import est_membre, est_partenaire

LIGNES = 300


def _decision(request, pk):
    return get_object_or_404(
        decisions_visibles_par(request.user).select_related(
            "menage",
            "saisine",
            "type",
            "seance__commission",
            "destinataire_organisation",
            "remplace",
            "prise_par",
        ),
        pk=pk,
    )


@autorise_si(peut_gerer_decisions)
def decisions(request):
    """The département's decisions, those waiting for notification first."""
    statut = request.GET.get("statut", "")
    liste = decisions_visibles_par(request.user).select_related(
        "menage", "saisine", "type", "destinataire_organisation", "seance"
    )
    if statut in StatutDecision.values:
        liste = liste.filter(statut=statut)
    elif statut:
        raise BadRequest("Ce statut de décision n’existe pas.")
    return render(
        request,
        "commission/decisions/liste.html",
        {
            "decisions": list(liste.order_by("notifiee_le", "-prise_le")[:LIGNES]),
            "statuts": StatutDecision.choices,
            "statut": statut,
            "lignes_max": LIGNES,
        },
    )


@autorise_si(peut_gerer_decisions)
@require_http_methods(["GET", "POST"])
def nouvelle_decision(request, numero):
    menage = menage_visible(request, numero)
    remplace = None
    if request.GET.get("remplace", "").isdigit():
        remplace = get_object_or_404(
            decisions_visibles_par(request.user).filter(menage=menage), pk=request.GET["remplace"]
        )
    initial = {}
    if remplace is not None:
        initial = {
            champ: getattr(remplace, champ)
            for champ in ("type", "destinataire_organisation", "base_legale", "date_fin")
        }
    form = DecisionForm(request.POST or None, menage=menage, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if remplace is not None:
                decision = services.remplacer(remplace, par=request.user, **form.cleaned_data)
            else:
                decision = services.prendre(menage=menage, par=request.user, **form.cleaned_data)
        except ValidationError as erreur:
            _erreurs_sur_le_formulaire(form, erreur)
        else:
            messages.success(request, "Décision enregistrée. Vérifiez-la puis notifiez-la.")
            return redirect("commission:decision", pk=decision.pk)
    return render(
        request,
        "commission/decisions/formulaire.html",
        {"form": form, "menage": menage, "remplace": remplace},
    )


def _erreurs_sur_le_formulaire(form, erreur: ValidationError) -> None:
    if hasattr(erreur, "error_dict"):
        for champ, liste in erreur.message_dict.items():
            form.add_error(champ if champ in form.fields else None, liste)
    else:
        form.add_error(None, erreur.messages)


@autorise_si(peut_gerer_decisions)
@require_http_methods(["GET", "POST"])
def corriger_decision(request, pk):
    decision = _decision(request, pk)
    if not decision.modifiable:
        messages.error(
            request,
            "Cette décision a été notifiée : elle ne se modifie plus. Prenez une nouvelle "
            "décision qui la remplace.",
        )
        return redirect("commission:decision", pk=decision.pk)
    form = DecisionForm(request.POST or None, instance=decision, menage=decision.menage)
    if request.method == "POST" and form.is_valid():
        champs = {nom: form.cleaned_data[nom] for nom in form.Meta.fields}
        try:
            services.corriger(decision, par=request.user, **champs)
        except ValidationError as erreur:
            _erreurs_sur_le_formulaire(form, erreur)
        else:
            messages.success(request, "Décision corrigée.")
            return redirect("commission:decision", pk=decision.pk)
    return render(
        request,
        "commission/decisions/formulaire.html",
        {"form": form, "menage": decision.menage, "decision": decision},
    )


def decision(request, pk):
    """The secretariat, or the addressee once notified (404 for anybody else)."""
    objet = _decision(request, pk)
    return render(
        request,
        "commission/decisions/decision.html",
        {
            "decision": objet,
            "notifications": list(
                objet.notifications.select_related("destinataire_organisation").order_by("pk")
            ),
            "traitement": services.traitement_de_la_decision(objet)
            if peut_gerer_decisions(request.user)
            else None,
            "gerer": peut_gerer_decisions(request.user),
            "remplacee_par": decisions_visibles_par(request.user).filter(remplace=objet).first(),
            "accuser": peut_accuser_execution(request.user, objet)
            and objet.statut == StatutDecision.NOTIFIEE,
            "form_lever": LeverDecisionForm(),
        },
    )


@autorise_si(peut_gerer_decisions)
@require_POST
def notifier_decision(request, pk):
    decision = _decision(request, pk)
    try:
        traitement = services.notifier(decision, par=request.user)
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
        return redirect("commission:decision", pk=decision.pk)
    messages.success(request, "La notification est en cours de rédaction.")
    return redirect("ccapex:traitement", pk=traitement.pk)


@autorise_si(peut_gerer_decisions)
@require_POST
def lever_decision(request, pk):
    decision = _decision(request, pk)
    form = LeverDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Indiquez le motif de la levée.")
        return redirect("commission:decision", pk=decision.pk)
    try:
        services.lever(decision, motif=form.cleaned_data["motif"], par=request.user)
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
    else:
        messages.success(request, "La décision est levée.")
    return redirect("commission:decision", pk=decision.pk)


def _destinataire(user) -> bool:
    return est_membre(user) or est_partenaire(user)


@autorise_si(_destinataire)
def decisions_recues(request):
    """The decisions notified to the user's organisation, to be carried out first."""
    liste = (
        decisions_visibles_par(request.user)
        .select_related("menage", "saisine", "type")
        .order_by("executee_le", "-notifiee_le")
    )
    return render(
        request,
        "commission/decisions/recues.html",
        {"decisions": list(liste[:LIGNES]), "lignes_max": LIGNES},
    )


@autorise_si(_destinataire)
@require_POST
def accuser_execution(request, pk):
    decision = _decision(request, pk)
    if not peut_accuser_execution(request.user, decision):
        return redirect("commission:decision", pk=decision.pk)
    try:
        fait = services_orientation.accuser_reception(decision, par=request.user)
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
    else:
        if fait:
            messages.success(request, "Merci : l’exécution de la décision est enregistrée.")
        else:
            messages.info(request, "L’exécution de cette décision était déjà enregistrée.")
    return redirect("commission:decisions_recues")


@autorise_si(peut_gerer_decisions)
@require_POST
def transferer_menage(request, numero):
    """Move the case between the central commission and a local one (dossier page form)."""
    menage = menage_visible(request, numero)
    form = TransfertForm(request.POST, menage=menage)
    if form.is_valid():
        try:
            transfert = services_transferts.transferer(
                menage, **form.cleaned_data, par=request.user
            )
        except ValidationError as erreur:
            messages.error(request, " ".join(erreur.messages))
        else:
            messages.success(request, f"Le dossier relève désormais de « {transfert.vers} ».")
    else:
        messages.error(request, " ".join(e for liste in form.errors.values() for e in liste))
    return redirect(reverse("dossiers:menage", args=[menage.numero]) + "#commission")


@autorise_si(peut_administrer_types_decision)
def types_decision(request):
    """The national kinds (read only) and the département's own (editable)."""
    types = TypeDecision.objects.du_departement(request.user.organisation.departement_id)
    return render(request, "commission/decisions/types.html", {"types": list(types)})


@autorise_si(peut_administrer_types_decision)
@require_http_methods(["GET", "POST"])
def type_decision_form(request, pk=None):
    departement = request.user.organisation.departement
    instance = (
        get_object_or_404(TypeDecision.objects.filter(departement=departement), pk=pk)
        if pk
        else None
    )
    form = TypeDecisionForm(request.POST or None, instance=instance, departement=departement)
    if request.method == "POST" and form.is_valid():
        objet = form.save()
        messages.success(request, f"Type de décision « {objet.libelle} » enregistré.")
        return redirect("commission:types_decision")
    return render(request, "commission/decisions/type_form.html", {"form": form, "type": instance})
