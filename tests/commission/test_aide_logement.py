"""The housing aid under décret n° 2026-84: kept by default, suspended only by a notified
decision from its effective date; impayés reported from 1 Jan. 2027 wait on the home page
until the commission decides."""

from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from commission.aide_logement import etat_de_l_aide
from dossiers.enums import CanalSaisine, NatureSaisine
from tests.commission.factories import DecisionFactory
from tests.conftest import client_de
from tests.dossiers.factories import menage_avec_procedure
from tests.dossiers.factories_saisines import saisine_de

PARIS = ZoneInfo("Europe/Paris")


def decision(pk, nature, effet, statut="notifiee"):
    return SimpleNamespace(
        pk=pk,
        type=SimpleNamespace(nature=nature),
        statut=statut,
        date_effet=effet,
        notifiee_le=datetime(2027, 1, 5, tzinfo=PARIS),
    )


SUSPENSION, MAINTIEN, REPRISE = "aide_suspension", "aide_maintien", "aide_reprise"


@pytest.mark.parametrize(
    ("decisions", "jour", "suspendue", "depuis", "a_venir"),
    [
        ([], date(2027, 3, 1), False, None, None),
        # In effect on its effective date, not the day before.
        ([decision(1, SUSPENSION, date(2027, 2, 1))], date(2027, 1, 31), False, None,
         date(2027, 2, 1)),
        ([decision(1, SUSPENSION, date(2027, 2, 1))], date(2027, 2, 1), True, date(2027, 2, 1),
         None),
        # A suspension not notified yet, lifted, replaced or expired suspends nothing.
        ([decision(1, SUSPENSION, date(2027, 2, 1), "prise")], date(2027, 3, 1), False, None,
         None),
        ([decision(1, SUSPENSION, date(2027, 2, 1), "levee")], date(2027, 3, 1), False, None,
         None),
        ([decision(1, SUSPENSION, date(2027, 2, 1), "remplacee")], date(2027, 3, 1), False,
         None, None),
        ([decision(1, SUSPENSION, date(2027, 2, 1), "executee")], date(2027, 3, 1), True,
         date(2027, 2, 1), None),
        # The latest decision in effect wins, whatever the order given.
        ([decision(2, REPRISE, date(2027, 6, 1)), decision(1, SUSPENSION, date(2027, 2, 1))],
         date(2027, 6, 1), False, date(2027, 6, 1), None),
        ([decision(2, REPRISE, date(2027, 6, 1)), decision(1, SUSPENSION, date(2027, 2, 1))],
         date(2027, 5, 31), True, date(2027, 2, 1), None),
        ([decision(1, MAINTIEN, date(2027, 1, 15))], date(2027, 2, 1), False, date(2027, 1, 15),
         None),
        # Other kinds of decision do not touch the aid.
        ([decision(1, "saisine_fsl", date(2027, 1, 15))], date(2027, 2, 1), False, None, None),
    ],
)  # fmt: skip
def test_etat_de_l_aide(decisions, jour, suspendue, depuis, a_venir):
    etat = etat_de_l_aide(decisions, jour)
    assert (etat.suspendue, etat.depuis, etat.suspension_a_venir) == (suspendue, depuis, a_venir)
    assert ("Suspendue" in etat.libelle) is suspendue


def test_impayes_a_decider_sur_l_accueil(monde, django_capture_on_commit_callbacks):
    menage = menage_avec_procedure(monde.departement, nom="Martin")
    avant = menage_avec_procedure(monde.departement, nom="Bernard")
    for cible, jour in ((menage, datetime(2027, 1, 4, 9, tzinfo=PARIS)),
                        (avant, datetime(2026, 12, 31, 23, tzinfo=PARIS))):  # fmt: skip
        saisine_de(
            monde.caf,
            menage=cible,
            nature=NatureSaisine.ADMINISTRATIVE,
            canal=CanalSaisine.SIGNALEMENT_CAF,
            soumise_le=jour,
            nom=cible.membres.first().nom,
        )
    client = client_de(monde.secretariat)
    accueil = client.get(reverse("commission:tableau_de_bord")).content.decode()
    assert "impayés signalés à décider (1)" in accueil
    # A report not yet attached to a household is listed too, with a link to the report.
    sans_dossier = saisine_de(
        monde.caf,
        nature=NatureSaisine.ADMINISTRATIVE,
        canal=CanalSaisine.SIGNALEMENT_CAF,
        soumise_le=datetime(2027, 1, 5, 9, tzinfo=PARIS),
        nom="Sansdossier",
    )
    accueil = client.get(reverse("commission:tableau_de_bord")).content.decode()
    assert "impayés signalés à décider (2)" in accueil
    assert reverse("dossiers:saisine", args=[sans_dossier.pk]) in accueil
    assert "à rattacher à un dossier" in accueil
    sans_dossier.delete()

    def lien(cible):
        return reverse("dossiers:menage", args=[cible.numero]) + "#decisions"

    assert lien(menage) in accueil and lien(avant) not in accueil  # before the décret

    # A decision on the aid taken after the report takes it off the list.
    avant_le_signalement = DecisionFactory(
        seance__commission__departement=monde.departement,
        menage=menage,
        destinataire_organisation=monde.caf,
        prise_le=datetime(2027, 1, 3, tzinfo=PARIS),
    )
    assert lien(menage) in client.get(reverse("commission:tableau_de_bord")).content.decode()
    DecisionFactory(
        seance=avant_le_signalement.seance,
        menage=menage,
        destinataire_organisation=monde.caf,
        prise_le=datetime(2027, 1, 10, tzinfo=PARIS),
    )
    accueil = client.get(reverse("commission:tableau_de_bord")).content.decode()
    assert "impayés signalés à décider" not in accueil
    dossier = client.get(reverse("dossiers:menage", args=[menage.numero])).content.decode()
    assert "Aide au logement :</strong> Maintenue" in dossier
