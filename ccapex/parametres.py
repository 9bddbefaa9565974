"""Query parameters: what every list refuses before reading them (issue 13).

A NUL byte cannot be stored by PostgreSQL and a 10 000-character value is never a real
filter; both are refused once, for every page, by `ParametresMiddleware`. Each list's own
FilterSet bounds its values (`filtres_valides`). HTML pages answer with the French 400 page,
the API with a DRF-shaped 400.
"""

from django.core.exceptions import BadRequest

# Longer than any search a person types (names, addresses, RG numbers): 10× the longest.
LONGUEUR_MAX_PARAMETRE = 1000


class ParametreInvalide(BadRequest):
    """A 400 whose message is French and meant for the user (shown by the 400 page)."""


def erreur_de_requete(request) -> tuple[str, str] | None:
    """(parameter, French message) saying why the path or query string is refused, or None;
    the parameter is empty when the path itself is refused."""
    if "\x00" in request.path:
        return "", "Adresse invalide : elle contient un caractère nul."
    for nom, valeurs in request.GET.lists():
        affiche = "".join(c if c.isprintable() else "?" for c in nom[:50])
        for texte in (nom, *valeurs):
            if "\x00" in texte:
                return affiche, f"Paramètre « {affiche} » invalide : il contient un caractère nul."
            if len(texte) > LONGUEUR_MAX_PARAMETRE:
                return affiche, (
                    f"Paramètre « {affiche} » invalide : plus de "
                    f"{LONGUEUR_MAX_PARAMETRE} caractères."
                )
    return None


def filtres_valides(filtres):
    """The FilterSet if its values are valid, else a French 400 listing the errors (an
    invalid filter silently ignored would show a list the user did not ask for)."""
    if filtres.is_bound and not filtres.is_valid():
        erreurs = []
        for nom, messages in filtres.errors.items():
            champ = filtres.form.fields.get(nom)
            libelle = champ.label if champ is not None and champ.label else nom
            erreurs.append(f"Paramètre « {libelle} » invalide : {' '.join(messages)}")
        raise ParametreInvalide(" ".join(erreurs))
    return filtres


PAGE_MAX = 999_999


def numero_de_page(valeur) -> int | None:
    """A `page` parameter: None when absent, else an integer from 1 to PAGE_MAX; anything
    else is refused in French (never an OFFSET the database cannot hold)."""
    if valeur in (None, ""):
        return None
    texte = str(valeur)
    if not (texte.isdigit() and texte.isascii() and 1 <= int(texte) <= PAGE_MAX):
        raise ParametreInvalide(f"Numéro de page invalide : un entier de 1 à {PAGE_MAX}.")
    return int(texte)
