"""`url_dossier` gives exactly what `{% url 'dossiers:menage' numero %}` gives."""

import pytest
from django.template import Context, Template
from django.urls import reverse, set_script_prefix

from ccapex.templatetags.ccapex import url_dossier

NUMEROS = [
    "96-2026-00001",
    "2A-2027-00012",
    "A B",
    "Lefèvre",
    "x&y",
    "50%",
    "a'b",
    "a:b@c~",
    "a?b#c",
]


@pytest.mark.parametrize("numero", NUMEROS)
def test_comme_reverse(numero):
    assert url_dossier(numero) == reverse("dossiers:menage", args=[numero])


def test_comme_la_balise_url_echappement_compris():
    gabarit = Template("{% load ccapex %}{% url 'dossiers:menage' n %}|{{ n|url_dossier }}")
    for numero in NUMEROS:
        par_la_balise, par_le_filtre = gabarit.render(Context({"n": numero})).split("|")
        assert par_le_filtre == par_la_balise, numero


@pytest.mark.parametrize("numero", ["96-2026-00001", "x y"])
def test_sous_un_prefixe_de_deploiement(numero):
    set_script_prefix("/ccapex/")
    try:
        assert url_dossier(numero) == reverse("dossiers:menage", args=[numero])
        assert url_dossier(numero).startswith("/ccapex/menages/")
    finally:
        set_script_prefix("/")
