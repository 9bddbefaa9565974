"""Human numbers such as `96-2026-00042`: per département, year and series, without gaps.

The counter row is read under a row lock (SELECT … FOR UPDATE) inside the caller's
transaction: two agents creating dossiers at the same time get consecutive numbers, and a
rolled-back creation gives its number back.
"""

from django.db import IntegrityError, transaction

from dossiers.models import CompteurDossier

PREFIXES = {"dossier": "", "saisine": "S-"}


def prochain_numero(*, departement, annee: int, serie: str) -> str:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("prochain_numero() doit être appelé dans une transaction")
    compteur = _verrouiller(departement, annee, serie)
    compteur.dernier += 1
    compteur.save(update_fields=["dernier"])
    return f"{PREFIXES[serie]}{departement.code}-{annee}-{compteur.dernier:05d}"


def _verrouiller(departement, annee, serie) -> CompteurDossier:
    cle = {"departement": departement, "annee": annee, "serie": serie}
    compteur = CompteurDossier.objects.select_for_update().filter(**cle).first()
    if compteur is not None:
        return compteur
    try:
        # First number of the year: another transaction may be creating the row too.
        with transaction.atomic():
            CompteurDossier.objects.create(**cle)
    except IntegrityError:
        pass
    return CompteurDossier.objects.select_for_update().get(**cle)


def reserver_numeros(*, departement, annee: int, serie: str, nombre: int) -> list[str]:
    """A block of consecutive numbers in one lock (bulk creation: demo, imports)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("reserver_numeros() doit être appelé dans une transaction")
    compteur = _verrouiller(departement, annee, serie)
    premier = compteur.dernier + 1
    compteur.dernier += nombre
    compteur.save(update_fields=["dernier"])
    prefixe = f"{PREFIXES[serie]}{departement.code}-{annee}-"
    return [f"{prefixe}{n:05d}" for n in range(premier, premier + nombre)]
