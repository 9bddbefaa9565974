"""Read rendered PDFs back: the text (pdftotext, poppler-utils) and the page sizes."""

import io
import shutil
import subprocess

from pypdf import PdfReader

A4_POINTS = (595, 842)


def texte_pdf(contenu: bytes) -> str:
    if shutil.which("pdftotext") is None:
        raise RuntimeError("pdftotext introuvable : installez poppler-utils (voir .ci/run)")
    resultat = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
        input=contenu,
        capture_output=True,
        check=True,
    )
    return resultat.stdout.decode("utf-8")


def tailles_des_pages(contenu: bytes) -> list[tuple[int, int]]:
    lecteur = PdfReader(io.BytesIO(contenu))
    return [(round(p.mediabox.width), round(p.mediabox.height)) for p in lecteur.pages]


def est_a4(contenu: bytes) -> bool:
    return all(taille == A4_POINTS for taille in tailles_des_pages(contenu))
