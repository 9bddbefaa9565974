from django.core.exceptions import ValidationError


def luhn_valide(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def valider_siret(value: str) -> None:
    """A SIRET is 14 digits passing the Luhn check.

    La Poste's establishments (SIREN 356000000) are too many for Luhn: INSEE accepts theirs
    when the sum of the digits is a multiple of 5.
    """
    if not (value.isdigit() and len(value) == 14):
        raise ValidationError("Le SIRET doit comporter exactement 14 chiffres.")
    la_poste = value.startswith("356000000") and sum(int(c) for c in value) % 5 == 0
    if not (luhn_valide(value) or la_poste):
        raise ValidationError("Ce numéro SIRET n’est pas valide (clé de contrôle).")
