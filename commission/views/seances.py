"""The secretariat's screens of the commission: commissions and members, sessions and presence,
the agenda (candidates, order, publication), the session sheet, and the administrator's list
of recommendation types."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from ccapex.concurrence import ConflitDeVersion
from ccapex.telechargements import fichier_joint
from commission.competence import avec_commission_en_charge
from commission.enums import StatutSeance
from commission.forms.seances import (
    CommissionForm,
    ExamenForm,
    MembreForm,
    PreconisationForm,
    RepresentantsForm,
    SeanceForm,
    TypePreconisationForm,
)
from commission.models import (
    Commission,
    Examen,
    MembreCommission,
    Preconisation,
    Seance,
    TypePreconisation,
)
from commission.permissions import (
    peut_administrer_types_preconisation,
    peut_gerer_seances,
    peut_telecharger_ordre_du_jour,
    seances_visibles_par,
)
from commission.services import seances as services
from dossiers.consultations import journaliser_consultation
from dossiers.models import Menage, Saisine
from partenaires.decorators import autorise_si
from partenaires.models import Organisation
from partenaires.permissions import departements_du_secretariat

# --- Commissions ------


def _commissions(request):
    return Commission.objects.des_departements(departements_du_secretariat(request.user))


def _commission(request, pk) -> Commission:
    return get_object_or_404(_commissions(request), pk=pk)


@autorise_si(peut_gerer_seances)
def commissions(request):
    membres = MembreCommission.objects.select_related("organisation").prefetch_related(
        "representants"
    )
    liste = (
        _commissions(request)
        .select_related("arrondissement", "epci")
        .prefetch_related(Prefetch("membres", queryset=membres.order_by("organisation__nom")))
    )
    return render(request, "commission/seances/commissions.html", {"commissions": liste})


@autorise_si(peut_gerer_seances)
@require_http_methods(["GET", "POST"])
def commission_form(request, pk=None):
    instance = _commission(request, pk) if pk else None
    departement = instance.departement if instance else request.user.organisation.departement
    form = CommissionForm(request.POST or None, instance=instance, departement=departement)
    if request.method == "POST" and form.is_valid():
        commission = form.save()
        messages.success(request, f"Commission « {commission.nom} » enregistrée.")
        return redirect("commission:commission", pk=commission.pk)
    return render(
        request, "commission/seances/commission_form.html", {"form": form, "commission": instance}
    )


@autorise_si(peut_gerer_seances)
@require_http_methods(["GET", "POST"])
def commission(request, pk):
    objet = _commission(request, pk)
    form = MembreForm(request.POST or None, commission=objet)
    if request.method == "POST" and form.is_valid():
        try:
            membre = services.ajouter_membre(
                commission=objet, par=request.user, **form.cleaned_data
            )
        except ValidationError as erreur:
            form.add_error(None, erreur)
        else:
            messages.success(request, f"{membre.organisation} siège désormais dans la commission.")
            return redirect("commission:commission", pk=objet.pk)
    membres = list(
        objet.membres.select_related("organisation")
        .prefetch_related("representants")
        .order_by("organisation__nom")
    )
    for membre in membres:
        membre.form = RepresentantsForm(
            membre=membre, initial={"representants": list(membre.representants.all())}
        )
    return render(
        request,
        "commission/seances/commission.html",
        {"commission": objet, "membres": membres, "form": form},
    )


def _membre(request, pk) -> MembreCommission:
    return get_object_or_404(
        MembreCommission.objects.des_departements(
            departements_du_secretariat(request.user)
        ).select_related("organisation", "commission"),
        pk=pk,
    )


@autorise_si(peut_gerer_seances)
@require_POST
def representants_membre(request, pk):
    membre = _membre(request, pk)
    form = RepresentantsForm(request.POST, membre=membre)
    if form.is_valid():
        services.modifier_representants(
            membre=membre, representants=form.cleaned_data["representants"], par=request.user
        )
        messages.success(request, f"Représentants de {membre.organisation} enregistrés.")
    else:
        messages.error(request, "Un représentant choisi n’est pas de cette organisation.")
    return redirect("commission:commission", pk=membre.commission_id)


@autorise_si(peut_gerer_seances)
@require_POST
def retirer_membre(request, pk):
    membre = _membre(request, pk)
    services.retirer_membre(membre=membre, par=request.user)
    messages.success(request, f"{membre.organisation} ne siège plus dans la commission.")
    return redirect("commission:commission", pk=membre.commission_id)


# --- Sessions ------


def _seances(request):
    return Seance.objects.des_departements(departements_du_secretariat(request.user))


def _seance(request, pk) -> Seance:
    return get_object_or_404(_seances(request).select_related("commission"), pk=pk)


@autorise_si(peut_gerer_seances)
def seances(request):
    base = (
        _seances(request)
        .select_related("commission")
        .annotate(
            nb_examens=Count("examens", distinct=True),
            nb_invites=Count(
                "participations", filter=Q(participations__invite=True), distinct=True
            ),
            nb_presents=Count(
                "participations", filter=Q(participations__present=True), distinct=True
            ),
        )
    )
    return render(
        request,
        "commission/seances/seances.html",
        {"a_venir": base.a_venir(), "passees": base.passees()[:50]},
    )


@autorise_si(peut_gerer_seances)
@require_http_methods(["GET", "POST"])
def seance_form(request, pk=None):
    instance = _seance(request, pk) if pk else None
    initial = {}
    if instance:
        initial = {
            "date": timezone.localtime(instance.date),
            "lieu": instance.lieu,
            "type": instance.type,
        }
    form = SeanceForm(
        request.POST or None,
        initial=initial,
        departement_ids=departements_du_secretariat(request.user),
        modification=instance is not None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            if instance:
                seance = services.modifier_seance(
                    seance=instance, par=request.user, **form.cleaned_data
                )
            else:
                seance = services.creer_seance(par=request.user, **form.cleaned_data)
        except ValidationError as erreur:
            form.add_error(None, erreur)
        else:
            messages.success(request, "Séance enregistrée.")
            return redirect("commission:seance", pk=seance.pk)
    return render(
        request, "commission/seances/seance_form.html", {"form": form, "seance": instance}
    )


def _participations(seance):
    return seance.participations.select_related("organisation", "utilisateur").order_by(
        "organisation__nom"
    )


def _organisations_de_seance(seance):
    """Member organisations of the commission, with the ones already listed for the session."""
    return Organisation.objects.filter(
        Q(pk__in=seance.commission.membres.values("organisation_id"))
        | Q(pk__in=seance.participations.values("organisation_id"))
    ).order_by("nom")


@autorise_si(peut_gerer_seances)
def seance(request, pk):
    objet = _seance(request, pk)
    participations = {p.organisation_id: p for p in _participations(objet)}
    lignes = [
        {"organisation": o, "participation": participations.get(o.pk)}
        for o in _organisations_de_seance(objet)
    ]
    from ccapex.models import Traitement

    publication = Traitement.objects.filter(
        type=services.TYPE_TRAITEMENT, parametres__seance_id=objet.pk
    ).first()
    return render(
        request,
        "commission/seances/seance.html",
        {
            "seance": objet,
            "participations": lignes,
            "ordre_du_jour": services.lignes_ordre_du_jour(objet),
            "publication": publication,
        },
    )


@autorise_si(peut_gerer_seances)
@require_POST
def participations(request, pk):
    objet = _seance(request, pk)
    try:
        invites = {int(v) for v in request.POST.getlist("invites")}
        presents = {int(v) for v in request.POST.getlist("presents")}
        services.enregistrer_participations(
            seance=objet, invites=invites, presents=presents, par=request.user
        )
    except (ValueError, ValidationError) as erreur:
        messages.error(request, getattr(erreur, "message", "Choix d’organisation invalide."))
    else:
        messages.success(request, "Invitations et présences enregistrées.")
    return redirect("commission:seance", pk=objet.pk)


# --- Agenda ------


def de_la_commission(candidats, seance):
    return avec_commission_en_charge(candidats).filter(commission_en_charge_id=seance.commission_id)


def _contexte_ordre_du_jour(seance) -> dict:
    return {
        "seance": seance,
        "ordre_du_jour": services.lignes_ordre_du_jour(seance),
        # Suggested: the cases the session's commission is in charge of (see competence.py).
        "saisines": de_la_commission(services.saisines_candidates(seance), seance)[:100],
        "reexamens": de_la_commission(services.reexamens_candidats(seance), seance)[:100],
        "bilans": de_la_commission(services.bilans_candidats(seance), seance)[:100],
        "focus": "",
    }


def _reponse_ordre_du_jour(request, seance, focus=""):
    """The fragment for htmx (`focus`: id of the button to keep the keyboard focus on)."""
    if request.htmx:
        return render(
            request,
            "commission/seances/includes/ordre_du_jour.html",
            {**_contexte_ordre_du_jour(seance), "focus": focus},
        )
    return redirect("commission:ordre_du_jour", pk=seance.pk)


@autorise_si(peut_gerer_seances)
def ordre_du_jour(request, pk):
    objet = _seance(request, pk)
    return render(request, "commission/seances/ordre_du_jour.html", _contexte_ordre_du_jour(objet))


@autorise_si(peut_gerer_seances)
@require_POST
def inscrire(request, pk):
    objet = _seance(request, pk)
    departements = departements_du_secretariat(request.user)
    try:
        if request.POST.get("saisine", "").isdigit():
            saisine = get_object_or_404(
                Saisine.objects.des_departements(departements), pk=request.POST["saisine"]
            )
            examen = services.inscrire(seance=objet, saisine=saisine, par=request.user)
        elif request.POST.get("examen", "").isdigit():
            precedent = get_object_or_404(
                Examen.objects.des_departements(departements), pk=request.POST["examen"]
            )
            examen = services.inscrire(
                seance=objet,
                examen_precedent=precedent,
                nature=request.POST.get("nature"),
                par=request.user,
            )
        else:
            raise ValidationError("Choisissez une situation à inscrire.")
    except ValidationError as erreur:
        messages.error(request, erreur.message)
        return _reponse_ordre_du_jour(request, objet, focus="messages")
    if request.htmx:
        messages.success(
            request, f"Dossier {examen.menage.numero} inscrit en position {examen.ordre}."
        )
    # The new row of the agenda takes the focus.
    return _reponse_ordre_du_jour(request, objet, focus=f"inscrit-{examen.pk}")


@autorise_si(peut_gerer_seances)
@require_POST
def inscrire_menage(request, numero):
    """Put a household on a coming session's agenda from its dossier page (htmx: the block is
    redrawn with its result, and the summary's "next session" tile out of band)."""
    menage = get_object_or_404(
        Menage.objects.visibles_par(request.user).actifs().select_related("commune"),
        numero=numero,
    )
    resultat = erreur = ""
    examen = None
    try:
        if not request.POST.get("seance", "").isdigit():
            raise ValidationError("Choisissez une séance.")
        seance = _seances(request).select_related("commission").filter(pk=request.POST["seance"])
        seance = seance.first()
        if seance is None:
            raise ValidationError("Cette séance n’existe pas ou n’est pas de votre département.")
        examen = services.inscrire_menage(seance=seance, menage=menage, par=request.user)
    except ValidationError as exception:
        erreur = " ".join(exception.messages)
    else:
        date = timezone.localtime(seance.date)
        resultat = (
            f"{examen.get_nature_display()} inscrit à l’ordre du jour de la séance du "
            f"{date:%d/%m/%Y} (position {examen.ordre})."
        )
    if not request.htmx:
        if erreur:
            messages.error(request, erreur)
        else:
            messages.success(request, resultat)
        return redirect("dossiers:menage", numero=menage.numero)
    examens = list(menage.examens.select_related("seance").prefetch_related("preconisations"))
    decisions = list(menage.decisions.select_related("type"))
    return render(
        request,
        "commission/includes/inscription_menage_htmx.html",
        {
            "menage": menage,
            "examens": examens,
            "decisions": decisions,
            "aujourd_hui": timezone.localdate(),
            "resultat": resultat,
            "erreur": erreur,
            "examen": examen,
        },
    )


