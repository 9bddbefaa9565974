"""Retention pages (docs/conservation.md): the files to decide on (secretariat), and the
intermediate archive (archives role)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from ccapex.parametres import numero_de_page
from dossiers.models import Menage
from dossiers.permissions import peut_decider_conservation, peut_lire_archives
from dossiers.services import conservation as services
from partenaires.decorators import autorise_si
from partenaires.permissions import departements_des_archives, departements_du_secretariat

PAR_PAGE = 50


@autorise_si(peut_decider_conservation)
def a_decider(request):
    """Files without activity for the active-base period, oldest first: keep or archive."""
    departements = departements_du_secretariat(request.user)
    aujourd_hui = timezone.localdate()
    candidats = services.candidats_a_l_archivage(
        departements, aujourd_hui=aujourd_hui
    ).select_related("commune")
    page = Paginator(candidats, PAR_PAGE).get_page(numero_de_page(request.GET.get("page")))
    return render(
        request,
        "dossiers/conservation/a_decider.html",
        {"page": page, "parametres": ""},
    )


def _candidat(request, numero) -> Menage:
    menage = (
        Menage.objects.visibles_par(request.user).filter(numero=numero).only("pk", "numero").first()
    )
    if menage is None:
        raise Http404
    return menage


@require_POST
@autorise_si(peut_decider_conservation)
def maintenir(request, numero):
    menage = _candidat(request, numero)
    try:
        services.maintenir(menage=menage, motif=request.POST.get("motif", ""), par=request.user)
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
    else:
        messages.success(request, f"Le dossier {menage.numero} reste en base active.")
    return redirect("dossiers:conservation")


@require_POST
@autorise_si(peut_decider_conservation)
def archiver(request, numero):
    menage = _candidat(request, numero)
    try:
        services.archiver(
            menage=menage, motif=request.POST.get("motif", "")[:300], par=request.user
        )
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
    else:
        messages.success(request, f"Le dossier {menage.numero} est versé en archive intermédiaire.")
    return redirect("dossiers:conservation")


@autorise_si(peut_lire_archives)
def archives(request):
    """The intermediate archive of the département: read-only, for the archivist / DPO."""
    liste = (
        Menage.objects.archives()
        .filter(departement_id__in=departements_des_archives(request.user))
        .select_related("commune")
        .order_by("-archive_le", "pk")
    )
    page = Paginator(liste, PAR_PAGE).get_page(numero_de_page(request.GET.get("page")))
    return render(request, "dossiers/conservation/archives.html", {"page": page, "parametres": ""})
