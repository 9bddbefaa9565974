"""Is this household already known? Candidates by name and birth date, address, CAF number.

Accent- and case-insensitive (PostgreSQL `unaccent`); addresses compared by trigram
similarity within the same commune. The agent decides: these are candidates, not merges.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import Q
from django.db.models.functions import Lower

from dossiers.models import Menage

SEUIL_ADRESSE = 0.6


@dataclass(frozen=True)
class Recherche:
    departement_ids: list[int]
    nom: str = ""
    date_naissance: date | None = None
    adresse: str = ""
    commune_id: int | None = None
    numero_allocataire: str = ""
    exclure_id: int | None = None


def candidats(recherche: Recherche, limite: int = 10) -> list[tuple[Menage, list[str]]]:
    """Known households that may be the same, each with the reasons it matched."""
    criteres = Q(pk__in=[])
    if recherche.nom and recherche.date_naissance:
        criteres |= Q(
            membres__nom__sans_accents__exact=recherche.nom.strip(),
            membres__date_naissance=recherche.date_naissance,
        )
    if recherche.adresse and recherche.commune_id:
        criteres |= Q(commune_id=recherche.commune_id, similarite__gte=SEUIL_ADRESSE)
    if recherche.numero_allocataire:
        criteres |= Q(numero_allocataire=recherche.numero_allocataire.strip())
    menages = (
        Menage.objects.actifs()
        .des_departements(recherche.departement_ids)
        .annotate(similarite=TrigramSimilarity(Lower("adresse"), (recherche.adresse or "").lower()))
        .filter(criteres)
        .exclude(pk=recherche.exclure_id)
        .select_related("commune")
        .prefetch_related("membres")
        .distinct()
        .order_by("-similarite", "numero")[:limite]
    )
    return [(menage, _raisons(menage, recherche)) for menage in menages]


def _raisons(menage: Menage, recherche: Recherche) -> list[str]:
    from unicodedata import combining, normalize

    def simple(texte: str) -> str:
        return "".join(c for c in normalize("NFD", texte) if not combining(c)).lower().strip()

    raisons = []
    if (
        recherche.nom
        and recherche.date_naissance
        and any(
            simple(m.nom) == simple(recherche.nom) and m.date_naissance == recherche.date_naissance
            for m in menage.membres.all()
        )
    ):
        raisons.append("même nom et même date de naissance")
    if recherche.commune_id == menage.commune_id and menage.similarite >= SEUIL_ADRESSE:
        raisons.append("même adresse")
    if recherche.numero_allocataire and menage.numero_allocataire == recherche.numero_allocataire:
        raisons.append("même numéro d’allocataire")
    return raisons
