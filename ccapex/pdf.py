"""HTML templates to PDF with WeasyPrint: A4, French, no network access."""

import logging
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

# WeasyPrint logs each step at INFO (even on import, for its own stylesheets): noise.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from weasyprint import HTML  # noqa: E402
from weasyprint.urls import URLFetcher  # noqa: E402


class RessourceInterdite(ValueError):
    pass


class _Fetcher(URLFetcher):
    """Only our own static files; a PDF never fetches anything from the network.

    (WeasyPrint ≥ 68 takes a `URLFetcher` subclass rather than a function.)"""

    def fetch(self, url, headers=None):
        if url.startswith("static:"):
            chemin = finders.find(url.removeprefix("static:"))
            if chemin is None:
                raise RessourceInterdite(f"fichier statique introuvable : {url}")
            return super().fetch(Path(chemin).as_uri(), headers)
        if url.startswith("data:"):
            return super().fetch(url, headers)
        raise RessourceInterdite(f"ressource externe refusée dans un PDF : {url}")


def rendre_pdf(template: str, contexte: dict) -> bytes:
    """Render a template of templates/pdf/ (which extends pdf/base.html) to PDF bytes.

    In templates, static files are referenced as `static:<path>`.
    """
    html = render_to_string(template, {"CCAPEX_NOM": settings.CCAPEX_NOM, **contexte})
    return HTML(string=html, url_fetcher=_Fetcher(), base_url="static:").write_pdf()
