from commission.models import Preconisation
from tests.commission.factories import (
    CommissionFactory,
    ExamenFactory,
    MembreCommissionFactory,
    ParticipationFactory,
    PreconisationFactory,
    SeanceFactory,
)


def test_les_fabriques_produisent_des_lignes_coherentes(monde):
    commission = CommissionFactory(departement=monde.departement)
    locale = CommissionFactory(departement=monde.departement, locale=True)
    assert locale.arrondissement.departement == monde.departement
    MembreCommissionFactory(
        commission=commission, organisation=monde.caf, representants=[monde.membre]
    )
    seance = SeanceFactory(commission=commission, publiee=True)
    ParticipationFactory(seance=seance, organisation=monde.caf)
    examen = ExamenFactory(seance=seance, avec_preconisations=2, avec_nom="Dupont")
    assert examen.menage.departement == monde.departement
    assert examen.preconisations.count() == 2
    assert examen.menage.membres.get().nom == "Dupont"
    p = PreconisationFactory(examen=examen, organisation=monde.caf)
    assert p.destinataire_organisation == monde.caf and not p.destinataire_menage
    assert Preconisation.objects.filter(destinataire_menage=True).count() == 2
