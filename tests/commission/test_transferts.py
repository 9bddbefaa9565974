"""Central and local commissions: which one is in charge of a household (same answer in
Python and in SQL), transfers with their reason in the journal, agendas that suggest the
cases of the session's commission."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from commission.competence import avec_commission_en_charge, commission_du_menage
from commission.models import Transfert
from commission.services.transferts import transferer
from dossiers.models import EvenementJournal, Menage
from tests.commission.factories import CommissionFactory, SeanceFactory
from tests.conftest import client_de
from tests.dossiers.factories import MenageFactory
from tests.dossiers.factories_saisines import saisine_de
from tests.partenaires.factories import ArrondissementFactory, CommuneFactory, EpciFactory


@pytest.fixture
def territoire(monde):
    d = monde.departement
    nord, sud = ArrondissementFactory(departement=d), ArrondissementFactory(departement=d)
    agglo = EpciFactory(departement=d)
    return {
        "centrale": CommissionFactory(departement=d),
        "locale_nord": CommissionFactory(departement=d, locale=True, arrondissement=nord),
        "locale_agglo": CommissionFactory(
            departement=d, type="locale", arrondissement=None, epci=agglo
        ),
        "eteinte": CommissionFactory(departement=d, locale=True, active=False),
        # A commune of the agglomeration in the north: the EPCI's commission comes first.
        "agglo_nord": CommuneFactory(departement=d, arrondissement=nord, epci=agglo),
        "nord": CommuneFactory(departement=d, arrondissement=nord, epci=None),
        "sud": CommuneFactory(departement=d, arrondissement=sud, epci=None),
    }


def test_commission_en_charge_python_et_sql_identiques(monde, territoire):
    t = territoire
    cas = {
        "agglo_nord": (MenageFactory(departement=monde.departement, commune=t["agglo_nord"]),
                       t["locale_agglo"]),
        "nord": (MenageFactory(departement=monde.departement, commune=t["nord"]),
                 t["locale_nord"]),
        "sud": (MenageFactory(departement=monde.departement, commune=t["sud"]), t["centrale"]),
    }  # fmt: skip
    transfere = MenageFactory(departement=monde.departement, commune=t["nord"])
    Transfert.objects.create(menage=transfere, vers=t["centrale"], motif="Situation complexe")
    cas["transfere"] = (transfere, t["centrale"])
    # A transfer to a commission since deactivated no longer counts: the territory does.
    vers_eteinte = MenageFactory(departement=monde.departement, commune=t["sud"])
    Transfert.objects.create(menage=vers_eteinte, vers=t["centrale"], motif="D’abord ici")
    Transfert.objects.create(menage=vers_eteinte, vers=t["eteinte"], motif="Puis là")
    cas["vers_eteinte"] = (vers_eteinte, t["centrale"])

    sql = dict(
        avec_commission_en_charge(Menage.objects.all(), menage="").values_list(
            "pk", "commission_en_charge_id"
        )
    )
    for nom, (menage, attendue) in cas.items():
        assert commission_du_menage(menage) == attendue, nom
        assert sql[menage.pk] == attendue.pk, nom


def test_transfert_motive_et_journalise(monde, territoire):
    menage = MenageFactory(departement=monde.departement, commune=territoire["nord"])
    with pytest.raises(ValidationError, match="motif"):
        transferer(menage, vers=territoire["centrale"], motif="  ", par=monde.secretariat)
    with pytest.raises(ValidationError, match="relève déjà"):
        transferer(menage, vers=territoire["locale_nord"], motif="x", par=monde.secretariat)
    ailleurs = CommissionFactory(departement=monde.autre_departement)
    with pytest.raises(ValidationError, match="active du département"):
        transferer(menage, vers=ailleurs, motif="x", par=monde.secretariat)
    with pytest.raises(ValidationError, match="active du département"):
        transferer(menage, vers=territoire["eteinte"], motif="x", par=monde.secretariat)
    assert Transfert.objects.count() == 0

    transferer(
        menage, vers=territoire["centrale"], motif="Risque d’expulsion imminente",
        par=monde.secretariat,
    )  # fmt: skip
    assert commission_du_menage(menage) == territoire["centrale"]
    ligne = EvenementJournal.objects.get(menage=menage, type="dossier_transfere")
    assert ligne.auteur == monde.secretariat
    assert str(territoire["locale_nord"]) in ligne.description
    assert "Risque d’expulsion imminente" in ligne.description
    # And back: the journal keeps both.
    transferer(menage, vers=territoire["locale_nord"], motif="Retour", par=monde.secretariat)
    assert commission_du_menage(menage) == territoire["locale_nord"]
    assert EvenementJournal.objects.filter(type="dossier_transfere").count() == 2


def test_page_du_dossier_et_ordre_du_jour_par_commission(monde, territoire):
    menage = MenageFactory(departement=monde.departement, commune=territoire["nord"])
    saisine = saisine_de(monde.bailleur, menage=menage, statut="recevable", nom="Renaud")
    locale = SeanceFactory(commission=territoire["locale_nord"])
    centrale = SeanceFactory(commission=territoire["centrale"])
    client = client_de(monde.secretariat)

    def propose(seance):
        html = client.get(reverse("commission:ordre_du_jour", args=[seance.pk])).content.decode()
        return f'name="saisine" value="{saisine.pk}"' in html

    assert propose(locale) and not propose(centrale)
    page = client.get(reverse("dossiers:menage", args=[menage.numero])).content.decode()
    assert f"Le dossier relève de « {territoire['locale_nord']} »" in page

    url = reverse("commission:transferer_menage", args=[menage.numero])
    reponse = client.post(url, {"vers": territoire["centrale"].pk, "motif": ""})
    assert reponse.status_code == 302 and Transfert.objects.count() == 0
    reponse = client.post(url, {"vers": territoire["centrale"].pk, "motif": "Bailleur privé"})
    assert reponse.url.endswith("#commission")
    assert Transfert.objects.get().fait_par == monde.secretariat
    assert propose(centrale) and not propose(locale)
    autre = client_de(monde.secretariat_autre_departement)
    assert autre.post(url, {"vers": territoire["centrale"].pk, "motif": "x"}).status_code == 404


def test_pas_de_transfert_d_un_dossier_fusionne(monde, territoire):
    """The dossier page of the duplicate, loaded before the merge, still posts its transfer:
    refused with the kept dossier's number, nothing recorded on the merged one."""
    from dossiers.services.menages import fusionner

    garde, doublon = (
        MenageFactory(departement=monde.departement),
        MenageFactory(departement=monde.departement),
    )
    fusionner(garde, doublon, par=monde.secretariat)
    journal = EvenementJournal.objects.count()
    reponse = client_de(monde.secretariat).post(
        reverse("commission:transferer_menage", args=[doublon.numero]),
        {"vers": territoire["locale_nord"].pk, "motif": "Relève du nord"},
        follow=True,
    )
    assert f"fusionné dans le dossier {garde.numero}" in reponse.content.decode()
    assert not Transfert.objects.exists()
    assert EvenementJournal.objects.count() == journal
