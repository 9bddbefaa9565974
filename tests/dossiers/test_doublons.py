from datetime import date

from dossiers.doublons import Recherche, candidats
from tests.dossiers.factories import MembreFactory, MenageFactory


def test_candidats_par_nom_date_adresse_et_caf(db):
    menage = MenageFactory(adresse="12 rue des Lilas", numero_allocataire="1234567")
    MembreFactory(menage=menage, nom="Lefèvre", date_naissance=date(1980, 5, 4))
    autre = MenageFactory(departement=menage.departement, adresse="3 place du Marché")
    MembreFactory(menage=autre, nom="Martin", date_naissance=date(1975, 1, 1))
    base = {"departement_ids": [menage.departement_id]}

    ((trouve, raisons),) = candidats(
        Recherche(**base, nom="LEFEVRE", date_naissance=date(1980, 5, 4))
    )
    assert trouve == menage and raisons == ["même nom et même date de naissance"]

    ((trouve, raisons),) = candidats(
        Recherche(**base, adresse="12, rue des lilas", commune_id=menage.commune_id)
    )
    assert trouve == menage and raisons == ["même adresse"]

    assert candidats(Recherche(**base, numero_allocataire="1234567"))[0][0] == menage
    assert candidats(Recherche(**base, nom="Lefèvre", date_naissance=date(1980, 5, 5))) == []
    assert candidats(Recherche(departement_ids=[0], numero_allocataire="1234567")) == []
