from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ccapex.enums import StatutTraitement
from ccapex.telechargements import fichier_joint
from ccapex.traitements import relancer, visibles_par


def traitement(request, pk):
    """The state of a job; htmx polls the fragment while the job is queued or running."""
    objet = get_object_or_404(visibles_par(request.user), pk=pk)
    template = "ccapex/includes/traitement.html" if request.htmx else "ccapex/traitement.html"
    return render(request, template, {"traitement": objet})


@require_POST
def relancer_traitement(request, pk):
    objet = get_object_or_404(visibles_par(request.user), pk=pk)
    if not (objet.statut == StatutTraitement.ECHEC or objet.bloque):
        messages.error(
            request,
            "Ce traitement n’est ni en échec ni bloqué en attente : il n’y a rien à relancer.",
        )
    else:
        objet = relancer(objet)
        messages.success(request, "Le traitement est relancé.")
    if request.htmx:
        return render(request, "ccapex/includes/traitement.html", {"traitement": objet})
    return redirect("ccapex:traitement", pk=objet.pk)


def fichier_traitement(request, pk):
    objet = get_object_or_404(visibles_par(request.user), pk=pk)
    if objet.statut != StatutTraitement.TERMINE or not objet.fichier:
        raise Http404
    return fichier_joint(objet.fichier)
