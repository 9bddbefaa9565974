"""The territory a balance is about: the département or one of its arrondissements, EPCIs
or communes, named by a stable code in URLs ("D-91", "A-912", "E-200057859", "C-91228")."""

from dataclasses import dataclass

from django.db.models import Q

from partenaires.models import Arrondissement, Commune, Departement, Epci

NIVEAUX = {"D": "département", "A": "arrondissement", "E": "EPCI", "C": "commune"}


@dataclass(frozen=True)
class Territoire:
    niveau: str  # D, A, E or C
    code: str
    libelle: str
    objet_id: int
    departement_id: int

    def filtre(self, commune: str, departement: str | None = None) -> Q:
        """Q on a queryset whose commune is reached by `commune` (a lookup path) and, for the
        département level, whose département is reached by `departement` when given."""
        if self.niveau == "D":
            if departement:
                return Q(**{f"{departement}_id": self.objet_id})
            return Q(**{f"{commune}__departement_id": self.objet_id})
        champ = {"A": "arrondissement_id", "E": "epci_id", "C": "id"}[self.niveau]
        return Q(**{f"{commune}__{champ}": self.objet_id})


def du_departement(departement: Departement) -> Territoire:
    return Territoire("D", f"D-{departement.code}", departement.nom, departement.pk, departement.pk)


def choix(departement: Departement) -> list[tuple[str, str]]:
    """Codes and labels of the territories of a département (3 queries, whatever its size)."""
    options = [(f"D-{departement.code}", f"Département — {departement.nom}")]
    options += [
        (f"A-{a.code}", f"Arrondissement — {a.nom}")
        for a in Arrondissement.objects.filter(departement=departement).order_by("nom")
    ]
    options += [
        (f"E-{e.siren}", f"EPCI — {e.nom}")
        for e in Epci.objects.filter(departement=departement).order_by("nom")
    ]
    options += [
        (f"C-{c.code_insee}", f"Commune — {c.nom}")
        for c in Commune.objects.filter(departement=departement).order_by("nom")
    ]
    return options


def depuis_code(code: str, departement: Departement) -> Territoire | None:
    """The territory of this code inside the département; None when unknown or outside it."""
    niveau, _, valeur = (code or "").partition("-")
    if niveau == "D":
        return du_departement(departement) if valeur == departement.code else None
    modele, champ = {
        "A": (Arrondissement, "code"),
        "E": (Epci, "siren"),
        "C": (Commune, "code_insee"),
    }.get(niveau, (None, None))
    if modele is None:
        return None
    objet = modele.objects.filter(departement=departement, **{champ: valeur}).first()
    if objet is None:
        return None
    return Territoire(niveau, code, objet.nom, objet.pk, departement.pk)
