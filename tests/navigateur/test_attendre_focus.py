"""`attendre_focus` itself, on a fake page (no browser): it must fail when the focus never
matches, wait for htmx to settle, and accept a focus that arrives late."""

import pytest

from tests.navigateur import conftest
from tests.navigateur.conftest import attendre_focus


class PageFactice:
    """Answers `evaluate` like the page would: htmx busy for `occupe` polls, then the focus
    on `avant` for `retard` polls and on `apres` afterwards."""

    def __init__(self, apres, *, avant=None, retard=0, occupe=0):
        self.apres, self.avant, self.retard, self.occupe = apres, avant, retard, occupe
        self.lectures = 0

    def evaluate(self, script):
        if script == conftest._HTMX_OCCUPE:
            self.occupe -= 1
            return self.occupe >= 0
        self.lectures += 1
        if self.lectures <= self.retard:
            return self.avant or {"id": "", "tag": "BODY", "texte": ""}
        return self.apres

    def wait_for_timeout(self, ms):
        pass


BOUTON = {"id": "resume-erreurs", "tag": "DIV", "texte": "Acte ajouté. Voir le dossier"}


@pytest.mark.parametrize(
    "attendu",
    [
        {"id": "autre"},
        {"texte": "Acte ajouté."},
        {"debut": "Note"},
        {"contient": "retiré"},
        {"id": "resume-erreurs", "debut": "Note"},
    ],
)
def test_echoue_si_le_focus_ne_convient_jamais(attendu):
    with pytest.raises(AssertionError, match="focus sur"):
        attendre_focus(PageFactice(BOUTON), delai=0.05, **attendu)


def test_echoue_si_le_focus_reste_sur_body():
    corps = {"id": "", "tag": "BODY", "texte": "tout le texte de la page"}
    with pytest.raises(AssertionError):
        attendre_focus(PageFactice(corps), delai=0.05)
    with pytest.raises(AssertionError):
        attendre_focus(PageFactice(corps), contient="tout", delai=0.05)


def test_attend_le_focus_deplace_apres_htmx():
    page = PageFactice(BOUTON, retard=5, occupe=3)
    assert attendre_focus(page, id="resume-erreurs", debut="Acte ajouté.") == BOUTON
    assert page.occupe < 0  # polled htmx until idle
    assert page.lectures == 6  # then the focus until it matched


def test_un_focus_intermediaire_ne_suffit_pas():
    """The focus on a wrong element first (the button clicked), then on the result."""
    bouton = {"id": "envoyer", "tag": "BUTTON", "texte": "Envoyer"}
    page = PageFactice(BOUTON, avant=bouton, retard=3)
    assert attendre_focus(page, id="resume-erreurs")["id"] == "resume-erreurs"
    assert page.lectures == 4
