"""Which commission of the département is in charge of a household's case.

The latest transfer decides (to an active commission); without one, the active local
commission whose territory covers the household's commune (its EPCI first, then its
arrondissement), otherwise the département's central commission. One rule, written twice:
in Python for a page (`en_charge`) and in SQL for the agenda's suggestions
(`avec_commission_en_charge`); a test checks that both agree.
"""

from __future__ import annotations

from django.db.models import BigIntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from commission.enums import TypeCommission
from commission.models import Commission, Transfert


def en_charge(*, commune, commissions, transferts_vers: list[int]):
    """Pure: `commissions` are the département's commissions (any order), `transferts_vers`
    the commissions the household was transferred to, most recent first."""
    actives = sorted((c for c in commissions if c.active), key=lambda c: c.pk)
    par_pk = {c.pk: c for c in actives}
    cible = next((par_pk[pk] for pk in transferts_vers if pk in par_pk), None)
    if cible is not None:
        return cible
    locales = [c for c in actives if c.type == TypeCommission.LOCALE]
    for champ, valeur in (
        ("epci_id", commune.epci_id),
        ("arrondissement_id", commune.arrondissement_id),
    ):
        trouvee = next((c for c in locales if valeur and getattr(c, champ) == valeur), None)
        if trouvee is not None:
            return trouvee
    return next((c for c in actives if c.type == TypeCommission.DEPARTEMENTALE), None)


def commission_du_menage(menage):
    """The commission in charge of this household, read now (two queries)."""
    transferts = Transfert.objects.filter(menage=menage).order_by("-fait_le", "-id")
    return en_charge(
        commune=menage.commune,
        commissions=Commission.objects.filter(departement_id=menage.departement_id),
        transferts_vers=list(transferts.values_list("vers_id", flat=True)),
    )


def avec_commission_en_charge(queryset, menage: str = "menage"):
    """Annotate `commission_en_charge_id` on rows that reach a household through `menage`
    (an empty path: the rows are households)."""
    chemin = f"{menage}__" if menage else ""

    def premiere(commissions):
        return Subquery(commissions.filter(active=True).order_by("pk").values("pk")[:1])

    transfert = (
        Transfert.objects.filter(menage=OuterRef(menage or "pk"), vers__active=True)
        .order_by("-fait_le", "-id")
        .values("vers_id")[:1]
    )
    locales = Commission.objects.filter(type=TypeCommission.LOCALE)
    return queryset.annotate(
        commission_en_charge_id=Coalesce(
            Subquery(transfert),
            premiere(locales.filter(epci_id=OuterRef(f"{chemin}commune__epci_id"))),
            premiere(
                locales.filter(arrondissement_id=OuterRef(f"{chemin}commune__arrondissement_id"))
            ),
            premiere(
                Commission.objects.filter(
                    type=TypeCommission.DEPARTEMENTALE,
                    departement_id=OuterRef(f"{chemin}departement_id"),
                )
            ),
            output_field=BigIntegerField(),
        )
    )
