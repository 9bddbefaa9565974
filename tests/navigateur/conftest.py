"""Real headless Chromium (the system /usr/bin/chromium) driven by Playwright."""

import os
import time
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
CAPTURES = Path(__file__).resolve().parents[2] / "var" / "captures"


def pytest_collection_modifyitems(items):
    for item in items:
        if "navigateur" in item.nodeid:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def navigateur():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium introuvable ({CHROMIUM}) : `apt-get install chromium` (voir .ci/run)"
        )
    # Playwright's sync API keeps an event loop running in this thread for the whole session;
    # the ORM calls of the tests and fixtures are still synchronous and safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(navigateur, live_server):
    contexte = navigateur.new_context(base_url=live_server.url, locale="fr-FR")
    page = contexte.new_page()
    page.erreurs_console = []
    page.on(
        "console",
        lambda message: message.type == "error" and page.erreurs_console.append(message.text),
    )
    page.on("pageerror", lambda error: page.erreurs_console.append(str(error)))
    yield page
    contexte.close()


@pytest.fixture
def captures() -> Path:
    CAPTURES.mkdir(parents=True, exist_ok=True)
    return CAPTURES


def se_connecter(page, email: str, mot_de_passe: str) -> None:
    page.goto("/connexion/")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(mot_de_passe)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state("networkidle")


_ACTIF = (
    "(() => { const e = document.activeElement;"
    " return {id: e.id, tag: e.tagName, texte: (e.textContent || '').trim()}; })()"
)
# htmx marks what it is requesting, swapping and settling; the focus script runs after settle.
_HTMX_OCCUPE = (
    "!!document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')"
)


def focus(page) -> dict:
    """The element that has the focus now: {id, tag, texte}."""
    return page.evaluate(_ACTIF)


def attendre_focus(page, *, id=None, texte=None, debut=None, contient=None, delai=5.0) -> dict:
    """Waits until htmx is idle and the focus is on an element matching what is given (or,
    given nothing, on anything but <body>), and fails with the element that has it otherwise.

    The page's script moves the focus once htmx has settled, a few milliseconds after the new
    content shows, so reading it once is a race. Polled from Python: the CSP (no 'unsafe-eval')
    makes page.wait_for_function's string predicates throw as soon as they must poll."""

    def convient(actif: dict) -> bool:
        return (
            actif["tag"] != "BODY"
            and (id is None or actif["id"] == id)
            and (texte is None or actif["texte"] == texte)
            and (debut is None or actif["texte"].startswith(debut))
            and (contient is None or contient in actif["texte"])
        )

    fin = time.monotonic() + delai
    while page.evaluate(_HTMX_OCCUPE) and time.monotonic() < fin:
        page.wait_for_timeout(25)
    actif = focus(page)
    while not convient(actif) and time.monotonic() < fin:
        page.wait_for_timeout(25)
        actif = focus(page)
    attendu = {"id": id, "texte": texte, "debut": debut, "contient": contient}
    attendu = {cle: valeur for cle, valeur in attendu.items() if valeur is not None}
    assert convient(actif), f"focus sur {actif}, attendu {attendu or 'hors de <body>'}"
    return actif
