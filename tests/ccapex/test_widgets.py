"""The select override writes the markup of Django's own templates, in a fraction of the time."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, TemplatesSetting
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

CHOIX = [
    ("", "---------"),
    (1, "Évry-Courcouronnes"),
    ("2", 'L\'Haÿ & <les> "Roses"'),
    (None, "Aucune"),
    (3, gettext_lazy("Lundi")),
    (4, mark_safe("<b>déjà sûr</b>")),
]
GROUPES = [("Nord & <Est>", [(1, "Lille"), (2, "Roubaix")]), (3, "Hors groupe")]


class AvecDonnees(forms.Select):
    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        option["attrs"].update({"data-code": f'{option["value"]}"<', "hidden": False})
        return option


class OptionAPart(forms.Select):
    option_template_name = "django/forms/widgets/input.html"


@pytest.mark.parametrize(
    ("widget", "valeur"),
    [
        (forms.Select(choices=CHOIX), "2"),
        (forms.Select(choices=CHOIX, attrs={"class": "fr-select", "disabled": True}), None),
        (forms.SelectMultiple(choices=CHOIX), ["1", "None", "4"]),
        (forms.Select(choices=GROUPES), "2"),
        (forms.NullBooleanSelect(), True),
        (AvecDonnees(choices=CHOIX), "1"),
        (OptionAPart(choices=CHOIX), "1"),
        (forms.Select(choices=[]), ""),
    ],
)
def test_le_balisage_est_celui_de_django(widget, valeur):
    attrs = {"id": "id_commune", "aria-describedby": "aide"}
    attendu = widget.render("commune", valeur, attrs, renderer=DjangoTemplates())
    assert widget.render("commune", valeur, attrs, renderer=TemplatesSetting()) == attendu


def test_six_cent_cinquante_communes_sans_une_inclusion_chacune():
    """Counted in template renders, not seconds: Django's templates render two templates per
    option; the override renders one for the whole select, whatever the number of options."""
    from django.template.base import Template

    widget = forms.Select(choices=[(i, f"Commune {i}") for i in range(650)])
    rendus = []
    original = Template.render

    def compter(self, context):
        rendus.append(self.origin.template_name if self.origin else None)
        return original(self, context)

    Template.render = compter
    try:
        widget.render("commune", "3", renderer=TemplatesSetting())
    finally:
        Template.render = original
    assert len(rendus) <= 3, rendus[:10]
