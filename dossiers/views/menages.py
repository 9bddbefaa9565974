"""Household dossiers for the secretariat: list, search, export, creation, page, edit, merge."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from ccapex.concurrence import ConflitDeVersion
from ccapex.formats import euros
from ccapex.pagination import PaginateurPlafonne, ordre_total
from ccapex.parametres import filtres_valides, numero_de_page
from ccapex.rendus import memorise
from ccapex.telechargements import csv_en_flux
from dossiers.bandeau import alertes_uniques
from dossiers.bandeau import resume as resume_du_dossier
from dossiers.consultations import journaliser_consultation
from dossiers.doublons import Recherche, candidats
from dossiers.enums import StatutMenage
from dossiers.filters import MenageFilterSet
from dossiers.forms.menages import (
    CreationMenageForm,
    FusionForm,
    MembreFormSet,
    MenageForm,
    MesureFormSet,
    NoteForm,
    RessourceFormSet,
)
from dossiers.models import Menage, MenageProcedure
from dossiers.permissions import peut_gerer_dossiers
from dossiers.services import menages as services
from partenaires.decorators import autorise_si
from partenaires.permissions import departements_du_secretariat
from procedure.deadlines import prochaine_treve
from procedure.enums import Motif, Parc, Stade
from procedure.forms import ActeForm, DetteForm
from procedure.graphiques import graphique_dette
from procedure.models import ActeProcedure, RegleJuridique
from procedure.stades import stade_de

PAR_PAGE = 50
# What the CSV export reads, as named tuples rather than model instances: building a household
# and its commune for each row was half of the export's time (200 000 `Model.__init__` for
# 100 000 rows).
COLONNES_CSV = (
    "numero", "nom_reference", "prenom_reference", "adresse", "commune__nom", "stade", "motif",
    "parc", "prochaine_echeance", "prochaine_echeance_libelle", "dette", "statut",
)  # fmt: skip


def menage_visible(request, numero: str) -> Menage:
    """The household if the user may see it; merged duplicates point to the dossier kept."""
    # Not the dossier kept (`fusionne_dans`): joining a second household took this query
    # from 5.4 to 9 ms; the rare merged dossier reads it in one more query.
    menage = (
        Menage.objects.visibles_par(request.user)
        .select_related("commune", "departement", "service_social")
        .filter(numero=numero)
        .first()
    )
    if menage is None:
        raise Http404
    return menage


def filtrer(request):
    departements = departements_du_secretariat(request.user)
    base = Menage.objects.visibles_par(request.user).actifs().avec_resume()
    filtres = filtres_valides(
        MenageFilterSet(request.GET or None, queryset=base, departement_ids=departements)
    )
    queryset = filtres.qs if filtres.is_bound else base
    if not request.GET.get("tri"):
        queryset = queryset.order_by("prochaine_echeance", "-cree_le")
    # Ended by the id (`ordre_total`): the list's pages and the export then give equal keys
    # (households without a deadline) in the same order.
    return filtres, ordre_total(queryset)


@autorise_si(peut_gerer_dossiers)
def liste(request):
    filtres, queryset = filtrer(request)
    numero = numero_de_page(request.GET.get("page"))
    paginateur = PaginateurPlafonne(queryset, PAR_PAGE, numero_demande=numero or 1)
    page = paginateur.get_page(numero)
    contexte = {
        "filtres": filtres,
        "page": page,
        # Exact for a small result, else a lower bound shown as « plus de N ».
        "total": paginateur.minimum,
        "total_exact": paginateur.exact,
        "pages_comptees": paginateur.minimum // PAR_PAGE,
        "aujourd_hui": timezone.localdate(),
        "parametres": _parametres_sans_page(request),
    }
    if request.htmx:
        return render(request, "dossiers/menages/includes/resultats.html", contexte)
    contexte["formulaire_filtres"] = formulaire_filtres(request, filtres)
    return render(request, "dossiers/menages/liste.html", contexte)


def formulaire_filtres(request, filtres) -> str:
    """The filter form's HTML, rendered once for these départements and values (see
    `ccapex.rendus`): it depends on nothing else (no token, no user)."""
    # Only the form's own fields (one per filter): any other parameter would add an entry
    # for nothing. Read from the filters, not the form: building the form (a deep copy of
    # every field) cost 2 ms of the unfiltered list, which never needs it once memorised.
    champs = set(filtres.filters)
    valeurs = tuple(sorted((k, tuple(v)) for k, v in request.GET.lists() if k in champs))
    departements = tuple(sorted(departements_du_secretariat(request.user)))
    return memorise(("menages", departements, valeurs), lambda: filtres.form)


def _parametres_sans_page(request) -> str:
    parametres = request.GET.copy()
    parametres.pop("page", None)
    return parametres.urlencode()


ENTETES_CSV = [
    "Numéro", "Nom", "Prénom", "Adresse", "Commune", "Stade", "Motif", "Parc",
    "Prochaine échéance", "Nature de l’échéance", "Dette", "Statut",
]  # fmt: skip


@autorise_si(peut_gerer_dossiers)
def export_csv(request):
    """The filtered list as CSV (semicolons, UTF-8 with BOM: opens as is in a spreadsheet)."""
    filtres, queryset = filtrer(request)
    # The whole filtered list leaves the application: the access log keeps who took it,
    # and which subset (its filters, in the logged address).
    journaliser_consultation(
        request, objet="export_csv", objet_id="liste des ménages", filtres=filtres
    )
    stades = dict(Stade.choices)
    motifs, parcs, statuts = dict(Motif.choices), dict(Parc.choices), dict(StatutMenage.choices)

    lignes = (
        [
            m.numero,
            m.nom_reference or "",
            m.prenom_reference or "",
            m.adresse,
            m.commune__nom,
            stades.get(m.stade, ""),
            motifs.get(m.motif, ""),
            parcs.get(m.parc, ""),
            m.prochaine_echeance.strftime("%d/%m/%Y") if m.prochaine_echeance else "",
            m.prochaine_echeance_libelle or "",
            euros(m.dette) if m.dette is not None else "",
            statuts.get(m.statut, ""),
        ]
        for m in queryset.values_list(*COLONNES_CSV, named=True).iterator(chunk_size=2000)
    )
    return csv_en_flux(ENTETES_CSV, lignes, nom=f"menages-{timezone.localdate():%Y-%m-%d}.csv")


@autorise_si(peut_gerer_dossiers)
@require_http_methods(["GET", "POST"])
def creer(request):
    departement = request.user.organisation.departement
    form = CreationMenageForm(request.POST or None, departement=departement)
    doublons = []
    if request.method == "POST" and form.is_valid():
        donnees = dict(form.cleaned_data)
        doublons = candidats(
            Recherche(
                departement_ids=[departement.pk],
                nom=donnees["nom"],
                date_naissance=donnees["date_naissance"],
                adresse=donnees["adresse"],
                commune_id=donnees["commune"].pk,
                numero_allocataire=donnees["numero_allocataire"],
            )
        )
        if not doublons or donnees.pop("creer_malgre_doublons"):
            donnees.pop("creer_malgre_doublons", None)
            membre = {
                "nom": donnees.pop("nom"),
                "prenom": donnees.pop("prenom"),
                "date_naissance": donnees.pop("date_naissance"),
                "lien": "demandeur",
            }
            donnees.pop("version", None)
            menage = services.creer_menage(
                departement=departement, par=request.user, membres=[membre], **donnees
            )
            messages.success(request, f"Dossier {menage.numero} créé.")
            return redirect("dossiers:menage", numero=menage.numero)
    return render(request, "dossiers/menages/creer.html", {"form": form, "doublons": doublons})


def _contexte_page(request, menage: Menage) -> dict:
    """Everything the dossier page shows, in a number of queries that does not grow."""
    aujourd_hui = timezone.localdate()
    liens = (
        MenageProcedure.objects.filter(menage=menage)
        .select_related("procedure__commune", "procedure__bailleur_organisation")
        .prefetch_related(
            Prefetch("procedure__actes", queryset=ActeProcedure.objects.chronologiques()),
            "procedure__dettes",
        )
        # The id breaks a tie as the stored summary does (`resume`): the procedures an
        # import creates in one chunk share its clock read.
        .order_by("-procedure__cree_le", "-procedure__id")
    )
    # The law's dated reference data, read once: an administrator's correction shows at once.
    regles = RegleJuridique.objects.referentiel(departement_code=menage.departement.code)
    procedures = []
    for lien in liens:
        procedure = lien.procedure
        actes = list(procedure.actes.all())
        echeances = procedure.echeances(aujourd_hui, regles)
        stade = stade_de(actes)
        procedures.append(
            {
                "objet": procedure,
                "stade": stade,
                "stade_libelle": Stade(stade).label,
                "actes": actes,
                "frise": _frise(actes, echeances),
                "echeances_ouvertes": [e for e in echeances if e.ouverte],
                "alertes": alertes_uniques(e for e in echeances if e.ouverte),
                "fin_cdp": procedure.fin_du_cdp(regles),
                "expulsion_au_plus_tot": procedure.expulsion_au_plus_tot(regles),
                "date_impaye": procedure.date_impaye(regles),
                "dettes": list(procedure.dettes.all()),
                "graphique": graphique_dette(procedure.dettes.all()),
                "form_acte": ActeForm.vierge(prefix=f"acte-{procedure.pk}"),
                "form_dette": DetteForm.vierge(prefix=f"dette-{procedure.pk}"),
            }
        )
    # Through the reverse relation: examinations belong to the commission app, above us.
    examens = (
        menage.examens.select_related("seance__commission", "bilan")
        .prefetch_related("preconisations__type", "preconisations__destinataire_organisation")
        .order_by("-seance__date")
    )
    debut_treve, fin_treve = prochaine_treve(aujourd_hui, regles)
    courriers = list(menage.courriers.select_related("destinataire_organisation", "seance"))
    saisines = list(menage.saisines.select_related("organisation").order_by("-soumise_le"))
    return {
        "resume": resume_du_dossier(procedures, saisines, aujourd_hui),
        "form_note": NoteForm.vierge(),
        "menage": menage,
        "aujourd_hui": aujourd_hui,
        "membres": list(menage.membres.all()),
        "ressources": list(menage.ressources.select_related("beneficiaire")),
        "mesures": list(menage.mesures.select_related("operateur")),
        "procedures": procedures,
        "saisines": saisines,
        "examens": list(examens),
        "decisions": list(
            menage.decisions.select_related("type", "destinataire_organisation", "seance")
        ),
        "courriers": courriers,
        # Older versions of a letter: no "regenerate" button on them.
        "courriers_remplaces": {c.remplace_id for c in courriers if c.remplace_id},
        "documents": list(menage.documents.all()),
        "journal": list(menage.journal.select_related("auteur")[:100]),
        "treve": {"debut": debut_treve, "fin": fin_treve, "en_cours": debut_treve <= aujourd_hui},
    }


def _frise(actes, echeances):
    """Acts and deadlines in one chronology (deadlines without a date stay apart)."""
    elements = [{"nature": "acte", "date": a.date, "objet": a} for a in actes]
    elements += [
        {"nature": "echeance", "date": e.date, "objet": e}
        for e in echeances
        if e.date is not None and e.ouverte
    ]
    return sorted(elements, key=lambda e: (e["date"], e["nature"] == "echeance"))


@autorise_si(peut_gerer_dossiers)
def menage(request, numero):
    objet = menage_visible(request, numero)
    if objet.statut == StatutMenage.FUSIONNE:
        messages.info(request, f"Le dossier {objet.numero} a été fusionné dans celui-ci.")
        return redirect("dossiers:menage", numero=objet.fusionne_dans.numero)
    return page_du_dossier(request, objet, _contexte_page(request, objet))


def page_du_dossier(request, objet, contexte: dict):
    """The dossier page, its reading logged: shown by its own address, or around a form
    refused without JavaScript (`views.procedures._bloc`)."""
    journaliser_consultation(request, objet="menage", objet_id=objet.numero, menage=objet)
    return render(request, "dossiers/menages/menage.html", contexte)


@autorise_si(peut_gerer_dossiers)
@require_http_methods(["GET", "POST"])
def modifier(request, numero):
    objet = menage_visible(request, numero)
    if objet.statut == StatutMenage.FUSIONNE and request.method == "GET":
        messages.info(request, f"Le dossier {objet.numero} a été fusionné dans celui-ci.")
        return redirect("dossiers:menage", numero=objet.fusionne_dans.numero)
    donnees = request.POST or None
    form = MenageForm(donnees, instance=objet, departement=objet.departement)
    formsets = [
        MembreFormSet(donnees, instance=objet, prefix="membres"),
        RessourceFormSet(donnees, instance=objet, prefix="ressources"),
        MesureFormSet(donnees, instance=objet, prefix="mesures"),
    ]
    if request.method == "POST":
        try:
            # Posted from a page loaded before a merge: the form comes back with the agent's
            # input and the reason (a 404 lost the edit without a word). Checked before the
            # formsets, whose rows moved to the kept dossier and no longer validate here.
            services.refuser_si_fusionne(objet)
        except ValidationError as erreur:
            form.add_error(None, erreur)
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for f in formsets):
        champs = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            # Validated against the version the agent loaded, not the one in memory.
            version_lue = form.cleaned_data.get("version") or 0
            objet = Menage.objects.get(pk=objet.pk)
            services.modifier_menage(
                objet, par=request.user, version_lue=version_lue, champs=champs, formsets=formsets
            )
        except ConflitDeVersion as conflit:
            form.add_error(None, conflit.message)
        except ValidationError as erreur:
            form.add_error(None, erreur)
        else:
            messages.success(request, "Dossier enregistré.")
            return redirect("dossiers:menage", numero=objet.numero)
    return render(
        request,
        "dossiers/menages/modifier.html",
        {"menage": objet, "form": form, "formsets": formsets},
    )


@autorise_si(peut_gerer_dossiers)
@require_http_methods(["GET", "POST"])
def fusionner(request, numero, doublon):
    garde = menage_visible(request, numero)
    absorbe = menage_visible(request, doublon)
    form = FusionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.fusionner(garde, absorbe, par=request.user)
        except ValidationError as erreur:
            form.add_error(None, erreur)
        else:
            messages.success(
                request, f"Le dossier {absorbe.numero} est fusionné dans {garde.numero}."
            )
            return redirect("dossiers:menage", numero=garde.numero)
    return render(
        request,
        "dossiers/menages/fusionner.html",
        {"garde": garde, "absorbe": absorbe, "form": form},
    )


@autorise_si(peut_gerer_dossiers)
def doublons(request, numero):
    """Candidates for a known dossier (same name and birth date, address, CAF number)."""
    objet = menage_visible(request, numero)
    premier = objet.membres.first()
    trouves = candidats(
        Recherche(
            departement_ids=[objet.departement_id],
            nom=premier.nom if premier else "",
            date_naissance=premier.date_naissance if premier else None,
            adresse=objet.adresse,
            commune_id=objet.commune_id,
            numero_allocataire=objet.numero_allocataire,
            exclure_id=objet.pk,
        )
    )
    return render(request, "dossiers/menages/doublons.html", {"menage": objet, "doublons": trouves})


@autorise_si(peut_gerer_dossiers)
@require_POST
def ecrire_note(request, numero):
    """A note on the dossier's journal; with htmx, the note block and the journal redrawn."""
    objet = menage_visible(request, numero)
    # A merged dossier too: a page loaded before the merge gets the service's refusal, which
    # names the kept dossier, with its text kept in the form (a 404 lost it, unexplained).
    form = NoteForm(request.POST)
    ecrite = False
    if form.is_valid():
        try:
            services.ecrire_note(objet, texte=form.cleaned_data["texte"], par=request.user)
        except ValidationError as erreur:
            form.add_error("texte", erreur)
        else:
            ecrite = True
    if not request.htmx:
        if ecrite:
            messages.success(request, "Note enregistrée.")
        else:
            # The reason (empty, too long, dossier merged), not always « écrivez son texte ».
            raisons = [e for liste in form.errors.values() for e in liste]
            messages.error(
                request,
                "La note n’a pas été enregistrée : " + " ".join(raisons or ["écrivez son texte."]),
            )
        return redirect(f"{reverse('dossiers:menage', args=[objet.numero])}#journal")
    return render(
        request,
        "dossiers/menages/includes/note_htmx.html",
        {
            "menage": objet,
            "form_note": NoteForm.vierge() if ecrite else form,
            "note_ecrite": ecrite,
            "journal": list(objet.journal.select_related("auteur")[:100]),
        },
    )
