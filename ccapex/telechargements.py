"""Download responses: a stored file, bytes built in memory, a CSV streamed row by row.

One place for the attachment header, the CSV dialect (semicolon, UTF-8 with BOM, what
French spreadsheets open without an import dialog), the XLSX writer, and the neutralisation
of formulas in both. Permission checks stay in the views.
"""

import csv
import io
from collections.abc import Iterable
from decimal import Decimal

from django.http import FileResponse, HttpResponse, StreamingHttpResponse

TYPE_CSV = "text/csv; charset=utf-8"
TYPE_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A spreadsheet runs a cell starting with one of these as a formula (OWASP CSV injection).
DEBUTS_DE_FORMULE = ("=", "+", "-", "@", "\t", "\r")


def neutraliser(valeur):
    """Text that a spreadsheet would run as a formula gets a leading quote (shown as text).

    Only strings: a number, including a negative amount, stays a number.
    """
    if isinstance(valeur, str) and valeur.startswith(DEBUTS_DE_FORMULE):
        return "'" + valeur
    return valeur


def _ligne_sure(ligne) -> list:
    return [neutraliser(valeur) for valeur in ligne]


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
    yield "\ufeff" + ecrivain.writerow(_ligne_sure(entetes))
    for ligne in lignes:
        yield ecrivain.writerow(_ligne_sure(ligne))


def csv_en_octets(entetes: list[str], lignes: Iterable[list]) -> bytes:
    """A whole CSV in memory (small exports)."""
    return "".join(_texte_csv(entetes, lignes)).encode("utf-8")


def csv_en_flux(entetes: list[str], lignes: Iterable[list], *, nom: str) -> StreamingHttpResponse:
    """A CSV streamed as `lignes` is consumed (iterate the queryset, constant memory)."""
    reponse = StreamingHttpResponse(_texte_csv(entetes, lignes), content_type=TYPE_CSV)
    return _en_piece_jointe(reponse, nom)


def ecrire_ligne_csv(ecrivain, ligne) -> None:
    """One row through a caller's own `csv.writer` (a report built up in memory)."""
    ecrivain.writerow(_ligne_sure(ligne))


def xlsx_en_octets(titre: str, entetes: list[str], lignes: Iterable[list]) -> bytes:
    """One sheet, bold header row; decimals written as numbers, text neutralised (openpyxl
    would otherwise store any string starting with « = » as a formula)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    classeur = Workbook()
    feuille = classeur.active
    feuille.title = titre[:31]
    feuille.append(_ligne_sure(entetes))
    for cellule in feuille[1]:
        cellule.font = Font(bold=True)
    for ligne in lignes:
        feuille.append([float(v) if isinstance(v, Decimal) else neutraliser(v) for v in ligne])
    sortie = io.BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()
