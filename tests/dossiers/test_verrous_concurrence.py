"""Lock modes and lock orders of the writers of a household and its procedures, on real
concurrent connections (the helpers of `test_resume_concurrence`)."""

import threading
from datetime import date

import pytest
from django.db import transaction

from ccapex.concurrence import sauvegarder_versionne
from procedure.enums import TypeActe
from procedure.models import ActeProcedure
from tests.dossiers.factories import menage_avec_procedure
from tests.dossiers.test_resume_concurrence import DELAI, Fil, attendre, finir_sans_attendre
from tests.partenaires.factories import DepartementFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_un_acte_ajoute_n_attend_pas_la_sauvegarde_versionnee_de_sa_procedure():
    """The new act's foreign key check (at commit) takes KEY SHARE on the procedure: a
    versioned save holding it FOR UPDATE (an agent editing the procedure) made every act,
    debt or link of that procedure wait for the end of the edit's transaction."""
    procedure = menage_avec_procedure(DepartementFactory(code="95")).procedures.get()
    verrouille, relache = threading.Event(), threading.Event()

    def modifier():
        with transaction.atomic():
            procedure.numero_rg = "26/00042"
            sauvegarder_versionne(procedure, version_lue=procedure.version)
            verrouille.set()
            assert relache.wait(DELAI)

    edition = Fil(modifier)
    edition.start()
    try:
        attendre(verrouille, edition)
        finir_sans_attendre(
            Fil(
                lambda: ActeProcedure.objects.create(
                    procedure_id=procedure.pk, type=TypeActe.CDP, date=date(2025, 1, 1)
                )
            )
        )
    finally:
        relache.set()
        edition.fin()
    assert procedure.actes.filter(type=TypeActe.CDP).exists()
