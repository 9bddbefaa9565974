"""The housing stock (parc) a figure of the balance belongs to: the rule, stated once.

- An act belongs to the parc of its procedure.
- A referral belongs to the parc it states; when it states none, to the parc of its procedure,
  or failing a procedure, to its household's parc.
- What hangs off a household (examinations, sessions, recommendations, decisions, 12-month
  reviews, DLS status, prevention letters) belongs to the household's parc: the parc of its
  most recent procedure, or failing one, the parc stated by its most recent referral.
- A household or referral whose parc is unknown counts only in the all-parcs balance.

Filters are `Q` objects with uncorrelated sub-selects, so that restricting a family to a parc
adds no query: each family stays one SQL statement.
"""

from __future__ import annotations

from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from dossiers.enums import StatutSaisine
from dossiers.models import Menage, MenageProcedure, Saisine
from procedure.enums import Parc

TOUS = ""
CHOIX = [(TOUS, "Tous les parcs"), *Parc.choices]
LIBELLES = dict(CHOIX)


def valide(parc: str | None) -> str:
    """The parc code, or "" (all parcs) for anything unknown."""
    return parc if parc in Parc.values else TOUS


def _parc_de_la_derniere_saisine(menage: str = "pk"):
    return Subquery(
        Saisine.objects.filter(menage=OuterRef(menage))
        .exclude(parc="")
        .exclude(statut=StatutSaisine.BROUILLON)
        .order_by("-soumise_le", "-id")
        .values("parc")[:1]
    )


def parc_du_menage(menage: str = "pk"):
    """SQL expression: the parc of the household reached by `menage` (see the rule above)."""
    procedure = (
        MenageProcedure.objects.filter(menage=OuterRef(menage))
        .order_by("-procedure__cree_le", "-procedure_id")
        .values("procedure__parc")[:1]
    )
    return Coalesce(Subquery(procedure), _parc_de_la_derniere_saisine(menage))


def _sans_procedure_du_parc(parc: str):
    """Households without a procedure whose latest referral states `parc` (a sub-select read
    through the partial index of households without a procedure)."""
    return (
        Menage.objects.filter(procedure_en_cours__isnull=True)
        .annotate(parc_saisine=_parc_de_la_derniere_saisine())
        .filter(parc_saisine=parc)
        .values("pk")
    )


def _chemin(prefixe: str, champ: str) -> str:
    return f"{prefixe}__{champ}" if prefixe else champ


def filtre_menage(parc: str, menage: str = "menage") -> Q:
    """Rows whose household (reached by the lookup `menage`, "" for Menage itself) is of `parc`."""
    if not parc:
        return Q()
    # The household's stored summary holds the parc of its current (latest) procedure, the
    # rule's first branch (`dossiers.resume`, equal to the rules by test): read on the joined
    # row, not by a sub-select over every household of the database (22 s a balance at
    # 1 000 000 households). Only households without a procedure need their referrals.
    return Q(**{_chemin(menage, "parc"): parc}) | Q(
        **{
            _chemin(menage, "procedure_en_cours__isnull"): True,
            f"{menage or 'pk'}__in": _sans_procedure_du_parc(parc),
        }
    )


def filtre_saisine(parc: str, saisine: str = "") -> Q:
    """Referrals (reached by the lookup `saisine`, "" for Saisine itself) of `parc`."""
    if not parc:
        return Q()
    propre = _chemin(saisine, "parc")
    return Q(**{propre: parc}) | Q(**{propre: ""}) & (
        Q(**{_chemin(saisine, "procedure__parc"): parc})
        | Q(**{_chemin(saisine, "procedure__isnull"): True})
        & filtre_menage(parc, _chemin(saisine, "menage"))
    )


def filtre_acte(parc: str, procedure: str = "procedure") -> Q:
    """Acts (or anything reaching a procedure by `procedure`) of `parc`."""
    if not parc:
        return Q()
    return Q(**{f"{procedure}__parc": parc})
