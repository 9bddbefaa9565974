"""The administrator's screens: organisations, users and their roles, invitations, API keys."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from . import second_facteur as sf
from . import services
from .decorators import autorise_si
from .enums import ROLES_SECOND_FACTEUR
from .forms_admin import CleApiForm, InscriptionForm, InvitationForm, OrganisationForm
from .models import Adhesion, CleApi, Invitation, Organisation, Utilisateur
from .permissions import peut_administrer


def _organisations(request):
    return Organisation.objects.du_departement(request.user.organisation.departement)


@autorise_si(peut_administrer)
@require_http_methods(["GET", "POST"])
def organisation_form(request, pk=None):
    departement = request.user.organisation.departement
    instance = get_object_or_404(_organisations(request), pk=pk) if pk else None
    form = OrganisationForm(request.POST or None, instance=instance, departement=departement)
    if request.method == "POST" and form.is_valid():
        organisation = services.enregistrer_organisation(form.save(commit=False), par=request.user)
        messages.success(request, f"Organisation « {organisation.nom} » enregistrée.")
        return redirect("partenaires:organisation", pk=organisation.pk)
    return render(
        request, "partenaires/organisation_form.html", {"form": form, "organisation": instance}
    )


@autorise_si(peut_administrer)
def organisation(request, pk, *, form_cle=None, jeton=None):
    objet = get_object_or_404(_organisations(request), pk=pk)
    adhesions = objet.adhesions.select_related("utilisateur").order_by(
        "-active", "utilisateur__nom"
    )
    invitations = objet.invitations.valides()
    return render(
        request,
        "partenaires/organisation.html",
        {
            "organisation": objet,
            "adhesions": adhesions,
            "invitations": invitations,
            "form": InvitationForm(
                departement=objet.departement, initial={"organisation": objet.pk}
            ),
            "cles_api": objet.cles_api.select_related("cree_par"),
            "form_cle": form_cle or CleApiForm(),
            "jeton": jeton,
        },
    )


@autorise_si(peut_administrer)
@require_POST
def jeton_api(request, pk):
    objet = get_object_or_404(_organisations(request), pk=pk)
    form = CleApiForm(request.POST)
    if not form.is_valid():
        return organisation(request, pk, form_cle=form)
    cle = services.nouveau_jeton_api(
        objet, nom=form.cleaned_data["nom"], duree=form.cleaned_data["duree"], par=request.user
    )
    # Shown once, in this very response: never stored in clear (not even in the session).
    reponse = organisation(request, pk, jeton=cle)
    reponse["Cache-Control"] = "no-store"
    return reponse


@autorise_si(peut_administrer)
@require_POST
def revoquer_cle_api(request, pk):
    cle = get_object_or_404(CleApi.objects.filter(organisation__in=_organisations(request)), pk=pk)
    services.revoquer_cle_api(cle, par=request.user)
    messages.success(request, f"Clé d’API « {cle.nom} » révoquée.")
    return redirect("partenaires:organisation", pk=cle.organisation_id)


@autorise_si(peut_administrer)
@require_http_methods(["GET", "POST"])
def inviter(request):
    departement = request.user.organisation.departement
    form = InvitationForm(request.POST or None, departement=departement)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.inviter(par=request.user, **form.cleaned_data)
        except ValidationError as erreur:
            form.add_error(None, erreur)
        else:
            messages.success(request, f"Invitation envoyée à {invitation.email}.")
            return redirect("partenaires:organisation", pk=invitation.organisation_id)
    return render(request, "partenaires/inviter.html", {"form": form})


@autorise_si(peut_administrer)
@require_POST
def desactiver_adhesion(request, pk):
    adhesion = get_object_or_404(
        Adhesion.objects.filter(organisation__departement=request.user.organisation.departement),
        pk=pk,
    )
    try:
        services.desactiver_adhesion(adhesion, par=request.user)
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
    else:
        messages.success(request, f"Rôle retiré à {adhesion.utilisateur}.")
    return redirect("partenaires:organisation", pk=adhesion.organisation_id)


@autorise_si(peut_administrer)
@require_POST
def lien_second_facteur(request, pk):
    """E-mail a one-time link to (re-)enrol the authenticator app of a user of the
    département: a new account, or a lost phone."""
    utilisateur = get_object_or_404(
        Utilisateur.objects.filter(
            adhesions__organisation__departement=request.user.organisation.departement,
            is_active=True,
        )
        .exclude(email__endswith=".invalid")  # the API's technical accounts
        .distinct(),
        pk=pk,
    )
    sf.envoyer_lien(utilisateur=utilisateur, par=request.user)
    messages.success(
        request, f"Lien d’activation de la double authentification envoyé à {utilisateur.email}."
    )
    return redirect("partenaires:utilisateurs")


@login_not_required
@require_http_methods(["GET", "POST"])
def invitation(request, jeton):
    """Public: the invited person chooses a password (the link is the proof of the e-mail)."""
    objet = (
        Invitation.objects.select_related("organisation")
        .filter(jeton=Invitation.empreinte_de(jeton))
        .first()
    )
    if objet is None or objet.acceptee_le or objet.expire_le <= timezone.now():
        return render(request, "partenaires/invitation_expiree.html", status=410)
    form = InscriptionForm(request.POST or None, email=objet.email)
    if request.method == "POST" and form.is_valid():
        try:
            utilisateur = services.accepter_invitation(
                objet,
                prenom=form.cleaned_data["prenom"],
                nom=form.cleaned_data["nom"],
                mot_de_passe=form.cleaned_data["mot_de_passe"],
            )
        except ValidationError as erreur:
            form.add_error(None, erreur)
        else:
            return _apres_inscription(request, objet, utilisateur)
    return render(request, "partenaires/invitation.html", {"invitation": objet, "form": form})


def _apres_inscription(request, invitation, utilisateur):
    """A role that reads named data goes on to enrol its app: the invitation link proved the
    mailbox, so the enrolment link is put in the session (and e-mailed, to finish later)."""
    if invitation.role not in ROLES_SECOND_FACTEUR or sf.a_un_appareil(utilisateur):
        messages.success(request, "Votre compte est prêt : connectez-vous.")
        return redirect("connexion")
    request.session[sf.SESSION_LIEN] = sf.envoyer_lien(
        utilisateur=utilisateur, par=invitation.invite_par
    )
    messages.success(
        request,
        "Votre compte est prêt : connectez-vous, puis enregistrez votre application "
        "d’authentification (le lien vous a aussi été envoyé par courriel).",
    )
    return redirect(
        reverse("connexion") + "?next=" + reverse("partenaires:enrolement_second_facteur")
    )
