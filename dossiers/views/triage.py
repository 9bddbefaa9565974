"""The secretariat's triage of referrals: queue, review, and the three decisions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ccapex.parametres import filtres_valides, numero_de_page
from dossiers.consultations import journaliser_consultation
from dossiers.doublons import Recherche, candidats
from dossiers.enums import STATUTS_A_TRIER
from dossiers.filters_tri import SaisineTriFilterSet, ordre_de_la_file
from dossiers.forms.saisines import AcceptationForm, IrrecevableForm, MessageForm
from dossiers.models import Menage, Saisine
from dossiers.permissions import peut_gerer_dossiers
from dossiers.services import saisines as services
from partenaires.decorators import autorise_si
from partenaires.permissions import departements_du_secretariat


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


PAR_PAGE = 50


@autorise_si(peut_gerer_dossiers)
def file_de_tri(request):
    departements = departements_du_secretariat(request.user)
    base = Saisine.objects.pour_le_secretariat(request.user).select_related(
        "organisation", "commune"
    )
    filtres = filtres_valides(
        SaisineTriFilterSet(request.GET or None, queryset=base, departement_ids=departements)
    )
    page = Paginator(filtres.qs, PAR_PAGE).get_page(numero_de_page(request.GET.get("page")))
    parametres = request.GET.copy()
    parametres.pop("page", None)
    return render(
        request,
        "dossiers/saisines/tri.html",
        {
            "filtres": filtres,
            "saisines": page.object_list,
            "page": page,
            "parametres": parametres.urlencode(),
            "filtre_actif": any(v for k, v in request.GET.items() if k != "page"),
        },
    )


def _suivante(request, saisine: Saisine | None) -> Saisine | None:
    """The next referral of the default queue after `saisine` (the first one if it left it)."""
    file = list(
        ordre_de_la_file(
            Saisine.objects.pour_le_secretariat(request.user).filter(statut__in=STATUTS_A_TRIER)
        ).values_list("pk", flat=True)[:1000]
    )
    if saisine is not None and saisine.pk in file:
        rang = file.index(saisine.pk)
        suite = file[rang + 1 :]
    else:
        suite = file
    return Saisine.objects.filter(pk=suite[0]).first() if suite else None


@autorise_si(peut_gerer_dossiers)
def saisine(request, pk, formulaires=None):
    objet = _saisine(request, pk)
    journaliser_consultation(request, objet="saisine", objet_id=objet.pk, menage=objet.menage)
    doublons = _candidats(objet) if objet.menage_id is None else []
    contexte = {
        "saisine": objet,
        "suivante": _suivante(request, objet),
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
            if isinstance(suite, HttpResponseBase):
                if request.POST.get("suite") != "suivante":
                    messages.success(request, succes)
                return suite
            messages.success(request, succes)
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
        if request.POST.get("suite") == "suivante":
            # « Accepter et ouvrir la suivante »: the queue goes on without a detour.
            suivante = _suivante(request, None)
            messages.success(
                request,
                f"Saisine {saisine.numero} recevable, rattachée au dossier {menage.numero}.",
            )
            if suivante is None:
                messages.info(request, "Plus aucune saisine à trier.")
                return redirect("dossiers:file_de_tri")
            return redirect("dossiers:saisine", pk=suivante.pk)
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
