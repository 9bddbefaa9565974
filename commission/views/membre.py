"""The member space: the sessions the member's organisation is invited to, their minimised
agenda, and the recommendations addressed to the organisation. Nothing else."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from commission.permissions import seances_visibles_par
from commission.services import seances as services
from dossiers.consultations import journaliser_consultation
from partenaires.decorators import autorise_si
from partenaires.permissions import est_membre


@autorise_si(est_membre)
def espace_membre(request):
    seances = seances_visibles_par(request.user).select_related("commission")
    return render(
        request,
        "commission/espace_membre.html",
        {
            "a_venir": seances.a_venir(),
            "passees": seances.passees()[:20],
            "preconisations": services.preconisations_pour(request.user.organisation)[:200],
            "aujourd_hui": timezone.localdate(),
        },
    )


@autorise_si(est_membre)
def seance_membre(request, pk):
    """The minimised agenda: initials, commune, nature and stage; no name, address, income,
    nor free text."""
    seance = get_object_or_404(
        seances_visibles_par(request.user).select_related("commission"), pk=pk
    )
    journaliser_consultation(request, objet="seance_membre", objet_id=seance.pk)
    return render(
        request,
        "commission/seances/seance_membre.html",
        {
            "seance": seance,
            "lignes": services.lignes_reduites(services.lignes_ordre_du_jour(seance)),
        },
    )