def _examen(request, pk) -> Examen:
    return get_object_or_404(
        Examen.objects.des_departements(departements_du_secretariat(request.user)).select_related(
            "seance__commission", "menage"
        ),
        pk=pk,
    )


@autorise_si(peut_gerer_seances)
@require_POST
def retirer_examen(request, pk):
    examen = _examen(request, pk)
    try:
        services.retirer(examen=examen, par=request.user)
    except ValidationError as erreur:
        messages.error(request, erreur.message)
    else:
        if request.htmx:
            messages.success(request, f"Dossier {examen.menage.numero} retiré de l’ordre du jour.")
    # The message (success or refusal) takes the focus: the row it was on is gone.
    return _reponse_ordre_du_jour(request, examen.seance, focus="messages")


@autorise_si(peut_gerer_seances)
@require_POST
def deplacer_examen(request, pk, sens):
    examen = _examen(request, pk)
    try:
        services.deplacer(examen=examen, sens=sens, par=request.user)
    except ValidationError as erreur:
        messages.error(request, erreur.message)
        return _reponse_ordre_du_jour(request, examen.seance, focus="messages")
    ordre = list(examen.seance.examens.order_by("ordre", "id").values_list("pk", flat=True))
    rang = ordre.index(examen.pk)
    messages.success(request, f"Dossier {examen.menage.numero} en position {rang + 1}.")
    # Keep the focus on the moved row, on the same button when it is still there.
    if sens == "monter":
        focus = "monter" if rang > 0 else "descendre"
    else:
        focus = "descendre" if rang < len(ordre) - 1 else "monter"
    return _reponse_ordre_du_jour(request, examen.seance, focus=f"{focus}-{examen.pk}")


