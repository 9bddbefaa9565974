"""Scoping by département: `Modele.objects.des_departements(ids)` on every model a secretariat
reaches, whatever the path from the row to its département."""

from django.db import models


class DesDepartementsQuerySet(models.QuerySet):
    chemin = "departement"  # the path to the département, set by `des_departements_via`
    # The path to a household file, if the row belongs to one: rows of an archived file
    # (`archive_le` set) are out of the département's scope, like the file itself.
    dossier = ""

    def des_departements(self, departement_ids):
        lignes = self.filter(**{f"{self.chemin}_id__in": departement_ids})
        if self.dossier:
            lignes = lignes.filter(
                models.Q(**{f"{self.dossier}__isnull": True})
                | models.Q(**{f"{self.dossier}__archive_le__isnull": True})
            )
        return lignes


def des_departements_via(chemin: str, *, dossier: str = "") -> models.Manager:
    """The default manager of a model whose département is reached through `chemin`
    (and, for a row of a household file, the file through `dossier`)."""
    attributs = {"chemin": chemin, "dossier": dossier}
    queryset = type("DesDepartementsQuerySet", (DesDepartementsQuerySet,), attributs)
    return queryset.as_manager()
