from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ccapex.concurrence import ConflitDeVersion
from procedure import services
from procedure.enums import IssueJugement, MotifExceptionTreve, Stade, TypeActe
from procedure.models import Procedure
from tests.partenaires.factories import UtilisateurFactory
from tests.procedure.factories import ProcedureFactory

AUJOURD_HUI = date(2026, 11, 24)


@pytest.fixture
def agent(db):
    return UtilisateurFactory(prenom="Camille", nom="Durand")


def ajouter(procedure, agent, type_, jour, **champs):
    return services.ajouter_acte(
        procedure, par=agent, aujourd_hui=AUJOURD_HUI, type=type_, date=jour, **champs
    )


def test_cql_sans_jugement_d_expulsion_refuse(agent):
    procedure = ProcedureFactory()
    ajouter(procedure, agent, TypeActe.ASSIGNATION, date(2026, 3, 1))
    ajouter(
        procedure,
        agent,
        TypeActe.JUGEMENT,
        date(2026, 5, 1),
        issue_jugement=IssueJugement.DELAIS_ACCORDES,
    )
    with pytest.raises(ValidationError, match="jugement ordonnant l’expulsion"):
        ajouter(procedure, agent, TypeActe.CQL, date(2026, 6, 1))
    assert procedure.actes.count() == 2


def test_acte_dans_le_futur_refuse(agent):
    procedure = ProcedureFactory()
    with pytest.raises(ValidationError, match="dans le futur"):
        ajouter(procedure, agent, TypeActe.CDP, date(2026, 11, 25))


def test_expulsion_sans_octroi_refusee(agent):
    procedure = ProcedureFactory()
    with pytest.raises(ValidationError, match="octroi du concours"):
        ajouter(procedure, agent, TypeActe.EXPULSION, date(2026, 6, 1))


def test_expulsion_pendant_la_treve_refusee_sauf_exception(agent):
    procedure = ProcedureFactory()
    ajouter(procedure, agent, TypeActe.ASSIGNATION, date(2025, 1, 5))
    ajouter(
        procedure,
        agent,
        TypeActe.JUGEMENT,
        date(2025, 3, 1),
        issue_jugement=IssueJugement.EXPULSION_ORDONNEE,
    )
    ajouter(procedure, agent, TypeActe.CQL, date(2025, 4, 1))
    ajouter(procedure, agent, TypeActe.REQUISITION_CFP, date(2025, 6, 5))
    ajouter(procedure, agent, TypeActe.OCTROI_CFP, date(2025, 8, 1))
    with pytest.raises(ValidationError, match="trêve hivernale"):
        ajouter(procedure, agent, TypeActe.EXPULSION, date(2025, 11, 1))
    # The exception needs its legal ground (CPCE L412-6 to L412-8).
    with pytest.raises(ValidationError, match="indiquez son motif"):
        ajouter(procedure, agent, TypeActe.EXPULSION, date(2025, 11, 1), exception_treve=True)
    ajouter(
        procedure,
        agent,
        TypeActe.EXPULSION,
        date(2025, 11, 1),
        exception_treve=True,
        motif_exception_treve=MotifExceptionTreve.RELOGEMENT,
    )


def test_dette_enregistree_avec_l_acte(agent):
    procedure = ProcedureFactory()
    acte = ajouter(procedure, agent, TypeActe.CDP, date(2026, 2, 1), montant_dette=Decimal("1450"))
    (dette,) = procedure.dettes.all()
    assert dette.acte == acte and dette.montant == Decimal("1450") and dette.date == acte.date


def test_correction_avec_historique_et_verrou_optimiste(agent):
    procedure = ProcedureFactory()
    acte = ajouter(procedure, agent, TypeActe.CDP, date(2026, 2, 1))
    services.corriger_acte(
        acte, par=agent, version_lue=1, aujourd_hui=AUJOURD_HUI, date=date(2026, 2, 3)
    )
    acte.refresh_from_db()
    assert acte.date == date(2026, 2, 3) and acte.version == 2
    assert [h.date for h in acte.history.all()] == [date(2026, 2, 3), date(2026, 2, 1)]
    assert acte.history.first().history_user == agent

    perime = type(acte).objects.get(pk=acte.pk)
    perime.version = 1  # an agent who opened the form before the correction
    with pytest.raises(ConflitDeVersion) as conflit:
        services.corriger_acte(
            perime, par=agent, version_lue=1, aujourd_hui=AUJOURD_HUI, date=date(2026, 2, 4)
        )
    assert "Camille Durand" in str(conflit.value)
    acte.refresh_from_db()
    assert acte.date == date(2026, 2, 3)


