from django import forms
from dsfr.forms import DsfrBaseForm


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


class BaseModelForm(forms.ModelForm, BaseForm):
    """A ModelForm with the same markup and behaviour as BaseForm."""


class OuiNonTous(forms.NullBooleanSelect):
    """A yes/no list filter whose empty choice reads « Tous » (Django's says « Inconnu »)."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("unknown", "Tous"), ("true", "Oui"), ("false", "Non")]
