from django import forms
from django.utils.html import escape
from django.utils.safestring import mark_safe
from dsfr.forms import DsfrBaseForm

from ccapex.rendus import memorise

# Stands for the prefix in a blank form's kept HTML, as in Django's formset `empty_form`.
PREFIXE = "__prefix__"


class BaseForm(DsfrBaseForm):
    """Every form of the application: DSFR markup, French messages, focus on the first error.

    Fields render through our overrides in templates/dsfr/form_field_snippets/, which mark
    optional fields « (facultatif) » as the DSFR now recommends.
    """

    def full_clean(self):
        super().full_clean()
        premier = next((name for name in self.errors if name in self.fields), None)
        if premier:
            self.fields[premier].widget.attrs["autofocus"] = ""

    def get_context(self):
        # Skip django-dsfr's transitional warning about marking optional fields.
        return forms.Form.get_context(self)

    # Set by `vierge`: the form's HTML is its class's, whatever the prefix (see `render`).
    _memorisable = False

    @classmethod
    def vierge(cls, prefix=None):
        """An unbound form without initial values, shown as is (the dossier page's)."""
        form = cls(prefix=prefix)
        form._memorisable = True
        form._initial_vierge = dict(form.initial)
        return form

    def render(self, template_name=None, context=None, renderer=None):
        # A blank form's HTML depends on its class and prefix only: it is rendered once per
        # process with a placeholder for the prefix (`ccapex.rendus`), the prefix put in
        # after. Through the DSFR templates, the dossier page's act and debt forms cost 3 ms
        # each for every procedure.
        # Anything given to this form after `vierge` (data, an initial value, another
        # template, context or renderer) is rendered for itself. Changes made to
        # its fields or widgets are not seen: a form changed that way is not blank.
        if (
            not self._memorisable
            or self.is_bound
            or self.initial != self._initial_vierge
            or template_name
            or context
            or renderer
        ):
            return super().render(template_name, context, renderer)
        sans_prefixe = self.prefix is None
        modele = memorise(
            ("formulaire vierge", type(self), sans_prefixe),
            lambda: type(self)(prefix=None if sans_prefixe else PREFIXE).render(),
        )
        return modele if sans_prefixe else mark_safe(modele.replace(PREFIXE, escape(self.prefix)))

    # Django binds these to its own `render`: `{{ form }}` would not come through ours.
    __str__ = render
    __html__ = render


class BaseModelForm(forms.ModelForm, BaseForm):
    """A ModelForm with the same markup and behaviour as BaseForm."""


class OuiNonTous(forms.NullBooleanSelect):
    """A yes/no list filter whose empty choice reads « Tous » (Django's says « Inconnu »)."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("unknown", "Tous"), ("true", "Oui"), ("false", "Non")]
