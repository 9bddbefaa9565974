import pytest
from django.urls import reverse

from tests.conftest import client_de


def courant(reponse) -> list[str]:
    return [item["label"] for item in reponse.context["navigation"] if item["courant"]]


@pytest.mark.parametrize(
    ("url", "entree"),
    [
        ("commission:seances", "Séances"),
        ("commission:commissions", "Séances"),  # commissions belong to the sessions' entry
        ("dossiers:liste", "Ménages"),
        ("commission:tableau_de_bord", "Tableau de bord"),
    ],
)
def test_une_seule_entree_courante(monde, url, entree):
    reponse = client_de(monde.secretariat).get(reverse(url))
    assert courant(reponse) == [entree]


def test_la_plus_longue_entree_l_emporte(monde):
    """« Saisir la CCAPEX » lives under « Mon espace » (/partenaire/): only the longer one."""
    reponse = client_de(monde.partenaire).get(reverse("dossiers:nouvelle_saisine"), follow=True)
    assert courant(reponse) == ["Saisir la CCAPEX"]
