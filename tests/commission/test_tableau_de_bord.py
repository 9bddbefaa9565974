"""The secretariat's home page: what needs doing today, each line a link, constant cost."""

from datetime import timedelta

import time_machine
from django.urls import reverse

from commission.enums import StatutSeance
from commission.models import Bilan, SignalementChangement, SuiviPreconisation
from dossiers import resume
from dossiers.enums import StatutSaisine
from dossiers.models import MenageProcedure, Saisine
from procedure.models import Procedure
from tests.commission.factories import (
    CommissionFactory,
    ExamenFactory,
    PreconisationFactory,
    SeanceFactory,
    le,
)
from tests.conftest import client_de
from tests.dossiers.factories import MembreFactory, MenageFactory
from tests.dossiers.factories_saisines import saisine_de
from tests.procedure.factories import ProcedureFactory
from tests.requetes import verifier_requetes_constantes

MAINTENANT = le(2026, 11, 24, 9)
AUJOURD_HUI = MAINTENANT.date()


class Remplissage:
    """Brings every block of the page to n lines (in the first département)."""

    def __init__(self, monde):
        self.monde = monde
        self.n = 0
        self.commission = CommissionFactory(departement=monde.departement, nom="CCAPEX 96")
        self.passee = SeanceFactory(
            commission=self.commission, statut=StatutSeance.CLOSE, date=le(2025, 5, 12)
        )

    def __call__(self, n):
        while self.n < n:
            self.n += 1
            self.ajouter(self.n)

    def ajouter(self, i):
        monde = self.monde
        saisine_de(monde.bailleur, statut=StatutSaisine.SOUMISE if i % 2 else "completee")
        SeanceFactory(
            commission=self.commission,
            statut=StatutSeance.EN_PREPARATION,
            date=MAINTENANT + timedelta(days=i),
        )
        examen = ExamenFactory(seance=self.passee)
        MembreFactory(menage=examen.menage)
        preconisation = PreconisationFactory(
            examen=examen,
            destinataire_menage=False,
            destinataire_organisation=monde.bailleur if i % 2 else monde.caf,
        )
        SuiviPreconisation.objects.create(
            preconisation=preconisation,
            echeance=AUJOURD_HUI - timedelta(days=60),
            demande_le=MAINTENANT - timedelta(days=40 if i % 2 else 5),
            nb_relances=1,
        )
        Bilan.objects.create(examen=examen, echeance=AUJOURD_HUI - timedelta(days=i))
        SignalementChangement.objects.create(
            menage=examen.menage, organisation=monde.bailleur, texte="Relogé"
        )
        menage = MenageFactory(departement=monde.departement)
        MembreFactory(menage=menage, nom=f"Échéance{i}")
        procedure = ProcedureFactory(commune=menage.commune)
        Procedure.objects.filter(pk=procedure.pk).update(
            prochaine_echeance=AUJOURD_HUI + timedelta(days=i % 10),
            prochaine_echeance_libelle="Fin du délai du commandement de quitter les lieux",
        )
        MenageProcedure.objects.create(menage=menage, procedure=procedure)
        resume.actualiser([menage.pk])  # written directly, not through a service


def test_ce_qu_il_y_a_a_faire_aujourd_hui(monde):
    remplir = Remplissage(monde)
    remplir(3)
    # Another département's work never shows.
    autre = SeanceFactory(
        commission__departement=monde.autre_departement,
        statut=StatutSeance.EN_PREPARATION,
        date=MAINTENANT + timedelta(days=2),
        lieu="Ailleurs",
    )
    client = client_de(monde.secretariat)
    with time_machine.travel(MAINTENANT):
        html = client.get(reverse("commission:tableau_de_bord")).content.decode()
    assert "Saisines nouvelles ou complétées (3)" in html
    assert "Séances à préparer (3)" in html
    assert "Suivis en retard (2)" in html
    assert "Suivis en attente de réponse (1)" in html
    assert "Bilans à 12 mois à réaliser (3)" in html
    assert "Changements signalés non lus (3)" in html
    assert "Échéances légales des 7 prochains jours (3)" in html
    assert "Fin du délai du commandement de quitter les lieux" in html
    assert "dépassée</strong>" not in html  # all of them are to come
    bilan = Bilan.objects.first()
    suivi = SuiviPreconisation.objects.first()
    assert reverse("commission:bilan", args=[bilan.pk]) in html
    assert reverse("commission:repondre_suivi", args=[suivi.pk]) in html
    saisine = Saisine.objects.first()
    assert reverse("dossiers:saisine", args=[saisine.pk]) in html
    assert f'?seance={autre.pk}"' not in html
    # Winter truce: the end is announced when it is close.
    with time_machine.travel(le(2027, 3, 10, 9)):
        html = (
            client_de(monde.secretariat).get(reverse("commission:tableau_de_bord")).content.decode()
        )
    assert "La trêve hivernale prend fin le 31 mars 2027" in html


def test_nombre_de_requetes_constant(monde):
    remplir = Remplissage(monde)
    client = client_de(monde.secretariat)
    with time_machine.travel(MAINTENANT):
        nombre = verifier_requetes_constantes(
            client, reverse("commission:tableau_de_bord"), remplir
        )
    # Eleven blocks ordered by urgency, each one page of lines and one count.
    assert nombre < 35, nombre


def test_une_echeance_manquee_hier_reste_sur_le_tableau_de_bord(monde):
    """A SIAO referral due yesterday is still to do; one missed two months ago is not news."""
    for jours, nom in ((-1, "Hier"), (-60, "Ancienne")):
        menage = MenageFactory(departement=monde.departement)
        MembreFactory(menage=menage, nom=nom)
        procedure = ProcedureFactory(commune=menage.commune)
        Procedure.objects.filter(pk=procedure.pk).update(
            prochaine_echeance=AUJOURD_HUI + timedelta(days=jours),
            prochaine_echeance_libelle="Saisir le SIAO (concours de la force publique accordé)",
        )
        MenageProcedure.objects.create(menage=menage, procedure=procedure)
        resume.actualiser([menage.pk])  # written directly, not through a service
    with time_machine.travel(MAINTENANT):
        html = client_de(monde.secretariat).get(reverse("commission:tableau_de_bord")).content
    html = html.decode()
    assert "Hier" in html and "Ancienne" not in html
    assert "dépassée</strong>" in html
