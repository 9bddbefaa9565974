import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import second_facteur as sf
from .decorators import autorise_si
from .enums import Role
from .forms import ChoixAdhesionForm, CodeSecondFacteurForm
from .middleware import SESSION_ADHESION
from .models import Adhesion, Organisation, Utilisateur
from .navigation import ACCUEIL_PAR_ROLE
from .permissions import peut_administrer


def accueil(request):
    """Each role lands on its own home page."""
    role = request.user.role
    if role is None:
        return render(request, "partenaires/sans_role.html", status=403)
    return redirect(ACCUEIL_PAR_ROLE[role])


@require_http_methods(["GET", "POST"])
def compte(request):
    adhesions = request.user.adhesions_actives  # already read, in priority order
    form = ChoixAdhesionForm(
        request.POST or None,
        adhesions=adhesions,
        initial={"adhesion": request.user.adhesion.pk if request.user.adhesion else None},
    )
    if request.method == "POST" and form.is_valid():
        request.session[SESSION_ADHESION] = form.cleaned_data["adhesion"]
        messages.success(request, "Vous agissez désormais au nom de l’organisation choisie.")
        return redirect("accueil")
    second_facteur = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
    return render(
        request,
        "partenaires/compte.html",
        {"adhesions": adhesions, "form": form, "second_facteur": second_facteur},
    )


def _suivant(request) -> str:
    suivant = request.GET.get("next", "")
    if suivant and url_has_allowed_host_and_scheme(suivant, {request.get_host()}):
        return suivant
    return reverse("accueil")


@require_http_methods(["GET", "POST"])
def second_facteur(request):
    """Check a code of the enrolled app. Without an app, no enrolment here (a password is
    not enough): the person asks for a link, sent to their own address."""
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return render(
            request,
            "partenaires/second_facteur.html",
            {"sans_appareil": True, "requis": sf.requis_pour(user)},
        )
    form = CodeSecondFacteurForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            otp_login(request, device)
            return redirect(_suivant(request))
        form.add_error("code", "Ce code n’est pas valide ou a expiré : saisissez le code affiché.")
    return render(request, "partenaires/second_facteur.html", {"form": form})


@require_POST
def demander_lien_second_facteur(request):
    """Send an enrolment link to the signed-in user's own address (never elsewhere)."""
    if sf.demander_lien(utilisateur=request.user):
        messages.success(
            request,
            f"Un lien d’activation vous a été envoyé à {request.user.email}. "
            "Ouvrez-le sur cet ordinateur ou un autre pour enregistrer votre application.",
        )
    else:
        messages.info(
            request,
            "Un lien vous a été envoyé il y a moins de 5 minutes : consultez votre messagerie.",
        )
    return redirect(
        "partenaires:compte" if request.POST.get("retour") == "compte" else "second_facteur"
    )


@login_not_required
def lien_second_facteur(request, jeton):
    """The link from the e-mail: keep its secret in the session (out of the address bar and
    of the Referer), then sign in if needed and enrol."""
    if sf.lien_valide(jeton) is None:
        return render(request, "partenaires/lien_second_facteur_expire.html", status=410)
    request.session[sf.SESSION_LIEN] = jeton
    return redirect("partenaires:enrolement_second_facteur")


@require_http_methods(["GET", "POST"])
def enrolement_second_facteur(request):
    """Scan the QR code and confirm with a code; works once, for the link's own account."""
    lien = sf.lien_valide(request.session.get(sf.SESSION_LIEN))
    if lien is None or lien.utilisateur_id != request.user.pk:
        autre_compte = lien is not None
        return render(
            request,
            "partenaires/lien_second_facteur_expire.html",
            {"autre_compte": autre_compte},
            status=410 if not autre_compte else 403,
        )
    appareil = sf.appareil_en_attente(request.user)
    form = CodeSecondFacteurForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sf.enroler(lien=lien, appareil=appareil, code=form.cleaned_data["code"])
        except ValidationError as erreur:
            form.add_error("code", erreur)
        else:
            del request.session[sf.SESSION_LIEN]
            request.session[sf.SESSION_APPAREIL] = True
            otp_login(request, appareil)
            messages.success(request, "Votre application d’authentification est enregistrée.")
            return redirect("accueil")
    image = qrcode.make(appareil.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    context = {
        "form": form,
        # Our own SVG, not user input.
        "qr_svg": mark_safe(image.to_string(encoding="unicode")),
        "cle": _base32(appareil),
    }
    return render(request, "partenaires/enrolement_second_facteur.html", context)


def _base32(device) -> str:
    import base64

    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@autorise_si(peut_administrer)
def administration(request):
    departement = request.user.organisation.departement
    organisations = Organisation.objects.du_departement(departement)
    context = {
        "departement": departement,
        "nb_organisations": organisations.count(),
        "nb_utilisateurs": Utilisateur.objects.filter(
            adhesions__organisation__departement=departement
        )
        .distinct()
        .count(),
    }
    return render(request, "partenaires/administration.html", context)


@autorise_si(peut_administrer)
def organisations(request):
    liste = (
        Organisation.objects.du_departement(request.user.organisation.departement)
        .annotate(nb_membres=Count("adhesions", filter=Q(adhesions__active=True)))
        .order_by("type", "nom")
    )
    return render(request, "partenaires/organisations.html", {"organisations": liste})


@autorise_si(peut_administrer)
def utilisateurs(request):
    adhesions = (
        Adhesion.objects.filter(organisation__departement=request.user.organisation.departement)
        .select_related("utilisateur", "organisation")
        .order_by("utilisateur__nom", "utilisateur__prenom", "organisation__nom")
    )
    return render(request, "partenaires/utilisateurs.html", {"adhesions": adhesions, "roles": Role})
