"""Scoping by département: `Modele.objects.des_departements(ids)` on every model a secretariat
reaches, whatever the path from the row to its département."""

from django.db import models


class DesDepartementsQuerySet(models.QuerySet):
    chemin = "departement"  # the path to the département, set by `des_departements_via`

    def des_departements(self, departement_ids):
        return self.filter(**{f"{self.chemin}_id__in": departement_ids})


def des_departements_via(chemin: str) -> models.Manager:
    """The default manager of a model whose département is reached through `chemin`."""
    queryset = type("DesDepartementsQuerySet", (DesDepartementsQuerySet,), {"chemin": chemin})
    return queryset.as_manager()
