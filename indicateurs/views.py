from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from ccapex.telechargements import contenu_joint
from ccapex.traitements import lancer
from partenaires.decorators import autorise_si

from . import exports, queries
from . import parc as parcs
from .forms import FiltreForm
from .graphiques import graphique
from .permissions import peut_fixer_objectifs, peut_voir_indicateurs
from .tableaux import par_cle, sections, tableaux
from .tasks import TYPE_BILAN

FORMATS = {"csv", "xlsx"}


def _filtre(request):
    departement = request.user.organisation.departement
    form = FiltreForm(request.GET or None, departement=departement)
    annee, territoire, parc = form.valeurs()
    if territoire is None:
        raise Http404
    return form, annee, territoire, parc


def _suffixe(territoire, annee: int, parc: str) -> str:
    """File names say the territory, the year and the parc when restricted to one."""
    return f"{territoire.code}-{annee}" + (f"-{parc}" if parc else "")


@autorise_si(peut_voir_indicateurs)
def accueil(request):
    """The dashboard: every table of the balance with its chart, for a year and a territory.

    Small cells are not masked: the tables break down by category, arrondissement and EPCI,
    never list a household, and the pilotage role is a State service bound by secrecy; a
    commune chosen as territory may show counts below 5, which the CSV export shows too.
    """
    form, annee, territoire, parc = _filtre(request)
    bilan = queries.bilan(annee, territoire, parc)
    liste = tableaux(bilan)
    for tableau in liste:
        tableau.svg = graphique(tableau)
    return render(
        request,
        "indicateurs/accueil.html",
        {
            "form": form,
            "bilan": bilan,
            "sections": sections(liste),
            "parametres": urlencode({"annee": annee, "territoire": territoire.code, "parc": parc}),
            "peut_fixer_objectifs": peut_fixer_objectifs(request.user),
        },
    )


@autorise_si(peut_voir_indicateurs)
def export_tableau(request, cle, format):
    if format not in FORMATS:
        raise Http404
    _, annee, territoire, parc = _filtre(request)
    tableau = par_cle(tableaux(queries.bilan(annee, territoire, parc))).get(cle)
    if tableau is None:
        raise Http404
    contenu, type_mime = exports.tableau_en_fichier(tableau, format)
    nom = f"{cle}-{_suffixe(territoire, annee, parc)}.{format}"
    return contenu_joint(contenu, nom=nom, type_mime=type_mime)


@autorise_si(peut_voir_indicateurs)
def export_donnees(request, format):
    """The anonymised rows behind the balance (one line per referral), for analysts."""
    if format not in FORMATS:
        raise Http404
    _, annee, territoire, parc = _filtre(request)
    contenu, type_mime = exports.donnees_en_fichier(territoire, [annee], format, parc)
    nom = f"saisines-anonymisees-{_suffixe(territoire, annee, parc)}.{format}"
    return contenu_joint(contenu, nom=nom, type_mime=type_mime)


@require_POST
@autorise_si(peut_voir_indicateurs)
def generer_bilan(request):
    departement = request.user.organisation.departement
    form = FiltreForm(request.POST, departement=departement)
    if not form.is_valid():
        erreur = "Choisissez une année et un territoire du département."
        if request.htmx:
            return HttpResponse(format_html('<p class="fr-error-text">{}</p>', erreur))
        messages.error(request, erreur)
        return redirect("indicateurs:accueil")
    annee, territoire, parc = form.valeurs()
    libelle = f"Bilan annuel {annee} — {territoire.libelle}"
    if parc:
        libelle += f" — {parcs.LIBELLES[parc]}"
    traitement = lancer(
        TYPE_BILAN,
        libelle=libelle,
        departement=departement,
        par=request.user,
        parametres={"annee": annee, "territoire": territoire.code, "parc": parc},
    )
    if request.htmx:
        # The dashboard shows the job's state in place; the fragment polls until it ends.
        return render(request, "ccapex/includes/traitement.html", {"traitement": traitement})
    return redirect("ccapex:traitement", pk=traitement.pk)
