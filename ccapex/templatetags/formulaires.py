"""Form widgets rendered without one template per option.

Django's select.html includes select_option.html for every option, which includes
attrs.html: 21 ms for the 650 communes of a big département (the Nord has 648), on every list
page with the commune filter and every form with a commune field. The override in
templates/django/forms/widgets/select.html calls `options_html`, which writes the same markup
in Python (tests/ccapex/test_widgets.py compares it with Django's own templates)."""

from django import template
from django.template.base import render_value_in_context
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


def _option(option: dict, context, gabarits: dict) -> str:
    nom = option["template_name"]
    if nom != OPTION_PAR_DEFAUT:
        # What {% include option.template_name with widget=option %} does: the widget's
        # context, with the option as `widget`, through the renderer's own engine.
        if nom not in gabarits:
            gabarits[nom] = context.template.engine.get_template(nom)
        with context.push(widget=option):
            return gabarits[nom].render(context)
    # select_option.html ends with a newline, which Django's output keeps. The label is
    # rendered as {{ widget.label }} is: a date, a datetime or a decimal number is localised.
    return format_html(
        '<option value="{}"{}>{}</option>\n',
        str(option["value"]),
        mark_safe(_attributs(option["attrs"])),  # pieces from format_html
        render_value_in_context(option["label"], context),
    )


@register.simple_tag(takes_context=True)
def options_html(context, optgroups) -> str:
    morceaux = []
    gabarits = {}
    for nom_groupe, options, _index in optgroups:
        if nom_groupe:
            morceaux.append(
                format_html(
                    '\n  <optgroup label="{}">', render_value_in_context(nom_groupe, context)
                )
            )
        morceaux.extend("\n  " + _option(option, context, gabarits) for option in options)
        if nom_groupe:
            morceaux.append("\n  </optgroup>")
    return mark_safe("".join(morceaux))  # every piece is escaped
