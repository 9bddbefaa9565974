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


def images_raster(contenu: bytes) -> int:
    """Number of bitmap images in the PDF (pdfimages, poppler-utils): vector charts have none."""
    resultat = subprocess.run(
        ["pdfimages", "-list", "-", "-"], input=contenu, capture_output=True, check=False
    )
    if resultat.returncode != 0:  # older pdfimages cannot read standard input
        import tempfile

        with tempfile.NamedTemporaryFile(suffix=".pdf") as fichier:
            fichier.write(contenu)
            fichier.flush()
            resultat = subprocess.run(
                ["pdfimages", "-list", fichier.name], capture_output=True, check=True
            )
    lignes = resultat.stdout.decode().splitlines()
    return max(0, len(lignes) - 2)  # two header lines
