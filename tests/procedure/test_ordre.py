"""The default order of procedures agrees with the household's current procedure."""

import pytest
from django.utils import timezone

from procedure.models import Procedure
from tests.procedure.factories import ProcedureFactory

pytestmark = pytest.mark.django_db


def test_meme_heure_de_creation_la_plus_recente_par_identifiant():
    """One import chunk gives its procedures one clock read: the id breaks the tie, as in the
    stored summary (`dossiers.resume`), so `.first()` and the API name the same one."""
    quand = timezone.now()
    premiere, seconde = ProcedureFactory(cree_le=quand), ProcedureFactory(cree_le=quand)
    assert premiere.pk < seconde.pk
    ids = [premiere.pk, seconde.pk]
    assert list(Procedure.objects.filter(pk__in=ids)) == [seconde, premiere]
    assert Procedure.objects.filter(pk__in=ids).first() == seconde
