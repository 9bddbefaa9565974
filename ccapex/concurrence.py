"""Optimistic locking: a save that did not start from the version in the database is refused,
saying who changed the object and when, so that nothing is overwritten silently."""

from django.db import transaction
from django.utils import timezone


class ConflitDeVersion(Exception):
    def __init__(self, objet):
        self.objet = objet
        derniere = objet.history.first() if hasattr(objet, "history") else None
        self.par = getattr(derniere, "history_user", None)
        self.le = getattr(derniere, "history_date", None)
        super().__init__(self.message)

    @property
    def message(self) -> str:
        qui = (self.par.nom_complet or self.par.email) if self.par else "un autre utilisateur"
        quand = f" le {timezone.localtime(self.le):%d/%m/%Y à %H:%M}" if self.le else ""
        return (
            f"Ces informations ont été modifiées par {qui}{quand} pendant que vous les éditiez. "
            "Vos changements n’ont pas été enregistrés : rechargez la page pour voir la "
            "nouvelle version, puis refaites vos modifications."
        )


def sauvegarder_versionne(instance, *, version_lue: int, par=None, champs=None) -> None:
    """Save `instance` if the database still holds `version_lue`; bump the version.

    FOR NO KEY UPDATE: rows pointing to this one (an act of the procedure, a note of the
    household) are still inserted meanwhile, their foreign key check taking KEY SHARE, which
    FOR UPDATE blocks. A save that changes a unique key takes FOR UPDATE itself."""
    with transaction.atomic():
        courant = type(instance).objects.select_for_update(no_key=True).get(pk=instance.pk)
        if courant.version != version_lue:
            raise ConflitDeVersion(courant)
        instance.version = version_lue + 1
        instance._history_user = par
        if champs is None:
            instance.save()
        else:
            instance.save(update_fields=[*champs, "version"])
