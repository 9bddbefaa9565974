"""The secretariat's triage of referrals: queue, review, and the three decisions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from dossiers.consultations import journaliser_consultation
from dossiers.doublons import Recherche, candidats
from dossiers.forms.saisines import AcceptationForm, IrrecevableForm, MessageForm
from dossiers.models import Menage, Saisine
from dossiers.permissions import peut_gerer_dossiers
from dossiers.services import saisines as services
from partenaires.decorators import autorise_si


def _saisine(request, pk) -> Saisine:
    return get_object_or_404(
        Saisine.objects.pour_le_secretariat(request.user).select_related(
            "commune", "organisation", "menage", "bailleur_organisation"
        ),
        pk=pk,
    )


def _candidats(saisine: Saisine):
    return candidats(
        Recherche(
            departement_ids=[saisine.departement_id],
            nom=saisine.nom,
            date_naissance=saisine.date_naissance,
            adresse=saisine.adresse,
            commune_id=saisine.commune_id,
            numero_allocataire=saisine.numero_allocataire,
        )
    )


@autorise_si(peut_gerer_dossiers)
def file_de_tri(request):
    saisines = (
        Saisine.objects.pour_le_secretariat(request.user)
        .a_trier()
        .select_related("organisation", "commune")
    )
    return render(request, "dossiers/saisines/tri.html", {"saisines": saisines})


@autorise_si(peut_gerer_dossiers)
def saisine(request, pk, formulaires=None):
    objet = _saisine(request, pk)
    journaliser_consultation(request, objet="saisine", objet_id=objet.pk, menage=objet.menage)
    doublons = _candidats(objet) if objet.menage_id is None else []
    contexte = {
        "saisine": objet,
        "documents": objet.documents.all(),
        "messages_saisine": objet.messages.select_related("auteur"),
        "doublons": doublons,
        "form_complement": MessageForm(prefix="complement"),
        "form_irrecevable": IrrecevableForm(prefix="irrecevable"),
        "form_acceptation": AcceptationForm(prefix="acceptation", candidats=doublons),
        **(formulaires or {}),
    }
    return render(request, "dossiers/saisines/secretariat.html", contexte)


def _decision(request, pk, prefixe, form_class, agir, succes, **kwargs):
    objet = _saisine(request, pk)
    form = form_class(request.POST, prefix=prefixe, **kwargs)
    if form.is_valid():
        try:
            suite = agir(objet, form.cleaned_data)
        except ValidationError as erreur:
            # A model's error may name fields this small form does not have.
            form.add_error(None, erreur.messages)
        else:
            messages.success(request, succes)
            if isinstance(suite, HttpResponseBase):
                return suite
            return redirect("dossiers:saisine", pk=objet.pk)
    return saisine(request, pk, formulaires={f"form_{prefixe}": form})


@autorise_si(peut_gerer_dossiers)
@require_POST
def demander_complement(request, pk):
    return _decision(
        request,
        pk,
        "complement",
        MessageForm,
        lambda s, d: services.demander_complement(s, texte=d["texte"], par=request.user),
        "Demande de complément envoyée au partenaire.",
    )


@autorise_si(peut_gerer_dossiers)
@require_POST
def declarer_irrecevable(request, pk):
    return _decision(
        request,
        pk,
        "irrecevable",
        IrrecevableForm,
        lambda s, d: services.declarer_irrecevable(s, motif=d["motif"], par=request.user),
        "Saisine déclarée non recevable.",
    )


@autorise_si(peut_gerer_dossiers)
@require_POST
def accepter(request, pk):
    objet = _saisine(request, pk)

    def agir(saisine, donnees):
        menage = None
        if donnees["menage"] != "nouveau":
            menage = get_object_or_404(
                Menage.objects.visibles_par(request.user).actifs(), numero=donnees["menage"]
            )
        menage = services.accepter(saisine, par=request.user, menage=menage)
        return redirect("dossiers:menage", numero=menage.numero)

    return _decision(
        request,
        pk,
        "acceptation",
        AcceptationForm,
        agir,
        "Saisine recevable : elle est rattachée au dossier du ménage.",
        candidats=_candidats(objet),
    )
