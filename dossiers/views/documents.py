from django.shortcuts import get_object_or_404, render

from ccapex.telechargements import fichier_joint
from dossiers.consultations import journaliser_consultation
from dossiers.models import Document


def document(request, pk):
    """Serve an uploaded file as an attachment, to those allowed, and log the consultation.

    A file pending its antivirus scan, or refused by it, is never served (403, in French)."""
    objet = get_object_or_404(
        Document.objects.visibles_par(request.user).select_related("menage", "saisine__menage"),
        pk=pk,
    )
    if not objet.servable:
        return render(
            request, "dossiers/documents/indisponible.html", {"document": objet}, status=403
        )
    menage = objet.menage or (objet.saisine.menage if objet.saisine else None)
    journaliser_consultation(request, objet="document", objet_id=objet.pk, menage=menage)
    return fichier_joint(objet.fichier, nom=objet.nom, type_mime=objet.type_mime)
