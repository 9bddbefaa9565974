"""Import screen: upload → dry-run report row by row → confirmation → job → result."""

from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from dossiers.forms.imports import ColonnesForm, ImportForm, NouvelleCorrespondanceForm
from dossiers.imports.formats import FORMATS
from dossiers.imports.lecture import apercu, verifier_tableur
from dossiers.imports.service import lignes_du_rapport
from dossiers.models import CorrespondanceImport, ImportSignalements
from dossiers.permissions import peut_gerer_dossiers
from dossiers.services import imports as services
from partenaires.decorators import autorise_si
from partenaires.permissions import departements_du_secretariat

SEL_APERCU = "dossiers.imports.apercu"


def _imports(user):
    return ImportSignalements.objects.des_departements(
        departements_du_secretariat(user)
    ).select_related("simulation", "traitement", "cree_par")


@autorise_si(peut_gerer_dossiers)
@require_http_methods(["GET", "POST"])
def imports(request):
    form = ImportForm(
        request.POST or None,
        request.FILES or None,
        departement_ids=departements_du_secretariat(request.user),
    )
    if request.method == "POST" and form.is_valid():
        fichier = form.cleaned_data["fichier"]
        try:
            fichier_import = services.deposer(
                nom=fichier.name,
                contenu=fichier.read(),
                type=form.cleaned_data["type"],
                departement=request.user.organisation.departement,
                par=request.user,
                correspondance=form.cleaned_data["correspondance"],
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


# --- saved column mappings -------------------------------------------------------------------


@autorise_si(peut_gerer_dossiers)
def correspondances(request):
    liste = CorrespondanceImport.objects.des_departements(
        departements_du_secretariat(request.user)
    ).select_related("cree_par")
    return render(
        request, "dossiers/imports/correspondances.html", {"correspondances": list(liste)}
    )


@autorise_si(peut_gerer_dossiers)
@require_http_methods(["GET", "POST"])
def nouvelle_correspondance(request):
    """Map a new source's columns once: a sample file, the mapping with a preview of its first
    rows, then save. The sample's header and first rows travel signed in the form, never
    stored."""
    if request.method == "POST" and "apercu" in request.POST:
        return _colonnes(request)
    form = NouvelleCorrespondanceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            tableur = verifier_tableur(
                form.cleaned_data["fichier"].name, form.cleaned_data["fichier"].read()
            )
            entete, lignes = apercu(tableur.contenu, tableur.format)
        except ValidationError as erreur:
            form.add_error("fichier", erreur)
        else:
            etat = {"nom": form.cleaned_data["nom"], "type": form.cleaned_data["type"],
                    "entete": entete, "lignes": lignes}  # fmt: skip
            spec = FORMATS[etat["type"]]
            return _page_colonnes(request, etat, ColonnesForm(spec=spec, entete=entete))
    return render(request, "dossiers/imports/correspondance.html", {"form": form})


def _colonnes(request):
    try:
        etat = signing.loads(request.POST["apercu"], salt=SEL_APERCU, max_age=3600)
    except signing.BadSignature:
        messages.error(request, "L’aperçu a expiré : déposez à nouveau le fichier d’exemple.")
        return redirect("dossiers:nouvelle_correspondance")
    spec = FORMATS[etat["type"]]
    form = ColonnesForm(request.POST, spec=spec, entete=etat["entete"])
    if form.is_valid() and "enregistrer" in request.POST:
        correspondance = CorrespondanceImport(
            departement=request.user.organisation.departement,
            nom=etat["nom"],
            type=etat["type"],
            colonnes=form.cleaned_data,
        )
        try:
            services.enregistrer_correspondance(correspondance, par=request.user)
        except ValidationError as erreur:
            form.add_error(None, erreur)
        else:
            messages.success(request, f"Correspondance « {correspondance.nom} » enregistrée.")
            return redirect("dossiers:correspondances")
    return _page_colonnes(request, etat, form)


def _page_colonnes(request, etat, form):
    spec = FORMATS[etat["type"]]
    choisies = {}
    if form.is_bound and form.is_valid():
        choisies = {k: v for k, v in form.cleaned_data.items() if v}
    else:
        choisies = {c.nom: c.nom for c in spec.colonnes if c.nom in etat["entete"]}
    position = {nom: i for i, nom in enumerate(etat["entete"]) if nom}
    colonnes = [c for c in spec.colonnes if choisies.get(c.nom) in position]
    apercu_lignes = [
        [ligne[position[choisies[c.nom]]] if position[choisies[c.nom]] < len(ligne) else ""
         for c in colonnes]
        for ligne in etat["lignes"]
    ]  # fmt: skip
    return render(
        request,
        "dossiers/imports/colonnes.html",
        {
            "form": form,
            "etat": etat,
            "apercu": signing.dumps(etat, salt=SEL_APERCU),
            "colonnes": colonnes,
            "lignes": apercu_lignes,
        },
    )


@autorise_si(peut_gerer_dossiers)
@require_POST
def supprimer_correspondance(request, pk):
    correspondance = get_object_or_404(
        CorrespondanceImport.objects.des_departements(departements_du_secretariat(request.user)),
        pk=pk,
    )
    correspondance.delete()
    messages.success(request, "Correspondance supprimée ; les imports déjà faits restent.")
    return redirect("dossiers:correspondances")
