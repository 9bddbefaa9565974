import pytest
from django.core import mail
from django.db import transaction

from ccapex.courriels import adresses_utiles, envoyer, envoyer_apres_commit

GABARIT = "emails/saisine_confirmation_menage.txt"


class _Annulation(Exception):
    pass


@pytest.mark.django_db(transaction=True)
def test_envoyer_apres_commit_rien_si_la_transaction_est_annulee():
    with pytest.raises(_Annulation), transaction.atomic():
        envoyer_apres_commit("Sujet", GABARIT, {"lien": "https://exemple.fr/c"}, ["a@exemple.fr"])
        raise _Annulation
    assert mail.outbox == []
    with transaction.atomic():
        envoyer_apres_commit("Sujet", GABARIT, {"lien": "https://exemple.fr/c"}, ["a@exemple.fr"])
        assert mail.outbox == []
    assert [m.to for m in mail.outbox] == [["a@exemple.fr"]]


def test_envoyer_sans_adresse_n_envoie_rien():
    assert envoyer("Sujet", GABARIT, {"lien": "https://exemple.fr/c"}, []) is False
    assert envoyer("Sujet", GABARIT, {"lien": "https://exemple.fr/c"}, ["b@exemple.fr"]) is True
    assert [(m.subject, m.to) for m in mail.outbox] == [("Sujet", ["b@exemple.fr"])]
    assert "https://exemple.fr/c" in mail.outbox[0].body


def test_adresses_utiles():
    adresses = ["b@x.fr", "", "api-3@api.ccapex.invalid", "a@x.fr", "b@x.fr"]
    assert adresses_utiles(adresses) == ["a@x.fr", "b@x.fr"]
