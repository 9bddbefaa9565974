"""The access log the data protection officer exports: who consulted which dossier or document."""

from dossiers.models import Consultation


def journaliser_consultation(request, *, objet: str, objet_id, menage=None) -> None:
    Consultation.objects.create(
        utilisateur=request.user,
        menage=menage,
        objet=objet,
        objet_id=str(objet_id),
        chemin=request.path[:300],
    )
