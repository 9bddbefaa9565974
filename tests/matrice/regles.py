from collections.abc import Callable
from dataclasses import dataclass, field

from tests.conftest import ACTEURS

# Expected status for an anonymous visitor of a protected page: the sign-in redirect.
CONNEXION = 302
# DRF answers an anonymous API call with 401 (token authentication advertises itself).
API_ANONYME = 401


@dataclass(frozen=True)
class Regle:
    attendu: dict[str, int]
    # Builds the URL's kwargs from the `monde` fixture (and may create objects in it).
    kwargs: Callable | None = None
    methode: str = "get"
    donnees: dict = field(default_factory=dict)


def regle(
    defaut: int = 403,
    *,
    anonyme: int = CONNEXION,
    kwargs: Callable | None = None,
    methode: str = "get",
    donnees: dict | None = None,
    **par_acteur: int,
) -> Regle:
    inconnus = set(par_acteur) - set(ACTEURS)
    assert not inconnus, f"acteurs inconnus : {inconnus}"
    attendu = dict.fromkeys(ACTEURS, defaut)
    attendu["anonyme"] = anonyme
    attendu.update(par_acteur)
    return Regle(attendu=attendu, kwargs=kwargs, methode=methode, donnees=donnees or {})


def public(statut: int = 200, **par_acteur: int) -> Regle:
    return regle(defaut=statut, anonyme=statut, **par_acteur)


def tous_connectes(statut: int = 200, **par_acteur: int) -> Regle:
    return regle(defaut=statut, **par_acteur)
