from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ccapex.telechargements import contenu_joint
from dossiers.traitements import lancer
from partenaires.decorators import autorise_si

from . import exports, queries
from .forms import FiltreForm
from .graphiques import graphique
from .permissions import peut_fixer_objectifs, peut_voir_indicateurs
from .tableaux import par_cle, sections, tableaux
from .tasks import TYPE_BILAN

FORMATS = {"csv", "xlsx"}


def _filtre(request):
    departement = request.user.organisation.departement
    form = FiltreForm(request.GET or None, departement=departement)
    annee, territoire = form.valeurs()
    if territoire is None:
        raise Http404
    return form, annee, territoire


@autorise_si(peut_voir_indicateurs)
def accueil(request):
    """The dashboard: every table of the balance with its chart, for a year and a territory.

    Small cells are not masked: the tables break down by category, arrondissement and EPCI,
    never list a household, and the pilotage role is a State service bound by secrecy; a
    commune chosen as territory may show counts below 5, which the CSV export shows too.
    """
    form, annee, territoire = _filtre(request)
    bilan = queries.bilan(annee, territoire)
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
            "parametres": f"annee={annee}&territoire={territoire.code}",
            "peut_fixer_objectifs": peut_fixer_objectifs(request.user),
        },
    )


@autorise_si(peut_voir_indicateurs)
def export_tableau(request, cle, format):
    if format not in FORMATS:
        raise Http404
    _, annee, territoire = _filtre(request)
    tableau = par_cle(tableaux(queries.bilan(annee, territoire))).get(cle)
    if tableau is None:
        raise Http404
    contenu, type_mime = exports.tableau_en_fichier(tableau, format)
    return contenu_joint(
        contenu, nom=f"{cle}-{territoire.code}-{annee}.{format}", type_mime=type_mime
    )


@autorise_si(peut_voir_indicateurs)
def export_donnees(request, format):
    """The anonymised rows behind the balance (one line per referral), for analysts."""
    if format not in FORMATS:
        raise Http404
    _, annee, territoire = _filtre(request)
    contenu, type_mime = exports.donnees_en_fichier(territoire, [annee], format)
    nom = f"saisines-anonymisees-{territoire.code}-{annee}.{format}"
    return contenu_joint(contenu, nom=nom, type_mime=type_mime)


@require_POST
@autorise_si(peut_voir_indicateurs)
def generer_bilan(request):
    departement = request.user.organisation.departement
    form = FiltreForm(request.POST, departement=departement)
    if not form.is_valid():
        messages.error(request, "Choisissez une année et un territoire du département.")
        return redirect("indicateurs:accueil")
    annee, territoire = form.valeurs()
    traitement = lancer(
        TYPE_BILAN,
        libelle=f"Bilan annuel {annee} — {territoire.libelle}",
        departement=departement,
        par=request.user,
        parametres={"annee": annee, "territoire": territoire.code},
    )
    return redirect("dossiers:traitement", pk=traitement.pk)
