"""Download responses: a stored file, bytes built in memory, a CSV streamed row by row.

One place for the attachment header and the CSV dialect (semicolon, UTF-8 with BOM, what
French spreadsheets open without an import dialog). Permission checks stay in the views.
"""

import csv
from collections.abc import Iterable

from django.http import FileResponse, HttpResponse, StreamingHttpResponse

TYPE_CSV = "text/csv; charset=utf-8"


def _en_piece_jointe(reponse, nom: str):
    reponse["Content-Disposition"] = f'attachment; filename="{nom}"'
    return reponse


def fichier_joint(fichier, *, nom: str | None = None, type_mime: str | None = None) -> FileResponse:
    """A stored file (a `FieldFile`) as an attachment; named after its last path segment."""
    return FileResponse(
        fichier.open("rb"),
        as_attachment=True,
        filename=nom or fichier.name.rsplit("/", 1)[-1],
        content_type=type_mime,
    )


def contenu_joint(contenu: bytes, *, nom: str, type_mime: str) -> HttpResponse:
    """Bytes built in memory (an export, a PDF) as an attachment."""
    return _en_piece_jointe(HttpResponse(contenu, content_type=type_mime), nom)


class _Tampon:
    """`csv.writer` target that hands each formatted row back instead of storing it."""

    def write(self, valeur):
        return valeur


def _texte_csv(entetes: list[str], lignes: Iterable[list]):
    """The BOM and header, then one formatted row at a time (None written as empty)."""
    ecrivain = csv.writer(_Tampon(), delimiter=";")
    yield "\ufeff" + ecrivain.writerow(entetes)
    for ligne in lignes:
        yield ecrivain.writerow(ligne)


def csv_en_octets(entetes: list[str], lignes: Iterable[list]) -> bytes:
    """A whole CSV in memory (small exports)."""
    return "".join(_texte_csv(entetes, lignes)).encode("utf-8")


def csv_en_flux(entetes: list[str], lignes: Iterable[list], *, nom: str) -> StreamingHttpResponse:
    """A CSV streamed as `lignes` is consumed (iterate the queryset, constant memory)."""
    reponse = StreamingHttpResponse(_texte_csv(entetes, lignes), content_type=TYPE_CSV)
    return _en_piece_jointe(reponse, nom)
