"""A member's space lists only the recommendations addressed to its own organisation,
from closed sessions; nothing addressed to another body or to the household appears."""

from django.urls import reverse

from tests.commission.factories import (
    CommissionFactory,
    ParticipationFactory,
    PreconisationFactory,
    SeanceFactory,
)
from tests.conftest import client_de


def test_espace_membre_ne_montre_que_les_preconisations_de_son_organisation(monde):
    commission = CommissionFactory(departement=monde.departement)
    close = SeanceFactory(commission=commission, close=True)
    ouverte = SeanceFactory(commission=commission, publiee=True)
    for seance in (close, ouverte):
        ParticipationFactory(seance=seance, organisation=monde.caf)
    PreconisationFactory(examen__seance=close, organisation=monde.caf, texte="POUR-LA-CAF")
    PreconisationFactory(examen__seance=close, organisation=monde.bailleur, texte="AU-BAILLEUR")
    PreconisationFactory(examen__seance=close, texte="AU-MENAGE")
    PreconisationFactory(examen__seance=ouverte, organisation=monde.caf, texte="BROUILLON-CAF")

    page = client_de(monde.membre).get(reverse("commission:espace_membre")).content.decode()

    assert "POUR-LA-CAF" in page
    assert "AU-BAILLEUR" not in page
    assert "AU-MENAGE" not in page
    assert "BROUILLON-CAF" not in page