@autorise_si(peut_gerer_seances)
@require_POST
def publier(request, pk):
    objet = _seance(request, pk)
    try:
        traitement = services.publier(seance=objet, par=request.user)
    except ValidationError as erreur:
        messages.error(request, erreur.message)
    else:
        if traitement is None:
            messages.info(request, "Cet ordre du jour est déjà publié : rien n’a changé depuis.")
        else:
            messages.success(
                request,
                "Publication lancée : les deux versions de l’ordre du jour sont en préparation, "
                "puis les membres invités recevront un lien par courriel.",
            )
    return redirect("commission:seance", pk=objet.pk)


def fichier_ordre_du_jour(request, pk, version):
    """The agenda PDF; the complete one for the secretariat, the minimised one for members too."""
    objet = get_object_or_404(
        seances_visibles_par(request.user).select_related("commission"), pk=pk
    )
    if version not in ("complet", "reduit") or not peut_telecharger_ordre_du_jour(
        request.user, objet, version
    ):
        raise Http404
    fichier = objet.ordre_du_jour_complet if version == "complet" else objet.ordre_du_jour_reduit
    if not fichier:
        raise Http404
    journaliser_consultation(request, objet=f"ordre_du_jour_{version}", objet_id=objet.pk)
    nom = f"ordre-du-jour-{timezone.localtime(objet.date):%Y-%m-%d}-{version}.pdf"
    return fichier_joint(fichier, nom=nom, type_mime="application/pdf")


