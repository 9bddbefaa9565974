"""Form widgets rendered without one template per option.

Django's select.html includes select_option.html for every option, which includes
attrs.html: 21 ms for the 650 communes of a big département (the Nord has 648), on every list
page with the commune filter and every form with a commune field. The override in
templates/django/forms/widgets/select.html calls `options_html`, which writes the same markup
in Python (tests/ccapex/test_widgets.py compares it with Django's own templates)."""

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

OPTION_PAR_DEFAUT = "django/forms/widgets/select_option.html"


def _attributs(attrs: dict) -> str:
    # attrs.html: a True value is a bare attribute, a False one is left out.
    return "".join(
        format_html(" {}", nom) if valeur is True else format_html(' {}="{}"', nom, str(valeur))
        for nom, valeur in attrs.items()
        if valeur is not False
    )


def _option(option: dict) -> str:
    if option["template_name"] != OPTION_PAR_DEFAUT:
        return render_to_string(option["template_name"], {"widget": option})
    # select_option.html ends with a newline, which Django's output keeps.
    return format_html(
        '<option value="{}"{}>{}</option>\n',
        str(option["value"]),
        mark_safe(_attributs(option["attrs"])),  # pieces from format_html
        option["label"],
    )


@register.filter
def options_html(optgroups) -> str:
    morceaux = []
    for nom_groupe, options, _index in optgroups:
        if nom_groupe:
            morceaux.append(format_html('\n  <optgroup label="{}">', nom_groupe))
        morceaux.extend("\n  " + _option(option) for option in options)
        if nom_groupe:
            morceaux.append("\n  </optgroup>")
    return mark_safe("".join(morceaux))  # every piece is escaped
