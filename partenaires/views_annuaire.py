"""The directory: search (everybody signed in), each organisation's entries (edited by its
members), reference types (administrator), the yearly campaign (secretariat)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from . import services_annuaire as services
from .decorators import autorise_si
from .forms_annuaire import (
    DispositifForm,
    RechercheAnnuaireForm,
    ReferentForm,
    TypeDispositifForm,
)
from .models import (
    CampagneAnnuaire,
    Commune,
    ConfirmationAnnuaire,
    Dispositif,
    Organisation,
    Referent,
    TypeDispositif,
)
from .permissions import (
    peut_administrer,
    peut_consulter_annuaire,
    peut_gerer_campagne_annuaire,
    peut_modifier_annuaire,
)
from .tasks import envoyer_campagne_annuaire

# Results shown per list; a wider search asks to be narrowed.
LIMITE = 100


def _departement(request):
    return request.user.organisation.departement


def _avec_territoire(queryset):
    return queryset.select_related("organisation").prefetch_related("communes", "epcis")


@autorise_si(peut_consulter_annuaire)
def annuaire(request):
    departement = _departement(request)
    form = RechercheAnnuaireForm(request.GET or None, departement=departement)
    referents = Referent.objects.visibles().filter(departement=departement)
    dispositifs = Dispositif.objects.visibles().filter(departement=departement)
    communes_trouvees = []
    recherche = bool(request.GET)
    if recherche and not form.is_valid():
        referents, dispositifs = referents.none(), dispositifs.none()
    elif recherche:
        texte = form.cleaned_data["commune"].strip()
        if texte:
            communes = Commune.objects.filter(departement=departement).filter(
                Q(nom__sans_accents__contains=texte) | Q(code_postal=texte) | Q(code_insee=texte)
            )
            communes_trouvees = list(communes[:11])
            referents, dispositifs = referents.couvrant(communes), dispositifs.couvrant(communes)
        if type_ := form.cleaned_data["type"]:
            referents = referents.filter(types=type_)
            dispositifs = dispositifs.filter(type=type_)
        if q := form.cleaned_data["q"].strip():
            referents = referents.filter(
                Q(nom__sans_accents__contains=q)
                | Q(fonction__sans_accents__contains=q)
                | Q(organisation__nom__sans_accents__contains=q)
            )
            dispositifs = dispositifs.filter(
                Q(nom__sans_accents__contains=q)
                | Q(organisation__nom__sans_accents__contains=q)
                | Q(type__libelle__sans_accents__contains=q)
            )
    dispositifs = list(
        _avec_territoire(dispositifs.select_related("type")).order_by("type__ordre", "nom")[
            : LIMITE + 1
        ]
    )
    referents = list(
        _avec_territoire(referents.prefetch_related("types")).order_by("nom")[: LIMITE + 1]
    )
    context = {
        "form": form,
        "recherche": recherche,
        "dispositifs": dispositifs[:LIMITE],
        "referents": referents[:LIMITE],
        "trop": len(dispositifs) > LIMITE or len(referents) > LIMITE,
        "communes_trouvees": communes_trouvees[:10],
        "autres_communes": len(communes_trouvees) > 10,
        "toutes_communes": Commune.objects.filter(departement=departement).values_list(
            "nom", flat=True
        ),
        "peut_gerer_campagne": peut_gerer_campagne_annuaire(request.user),
        "peut_administrer": peut_administrer(request.user),
    }
    return render(request, "partenaires/annuaire/recherche.html", context)


def _organisations(request):
    return Organisation.objects.actives().filter(departement=_departement(request))


@autorise_si(peut_consulter_annuaire)
def organisation(request, pk):
    organisation = get_object_or_404(_organisations(request), pk=pk)
    modifiable = peut_modifier_annuaire(request.user, organisation)
    context = {
        "organisation": organisation,
        "referents": _avec_territoire(organisation.referents.prefetch_related("types")),
        "dispositifs": _avec_territoire(organisation.dispositifs.select_related("type")),
        "modifiable": modifiable,
        "confirmation": services.confirmation_en_cours(organisation) if modifiable else None,
    }
    return render(request, "partenaires/annuaire/organisation.html", context)


@autorise_si(peut_consulter_annuaire)
def mon_organisation(request):
    return redirect("partenaires:annuaire_organisation", request.user.organisation.pk)


def _formulaire_entree(request, *, modele, form_class, organisation_pk=None, pk=None):
    if pk:
        entree = get_object_or_404(
            modele.objects.filter(organisation__in=_organisations(request)).select_related(
                "organisation"
            ),
            pk=pk,
        )
        organisation = entree.organisation
    else:
        entree = None
        organisation = get_object_or_404(_organisations(request), pk=organisation_pk)
    if not peut_modifier_annuaire(request.user, organisation):
        raise PermissionDenied
    form = form_class(request.POST or None, instance=entree, departement=organisation.departement)
    if request.method == "POST" and form.is_valid():
        objet = services.enregistrer_entree(form, organisation=organisation, par=request.user)
        messages.success(request, f"« {objet} » enregistré dans l’annuaire.")
        return redirect("partenaires:annuaire_organisation", organisation.pk)
    return render(
        request,
        "partenaires/annuaire/entree_form.html",
        {
            "form": form,
            "entree": entree,
            "organisation": organisation,
            "nature": modele._meta.verbose_name,
        },
    )


@autorise_si(peut_consulter_annuaire)
@require_http_methods(["GET", "POST"])
def referent_form(request, organisation_pk=None, pk=None):
    return _formulaire_entree(
        request, modele=Referent, form_class=ReferentForm, organisation_pk=organisation_pk, pk=pk
    )


@autorise_si(peut_consulter_annuaire)
@require_http_methods(["GET", "POST"])
def dispositif_form(request, organisation_pk=None, pk=None):
    return _formulaire_entree(
        request,
        modele=Dispositif,
        form_class=DispositifForm,
        organisation_pk=organisation_pk,
        pk=pk,
    )


def _supprimer(request, modele, pk):
    entree = get_object_or_404(
        modele.objects.filter(organisation__in=_organisations(request)), pk=pk
    )
    if not peut_modifier_annuaire(request.user, entree.organisation):
        raise PermissionDenied
    services.supprimer_entree(entree, par=request.user)
    messages.success(request, f"« {entree} » retiré de l’annuaire.")
    return redirect("partenaires:annuaire_organisation", entree.organisation_id)


@autorise_si(peut_consulter_annuaire)
@require_POST
def supprimer_referent(request, pk):
    return _supprimer(request, Referent, pk)


@autorise_si(peut_consulter_annuaire)
@require_POST
def supprimer_dispositif(request, pk):
    return _supprimer(request, Dispositif, pk)


@autorise_si(peut_consulter_annuaire)
@require_POST
def confirmer(request, pk):
    organisation = get_object_or_404(_organisations(request), pk=pk)
    if not peut_modifier_annuaire(request.user, organisation):
        raise PermissionDenied
    if services.confirmer(organisation=organisation, par=request.user) is None:
        messages.info(request, "Aucune campagne de confirmation n’est en cours.")
    else:
        messages.success(request, "Merci : les entrées de votre organisation sont confirmées.")
    return redirect("partenaires:annuaire_organisation", organisation.pk)


# --- Reference list of scheme types (administrator) -------------------------------------


def _types(request):
    return TypeDispositif.objects.filter(departement=_departement(request))


@autorise_si(peut_administrer)
def types_dispositif(request):
    return render(request, "partenaires/annuaire/types.html", {"types": _types(request)})


@autorise_si(peut_administrer)
@require_http_methods(["GET", "POST"])
def type_dispositif_form(request, pk=None):
    instance = get_object_or_404(_types(request), pk=pk) if pk else None
    form = TypeDispositifForm(
        request.POST or None, instance=instance, departement=_departement(request)
    )
    if request.method == "POST" and form.is_valid():
        objet = form.save()
        messages.success(request, f"Type « {objet.libelle} » enregistré.")
        return redirect("partenaires:annuaire_types")
    return render(request, "partenaires/annuaire/type_form.html", {"form": form, "type": instance})


@autorise_si(peut_administrer)
@require_POST
def types_dispositif_par_defaut(request):
    nombre = services.creer_types_par_defaut(departement=_departement(request), par=request.user)
    messages.success(
        request, f"{nombre} type{'s' if nombre > 1 else ''} ajouté{'s' if nombre > 1 else ''}."
    )
    return redirect("partenaires:annuaire_types")


# --- Yearly confirmation campaign (secretariat) -----------------------------------------


def _compte(modele):
    """Entries of the organisation, as a subquery (no join multiplying the rows)."""
    return Coalesce(
        Subquery(
            modele.objects.filter(organisation=OuterRef("organisation"))
            .values("organisation")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


@autorise_si(peut_gerer_campagne_annuaire)
def campagnes(request):
    liste = CampagneAnnuaire.objects.filter(departement=_departement(request)).annotate(
        nb=Count("confirmations"),
        nb_confirmees=Count("confirmations", filter=Q(confirmations__confirmee_le__isnull=False)),
        nb_en_attente=Count("confirmations", filter=Q(confirmations__confirmee_le__isnull=True)),
    )
    return render(
        request,
        "partenaires/annuaire/campagnes.html",
        {"campagnes": liste, "annee": timezone.localdate().year},
    )


@autorise_si(peut_gerer_campagne_annuaire)
@require_POST
def lancer_campagne(request):
    annee = timezone.localdate().year
    campagne = services.lancer_campagne(
        departement=_departement(request), annee=annee, par=request.user
    )
    envoyer_campagne_annuaire.delay_on_commit(campagne.pk)
    messages.success(request, f"Campagne {annee} lancée : chaque organisation reçoit un courriel.")
    return redirect("partenaires:annuaire_campagne", campagne.pk)


@autorise_si(peut_gerer_campagne_annuaire)
def campagne(request, pk):
    campagne = get_object_or_404(
        CampagneAnnuaire.objects.filter(departement=_departement(request)), pk=pk
    )
    confirmations = (
        ConfirmationAnnuaire.objects.filter(campagne=campagne)
        .select_related("organisation", "confirmee_par")
        .annotate(nb_referents=_compte(Referent), nb_dispositifs=_compte(Dispositif))
        .order_by(F("confirmee_le").asc(nulls_first=True), "organisation__nom")
    )
    confirmations = list(confirmations)
    confirmees = sum(1 for c in confirmations if c.confirmee_le)
    return render(
        request,
        "partenaires/annuaire/campagne.html",
        {
            "campagne": campagne,
            "confirmations": confirmations,
            "confirmees": confirmees,
            "en_attente": len(confirmations) - confirmees,
        },
    )