# --- Session sheet ------


def _organisations_destinataires(seance):
    return Organisation.objects.filter(
        departement_id=seance.commission.departement_id, active=True
    ).order_by("nom")


@autorise_si(peut_gerer_seances)
def feuille_de_seance(request, pk):
    objet = _seance(request, pk)
    organisations = list(_organisations_destinataires(objet))
    examens = list(
        objet.examens.filter(menage__archive_le__isnull=True)
        .select_related("saisine__organisation")
        .prefetch_related(
            Prefetch(
                "preconisations",
                queryset=Preconisation.objects.select_related("type", "destinataire_organisation"),
            )
        )
        .order_by("ordre", "id")
    )
    resumes = {ligne["examen"].pk: ligne for ligne in services.lignes_ordre_du_jour(objet)}
    types = list(
        TypePreconisation.objects.filter(departement_id=objet.commission.departement_id, actif=True)
    )
    for examen in examens:
        examen.form = ExamenForm(
            instance=examen,
            autosave_url=reverse("commission:enregistrer_examen", args=[examen.pk]),
        )
        examen.form_preconisation = PreconisationForm(
            examen=examen, organisations=organisations, types=types
        )
        examen.ligne = resumes.get(examen.pk)
    return render(
        request,
        "commission/seances/feuille.html",
        {"seance": objet, "examens": examens, "close": objet.statut == StatutSeance.CLOSE},
    )


