"""`copie.nouvelle` builds rows without `Model.__init__`: every concrete field of every model
the import writes must hold what `Model(**valeurs)` would give (defaults, callables called
per row, empty strings, NULLs), and an unknown field is refused."""

import pytest
from django.db.models import DateField, DateTimeField, UUIDField

from dossiers.imports.copie import nouvelle
from dossiers.models import EvenementJournal, MenageProcedure, Saisine
from procedure.models import ActeProcedure, EtatDette, Procedure

MODELES = [Procedure, ActeProcedure, EtatDette, MenageProcedure, Saisine, EvenementJournal]


def _variable(champ) -> bool:
    # A default read from the clock or drawn at random differs between two calls.
    return isinstance(champ, DateTimeField | DateField | UUIDField) and champ.has_default()


@pytest.mark.parametrize("modele", MODELES, ids=lambda m: m.__name__)
def test_nouvelle_egale_le_constructeur(modele):
    rapide, classique = nouvelle(modele), modele()
    for champ in modele._meta.concrete_fields:
        a, b = getattr(rapide, champ.attname), getattr(classique, champ.attname)
        if _variable(champ):
            assert type(a) is type(b), champ.name
        else:
            assert a == b and type(a) is type(b), champ.name
        if isinstance(a, list | dict):
            # A mutable default is a new object for each row, never shared.
            assert nouvelle(modele).__dict__[champ.attname] is not a, champ.name
    assert rapide._state.adding and rapide._state.db is None


def test_nouvelle_refuse_un_champ_inconnu():
    with pytest.raises(TypeError, match="champs inconnus"):
        nouvelle(EtatDette, procedure=None)  # by name, not attribute: refused
