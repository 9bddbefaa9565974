import threading

import pytest
from django.db import connection, transaction

from dossiers.numerotation import prochain_numero
from dossiers.services.menages import creer_menage
from tests.partenaires.factories import CommuneFactory, DepartementFactory


def test_numeros_consecutifs_par_departement_et_annee(db):
    d96 = DepartementFactory(code="96")
    d93 = DepartementFactory(code="93")
    with transaction.atomic():
        assert prochain_numero(departement=d96, annee=2026, serie="dossier") == "96-2026-00001"
        assert prochain_numero(departement=d96, annee=2026, serie="dossier") == "96-2026-00002"
        assert prochain_numero(departement=d93, annee=2026, serie="dossier") == "93-2026-00001"
        assert prochain_numero(departement=d96, annee=2027, serie="dossier") == "96-2027-00001"
        assert prochain_numero(departement=d96, annee=2026, serie="saisine") == "S-96-2026-00001"


@pytest.mark.django_db(transaction=True)
def test_hors_transaction_refuse():
    with pytest.raises(RuntimeError):
        prochain_numero(departement=DepartementFactory(), annee=2026, serie="dossier")


@pytest.mark.django_db(transaction=True)
def test_sans_trou_ni_doublon_sous_concurrence():
    departement = DepartementFactory(code="96")
    commune = CommuneFactory(departement=departement)
    numeros, erreurs = [], []
    depart = threading.Barrier(8)

    def creer(index):
        try:
            depart.wait()
            with transaction.atomic():
                menage = creer_menage(
                    departement=departement, par=None, adresse=f"{index} rue Haute", commune=commune
                )
                if index % 4 == 0:
                    raise RuntimeError("annulée")  # a rolled-back creation gives its number back
                numeros.append(menage.numero)
        except RuntimeError:
            pass
        except Exception as erreur:  # pragma: no cover - reported below
            erreurs.append(erreur)
        finally:
            connection.close()

    fils = [threading.Thread(target=creer, args=(i,)) for i in range(8)]
    for fil in fils:
        fil.start()
    for fil in fils:
        fil.join()
    assert erreurs == []
    annee = numeros[0].split("-")[1]
    assert sorted(numeros) == [f"96-{annee}-{n:05d}" for n in range(1, 7)]