@autorise_si(peut_gerer_seances)
@require_POST
def enregistrer_examen(request, pk):
    """Autosave (htmx, returns the status) and the plain Save button (redirects)."""
    examen = _examen(request, pk)
    form = ExamenForm(request.POST, instance=examen)
    erreur, sauve = "", False
    if form.is_valid():
        valeurs = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.enregistrer_examen(
                examen=examen,
                version_lue=form.cleaned_data["version"],
                valeurs=valeurs,
                par=request.user,
            )
            sauve = True
        except ConflitDeVersion as conflit:
            erreur = conflit.message
        except ValidationError as exc:
            erreur = exc.message
    else:
        erreur = "Les informations saisies sont invalides : " + "; ".join(
            str(e) for erreurs in form.errors.values() for e in erreurs
        )
    if request.htmx:
        return render(
            request,
            "commission/seances/includes/statut_examen.html",
            {"examen": examen, "erreur": erreur, "sauve": sauve},
        )
    if sauve:
        messages.success(
            request,
            f"Examen enregistré à {timezone.localtime(examen.modifie_le):%H:%M}.",
        )
    else:
        messages.error(request, erreur)
    return _retour_feuille(examen)


def _retour_feuille(examen):
    return redirect(
        reverse("commission:feuille_de_seance", args=[examen.seance_id]) + f"#examen-{examen.pk}"
    )


@autorise_si(peut_gerer_seances)
@require_POST
def ajouter_preconisation(request, pk):
    examen = _examen(request, pk)
    organisations = list(_organisations_destinataires(examen.seance))
    form = PreconisationForm(request.POST, examen=examen, organisations=organisations)
    ajoutee = None
    if form.is_valid():
        try:
            ajoutee = services.ajouter_preconisation(
                examen=examen, par=request.user, **form.valeurs()
            )
        except ValidationError as erreur:
            form.add_error(None, erreur)
    if request.htmx:
        if not form.errors:
            form = PreconisationForm(examen=examen, organisations=organisations)
        examen.form_preconisation = form
        preconisations = examen.preconisations.select_related("type", "destinataire_organisation")
        return render(
            request,
            "commission/seances/includes/preconisations.html",
            {
                "examen": examen,
                "preconisations": preconisations,
                "close": False,
                "ajoutee": ajoutee,
            },
        )
    if form.errors:
        messages.error(
            request,
            "Préconisation non enregistrée : "
            + "; ".join(str(e) for erreurs in form.errors.values() for e in erreurs),
        )
    else:
        messages.success(request, "Préconisation ajoutée.")
    return _retour_feuille(examen)


@autorise_si(peut_gerer_seances)
@require_POST
def supprimer_preconisation(request, pk):
    preconisation = get_object_or_404(
        Preconisation.objects.des_departements(
            departements_du_secretariat(request.user)
        ).select_related("examen__seance"),
        pk=pk,
    )
    examen = preconisation.examen
    try:
        services.supprimer_preconisation(preconisation=preconisation, par=request.user)
    except ValidationError as erreur:
        messages.error(request, erreur.message)
    else:
        messages.success(request, "Préconisation supprimée.")
    return _retour_feuille(examen)


# --- Recommendation types (administrator) ------


def _types(request):
    return TypePreconisation.objects.filter(departement=request.user.organisation.departement)


@autorise_si(peut_administrer_types_preconisation)
def types_preconisation(request):
    return render(
        request, "commission/seances/types_preconisation.html", {"types": _types(request)}
    )


@autorise_si(peut_administrer_types_preconisation)
@require_http_methods(["GET", "POST"])
def type_preconisation_form(request, pk=None):
    instance = get_object_or_404(_types(request), pk=pk) if pk else None
    form = TypePreconisationForm(
        request.POST or None, instance=instance, departement=request.user.organisation.departement
    )
    if request.method == "POST" and form.is_valid():
        objet = form.save()
        messages.success(request, f"Type « {objet.libelle} » enregistré.")
        return redirect("commission:types_preconisation")
    return render(
        request, "commission/seances/type_preconisation_form.html", {"form": form, "type": instance}
    )


@autorise_si(peut_administrer_types_preconisation)
@require_POST
def types_preconisation_par_defaut(request):
    nombre = services.creer_types_par_defaut(
        departement=request.user.organisation.departement, par=request.user
    )
    messages.success(
        request, f"{nombre} type{'s' if nombre > 1 else ''} ajouté{'s' if nombre > 1 else ''}."
    )
    return redirect("commission:types_preconisation")
