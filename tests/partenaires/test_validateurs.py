import pytest
from django.core.exceptions import ValidationError

from partenaires.validators import valider_siret


@pytest.mark.parametrize("siret", ["73282932000074", "35600000000048", "35600000012346"])
def test_siret_valides(siret):
    valider_siret(siret)


@pytest.mark.parametrize(("siret", "message"), [
    ("7328293200007", "14 chiffres"),
    ("7328293200007A", "14 chiffres"),
    ("73282932000075", "clé de contrôle"),
])  # fmt: skip
def test_siret_invalides(siret, message):
    with pytest.raises(ValidationError, match=message):
        valider_siret(siret)