def test_correction_qui_casserait_la_suite_refusee(agent):
    procedure = ProcedureFactory()
    ajouter(procedure, agent, TypeActe.ASSIGNATION, date(2026, 3, 1))
    jugement = ajouter(
        procedure,
        agent,
        TypeActe.JUGEMENT,
        date(2026, 5, 1),
        issue_jugement=IssueJugement.EXPULSION_ORDONNEE,
    )
    ajouter(procedure, agent, TypeActe.CQL, date(2026, 6, 1))
    with pytest.raises(ValidationError, match="jugement ordonnant"):
        services.corriger_acte(
            jugement,
            par=agent,
            version_lue=1,
            aujourd_hui=AUJOURD_HUI,
            issue_jugement=IssueJugement.DELAIS_ACCORDES,
        )


def test_suppression_qui_casserait_la_suite_refusee(agent):
    procedure = ProcedureFactory()
    assignation = ajouter(procedure, agent, TypeActe.ASSIGNATION, date(2026, 3, 1))
    ajouter(procedure, agent, TypeActe.AUDIENCE, date(2026, 4, 20))
    with pytest.raises(ValidationError, match="suppose une assignation"):
        services.supprimer_acte(assignation, par=agent)


def _jugement(procedure, agent, issue, **champs):
    ajouter(procedure, agent, TypeActe.ASSIGNATION, date(2026, 1, 5))
    return ajouter(
        procedure, agent, TypeActe.JUGEMENT, date(2026, 3, 2), issue_jugement=issue, **champs
    )


def test_delais_de_paiement_au_dela_de_trois_ans_refuses(agent):
    procedure = ProcedureFactory()
    ajouter(procedure, agent, TypeActe.ASSIGNATION, date(2026, 1, 5))
    with pytest.raises(ValidationError, match=r"3 ans .*art\. 24 V"):
        ajouter(
            procedure,
            agent,
            TypeActe.JUGEMENT,
            date(2026, 3, 2),
            issue_jugement=IssueJugement.DELAIS_ACCORDES,
            delais_paiement_mois=37,
        )
    ajouter(
        procedure,
        agent,
        TypeActe.JUGEMENT,
        date(2026, 3, 2),
        issue_jugement=IssueJugement.DELAIS_ACCORDES,
        delais_paiement_mois=36,
    )


def test_defaut_de_paiement_de_l_echeancier_rouvre_le_cql(agent):
    procedure = ProcedureFactory()
    with pytest.raises(ValidationError, match="jugement accordant des délais"):
        ajouter(procedure, agent, TypeActe.DEFAUT_ECHEANCIER, date(2026, 4, 1))
    _jugement(procedure, agent, IssueJugement.DELAIS_ACCORDES, delais_paiement_mois=24)
    with pytest.raises(ValidationError, match="défaut de paiement de l’échéancier"):
        ajouter(procedure, agent, TypeActe.CQL, date(2026, 4, 1))
    ajouter(procedure, agent, TypeActe.DEFAUT_ECHEANCIER, date(2026, 5, 4))
    ajouter(procedure, agent, TypeActe.CQL, date(2026, 6, 1))
    assert Procedure.objects.avec_stade().get(pk=procedure.pk).stade == Stade.CQL


def test_delai_de_grace_borne_et_date_d_expulsion_repoussee(agent):
    procedure = ProcedureFactory()
    with pytest.raises(ValidationError, match="délai de grâce du juge de l’exécution suppose"):
        ajouter(procedure, agent, TypeActe.DELAI_GRACE, date(2026, 4, 1), delai_grace_mois=3)
    _jugement(procedure, agent, IssueJugement.EXPULSION_ORDONNEE)
    ajouter(procedure, agent, TypeActe.CQL, date(2026, 3, 2))
    with pytest.raises(ValidationError, match="de 1 mois à 1 an"):
        ajouter(procedure, agent, TypeActe.DELAI_GRACE, date(2026, 5, 20), delai_grace_mois=13)
    ajouter(procedure, agent, TypeActe.DELAI_GRACE, date(2026, 5, 20), delai_grace_mois=3)
    regles = procedure.referentiel()
    assert procedure.expulsion_au_plus_tot(regles).date == date(2026, 8, 21)
