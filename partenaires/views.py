import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

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
    adhesions = list(
        Adhesion.objects.actives()
        .par_priorite()
        .select_related("organisation")
        .filter(utilisateur=request.user)
    )
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


@require_http_methods(["GET", "POST"])
def second_facteur(request):
    """Enrol a TOTP application on first use, then check a code at each sign-in."""
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    enrolement = device is None
    if enrolement:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(
                user=user, name="Application d’authentification", confirmed=False
            )
    form = CodeSecondFacteurForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            if enrolement:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            suivant = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(suivant, {request.get_host()}):
                suivant = "accueil"
            return redirect(suivant or "accueil")
        form.add_error("code", "Ce code n’est pas valide ou a expiré : saisissez le code affiché.")
    context = {"form": form, "enrolement": enrolement}
    if enrolement:
        image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
        # Our own SVG, not user input.
        context["qr_svg"] = mark_safe(image.to_string(encoding="unicode"))
        context["cle"] = _base32(device)
    return render(request, "partenaires/second_facteur.html", context)


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
