"""A blank form (`BaseForm.vierge`) is rendered once per class with a placeholder prefix:
its HTML must be the one Django renders for that prefix."""

import pytest
from django.template import Context, Template
from dsfr.forms import DsfrDjangoTemplates

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


class RenduMarque(DsfrDjangoTemplates):
    """A renderer whose output tells it apart."""

    def render(self, template_name, context, request=None):
        return "<!-- marque -->" + super().render(template_name, context, request)


@pytest.mark.parametrize(
    "rendre",
    [
        lambda f: f.as_p(),
        lambda f: f.as_div(),
        lambda f: f.as_table(),
        lambda f: f.render(template_name="django/forms/ul.html"),
        lambda f: f.render(context={"form": NoteForm()}),
        lambda f: f.render(renderer=RenduMarque()),
    ],
    ids=["as_p", "as_div", "as_table", "template_name", "context", "renderer"],
)
def test_un_autre_rendu_n_est_pas_celui_garde(rendre):
    """Another template, context or renderer is rendered for itself, never the kept HTML."""
    str(ActeForm.vierge(prefix="acte-1"))  # the kept HTML exists
    assert rendre(ActeForm.vierge(prefix="acte-1")) == rendre(ActeForm(prefix="acte-1"))


def test_prefixe_echappe_comme_django():
    prefixe = 'x"><script>&'
    attendu = str(DetteForm(prefix=prefixe))
    assert "<script>" not in attendu
    assert str(DetteForm.vierge(prefix="dette-1")) != attendu  # kept first for another prefix
    assert str(DetteForm.vierge(prefix=prefixe)) == attendu


def test_avec_puis_sans_prefixe():
    """The kept HTML for a prefix never serves a form without one, nor the reverse."""
    for prefixe in ("dette-3", None, "dette-4", None):
        assert str(DetteForm.vierge(prefix=prefixe)) == str(DetteForm(prefix=prefixe))


def test_deux_procedures_deux_jeux_d_identifiants():
    """Ids, `for=` links, names and aria references all carry each procedure's prefix."""
    import re

    premier = str(ActeForm.vierge(prefix="acte-7"))
    second = str(ActeForm.vierge(prefix="acte-12"))
    assert "__prefix__" not in premier + second
    references = re.findall(r'(?:id|for|name|aria-describedby)="([^"]*)"', second)
    assert references and all("acte-12" in r for r in references if "acte" in r)
    assert "acte-7" not in second


def test_le_formulaire_vierge_passe_par_le_rendu_garde():
    """`{{ form }}` and str() of a blank form come through `render`: its templates are
    rendered once for any number of prefixes (the point of `vierge`)."""
    from django.template import Context, Template
    from django.test.signals import template_rendered

    rendus = []

    def noter(sender, template, **kwargs):
        rendus.append(template.name)

    gabarit = Template("{{ form }}")
    gabarit.render(Context({"form": ActeForm.vierge(prefix="acte-1")}))
    template_rendered.connect(noter)
    try:
        gabarit.render(Context({"form": ActeForm.vierge(prefix="acte-2")}))
        str(ActeForm.vierge(prefix="acte-3"))
    finally:
        template_rendered.disconnect(noter)
    assert [nom for nom in rendus if nom != gabarit.name] == []


def test_valeur_initiale_donnee_apres_coup_affichee():
    form = NoteForm.vierge()
    form.initial["texte"] = "Brouillon de l’agent"
    assert "Brouillon de l’agent" in str(form)
