from dossiers import journal
from dossiers.models import EvenementJournal
from tests.dossiers.factories import MenageFactory


def test_ecrire_en_masse_une_insertion(monde, django_assert_num_queries):
    menages = [MenageFactory(departement=monde.departement) for _ in range(3)]
    lignes = [
        journal.ligne(
            journal.TypeEvenement.MENAGE_CREE,
            "x" * 600,
            par=monde.secretariat,
            donnees={"n": i},
            menage_id=m.pk,
        )
        for i, m in enumerate(menages)
    ]
    with django_assert_num_queries(1):
        journal.ecrire_en_masse(lignes)
    evenements = EvenementJournal.objects.order_by("id")
    assert [e.menage_id for e in evenements] == [m.pk for m in menages]
    assert {len(e.description) for e in evenements} == {500}
    assert [e.donnees for e in evenements] == [{"n": 0}, {"n": 1}, {"n": 2}]
    assert {e.auteur_id for e in evenements} == {monde.secretariat.pk}
