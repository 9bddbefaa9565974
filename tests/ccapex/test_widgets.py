"""The select override writes the markup of Django's own templates, in a fraction of the time."""

import datetime as dt
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, TemplatesSetting
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override
from django_filters.widgets import BooleanWidget

CHOIX = [
    ("", "---------"),
    (1, "Évry-Courcouronnes"),
    ("2", 'L\'Haÿ & <les> "Roses"'),
    (None, "Aucune"),
    (3, gettext_lazy("Lundi")),
    (4, mark_safe("<b>déjà sûr</b>")),
]
GROUPES = [("Nord & <Est>", [(1, "Lille"), (2, "Roubaix")]), (3, "Hors groupe")]
# Labels that are not text: {{ widget.label }} localises them (« 1 mars 2026 », « 2,5 ») and
# shows a datetime in the local time zone.
NON_TEXTE = [
    (1, dt.date(2026, 3, 1)),
    (2, dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC)),
    (3, Decimal("2.50")),
    (4, 1.5),
    (5, True),
]
GROUPES_DATES = [(dt.date(2026, 1, 2), [(1, "a")]), (Decimal("1.5"), [(2, "b")])]
PIEGE = '"><script>alert(1)</script>&amp;'


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
        (forms.Select(choices=NON_TEXTE), "3"),
        (forms.Select(choices=GROUPES_DATES), "1"),
        (forms.Select(choices=[(PIEGE, PIEGE)], attrs={"data-x": PIEGE}), PIEGE),
        (forms.Select(choices=[(True, "Oui"), (False, "Non"), (None, "?")]), False),
        (forms.SelectDateWidget(years=[2025, 2026]), dt.date(2026, 3, 1)),
        (BooleanWidget(), "true"),
        (forms.RadioSelect(choices=CHOIX), "2"),
        (forms.CheckboxSelectMultiple(choices=CHOIX), ["1", "2"]),
    ],
)
def test_le_balisage_est_celui_de_django(widget, valeur):
    attrs = {"id": "id_commune", "aria-describedby": "aide"}
    with override("fr"):
        attendu = widget.render("commune", valeur, attrs, renderer=DjangoTemplates())
        assert widget.render("commune", valeur, attrs, renderer=TemplatesSetting()) == attendu


def test_le_piege_est_echappe():
    """A value, a label or an attribute cannot close the tag or open a script."""
    widget = forms.Select(choices=[(PIEGE, PIEGE)], attrs={"data-x": PIEGE})
    html = widget.render("commune", PIEGE, renderer=TemplatesSetting())
    assert "<script>" not in html
    assert html.count("&quot;&gt;&lt;script&gt;") == 3


def test_les_choix_d_un_queryset(monde):
    """ModelChoiceField's values (ModelChoiceIteratorValue) and labels (the model's str), and
    the value selected whether given as the instance's key or as text."""
    from partenaires.models import Commune

    champ = forms.ModelChoiceField(queryset=Commune.objects.all(), empty_label="Tous")
    for valeur in (monde.commune.pk, str(monde.commune.pk)):
        attendu = champ.widget.render("commune", valeur, renderer=DjangoTemplates())
        rendu = champ.widget.render("commune", valeur, renderer=TemplatesSetting())
        assert rendu == attendu
        assert f'<option value="{monde.commune.pk}" selected>' in rendu


def test_six_cent_cinquante_communes_sans_une_inclusion_chacune():
    """Counted in template renders, not seconds: Django's templates render two templates per
    option; the override renders one for the whole select, whatever the number of options.
    Rendered by the project's renderer (FORM_RENDERER), which must be the one that finds it."""
    from django.template.base import Template

    widget = forms.Select(choices=[(i, f"Commune {i}") for i in range(650)])
    rendus = []
    original = Template.render

    def compter(self, context):
        rendus.append(self.origin.template_name if self.origin else None)
        return original(self, context)

    Template.render = compter
    try:
        widget.render("commune", "3")
    finally:
        Template.render = original
    assert len(rendus) <= 3, rendus[:10]


def test_un_gabarit_d_option_a_part_voit_le_contexte_du_widget(settings, tmp_path):
    """As {% include option.template_name with widget=option %}: the option as `widget`, and
    whatever else the widget put in its context."""
    (tmp_path / "option_a_part.html").write_text(
        '<option value="{{ widget.value }}">{{ prefixe }} {{ widget.label }}</option>'
    )
    moteur = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**moteur, "DIRS": [tmp_path, *moteur["DIRS"]]}]

    class AvecPrefixe(forms.Select):
        option_template_name = "option_a_part.html"

        def get_context(self, *args, **kwargs):
            return super().get_context(*args, **kwargs) | {"prefixe": "Commune :"}

    html = AvecPrefixe(choices=[(1, "Lille")]).render("c", "1", renderer=TemplatesSetting())
    assert '<option value="1">Commune : Lille</option>' in html
