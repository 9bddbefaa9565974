"""A blank form (`BaseForm.vierge`) is rendered once per class with a placeholder prefix:
its HTML must be the one Django renders for that prefix."""

import pytest
from django.template import Context, Template

from dossiers.forms.menages import NoteForm
from procedure.forms import ActeForm, DetteForm


@pytest.mark.parametrize(
    ("classe", "prefixe"),
    [(ActeForm, "acte-7"), (ActeForm, "acte-12"), (DetteForm, "dette-3"), (DetteForm, None),
     (NoteForm, None)],
)  # fmt: skip
def test_formulaire_vierge_identique(classe, prefixe):
    gabarit = Template("{{ form }}")
    attendu = gabarit.render(Context({"form": classe(prefix=prefixe)}))
    for _ in range(2):  # rendered, then taken from what is kept
        assert gabarit.render(Context({"form": classe.vierge(prefix=prefixe)})) == attendu
        assert str(classe.vierge(prefix=prefixe)) == attendu


def test_formulaire_lie_jamais_garde():
    """A bound form (errors, values) is always rendered for itself."""
    vierge = str(NoteForm.vierge())
    lie = NoteForm({"note-texte": ""})
    lie._memorisable = True
    assert str(lie) != vierge and "Écrivez la note" in str(lie)
