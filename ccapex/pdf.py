"""HTML templates to PDF with WeasyPrint: A4, French, no network access."""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML, default_url_fetcher


class RessourceInterdite(ValueError):
    pass


def _url_fetcher(url: str, *args, **kwargs):
    """Only our own static files; a PDF never fetches anything from the network."""
    if url.startswith("static:"):
        chemin = finders.find(url.removeprefix("static:"))
        if chemin is None:
            raise RessourceInterdite(f"fichier statique introuvable : {url}")
        return default_url_fetcher(Path(chemin).as_uri(), *args, **kwargs)
    if url.startswith("data:"):
        return default_url_fetcher(url, *args, **kwargs)
    raise RessourceInterdite(f"ressource externe refusée dans un PDF : {url}")


def rendre_pdf(template: str, contexte: dict) -> bytes:
    """Render a template of templates/pdf/ (which extends pdf/base.html) to PDF bytes.

    In templates, static files are referenced as `static:<path>`.
    """
    html = render_to_string(template, {"CCAPEX_NOM": settings.CCAPEX_NOM, **contexte})
    return HTML(string=html, url_fetcher=_url_fetcher, base_url="static:").write_pdf()
