"""The access log the data protection officer exports: who consulted which dossier or document."""

from dossiers.models import Consultation


def _propre(valeur, longueur: int) -> str:
    """Printable characters only, cut to the column's length: the log never holds a raw NUL
    byte (PostgreSQL refuses it) nor a value longer than its column."""
    return "".join(c if c.isprintable() else "?" for c in str(valeur))[:longueur]


def journaliser_consultation(request, *, objet: str, objet_id, menage=None) -> None:
    Consultation.objects.create(
        utilisateur=request.user,
        menage=menage,
        objet=objet,
        objet_id=_propre(objet_id, 40),
        chemin=_propre(request.path, 300),
    )
