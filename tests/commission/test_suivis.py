"""Follow-up after a session: date rules (pure), the daily task (idempotent), partner answers,
12-month reviews, reported changes."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ccapex.celery import app
from commission.echeances_suivi import (
    date_du_bilan,
    date_du_suivi,
    en_retard,
    fin_des_signalements,
    relance_due,
    signalement_ouvert,
)
from commission.enums import StatutPreconisation, StatutSeance
from commission.models import Bilan, SignalementChangement, SuiviPreconisation
from commission.services import suivis as services
from tests.commission.factories import ExamenFactory, PreconisationFactory, le
from tests.conftest import client_de
from tests.dossiers.factories import MembreFactory

# --- pure date rules ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "seance, suivi, bilan, fin",
    [
        (date(2026, 5, 12), date(2026, 11, 12), date(2027, 5, 12), date(2028, 1, 12)),
        # Month ends: the last day of a shorter month.
        (date(2025, 8, 31), date(2026, 2, 28), date(2026, 8, 31), date(2027, 4, 30)),
        (date(2027, 8, 31), date(2028, 2, 29), date(2028, 8, 31), date(2029, 4, 30)),  # leap
        (date(2026, 3, 31), date(2026, 9, 30), date(2027, 3, 31), date(2027, 11, 30)),
        (date(2026, 12, 31), date(2027, 6, 30), date(2027, 12, 31), date(2028, 8, 31)),
        # 29 February: 28 February in a common year.
        (date(2028, 2, 29), date(2028, 8, 29), date(2029, 2, 28), date(2029, 10, 29)),
        (date(2026, 6, 30), date(2026, 12, 30), date(2027, 6, 30), date(2028, 2, 29)),
    ],
)
def test_dates_du_suivi(seance, suivi, bilan, fin):
    assert date_du_suivi(seance) == suivi
    assert date_du_bilan(seance) == bilan
    assert fin_des_signalements(seance) == fin


@pytest.mark.parametrize(
    "aujourd_hui, ouvert",
    [
        (date(2026, 5, 11), False),
        (date(2026, 5, 12), True),
        (date(2028, 1, 12), True),
        (date(2028, 1, 13), False),
    ],
)
def test_fenetre_des_signalements(aujourd_hui, ouvert):
    assert signalement_ouvert(date(2026, 5, 12), aujourd_hui) is ouvert


D = date(2026, 11, 12)


@pytest.mark.parametrize(
    "demande_le, relance_le, nb, repondu, aujourd_hui, due",
    [
        (None, None, 0, False, D + timedelta(days=90), False),  # not asked yet
        (D, None, 0, False, D + timedelta(days=29), False),
        (D, None, 0, False, D + timedelta(days=30), True),
        (D, None, 0, True, D + timedelta(days=30), False),  # answered
        (D, D + timedelta(days=30), 1, False, D + timedelta(days=59), False),
        (D, D + timedelta(days=30), 1, False, D + timedelta(days=60), True),
        (D, D + timedelta(days=90), 3, False, D + timedelta(days=200), False),  # 3 at most
        # 31 January + 30 days crosses February.
        (date(2028, 1, 31), None, 0, False, date(2028, 3, 1), True),
        (date(2027, 1, 31), None, 0, False, date(2027, 3, 1), False),
    ],
)
def test_relance_due(demande_le, relance_le, nb, repondu, aujourd_hui, due):
    assert (
        relance_due(
            demande_le=demande_le,
            relance_le=relance_le,
            nb_relances=nb,
            repondu=repondu,
            aujourd_hui=aujourd_hui,
        )
        is due
    )


def test_en_retard():
    assert not en_retard(demande_le=D, repondu=False, aujourd_hui=D + timedelta(days=29))
    assert en_retard(demande_le=D, repondu=False, aujourd_hui=D + timedelta(days=30))
    assert not en_retard(demande_le=D, repondu=True, aujourd_hui=D + timedelta(days=90))


def test_la_tache_quotidienne_est_planifiee():
    entree = app.conf.beat_schedule["envoyer-suivis-dus"]
    app.loader.import_default_modules()
    assert entree["task"] in app.tasks


# --- the daily task -------------------------------------------------------------------------


def seance_close(monde, date_seance, **kwargs):
    """A closed session with one recommendation to the landlord and one to the household."""
    examen = ExamenFactory(
        seance__commission__departement=monde.departement,
        seance__statut=StatutSeance.CLOSE,
        seance__date=date_seance,
        **kwargs,
    )
    MembreFactory(menage=examen.menage, nom="Lefèvre")
    au_bailleur = PreconisationFactory(
        examen=examen, destinataire_menage=False, destinataire_organisation=monde.bailleur
    )
    au_menage = PreconisationFactory(examen=examen)
    return examen, au_bailleur, au_menage


def test_planification_en_requetes_constantes(monde, django_assert_num_queries):
    """Closed sessions without follow-ups: planned together, each from its own date."""
    seances = [seance_close(monde, le(2026, mois, 12))[0].seance for mois in (3, 4, 5)]
    with django_assert_num_queries(4):
        services.planifier_suivis_des_seances([s.pk for s in seances])
    echeances = sorted(SuiviPreconisation.objects.values_list("echeance", flat=True))
    assert echeances == [date(2026, m, 12) for m in (9, 9, 10, 10, 11, 11)]
    assert sorted(Bilan.objects.values_list("echeance", flat=True)) == [
        date(2027, m, 12) for m in (3, 4, 5)
    ]
    with django_assert_num_queries(2):  # again: nothing left to plan, nothing inserted
        services.planifier_suivis_des_seances([s.pk for s in seances])
    assert SuiviPreconisation.objects.count() == 6


def test_demandes_et_relances_sans_doublon(monde):
    examen, au_bailleur, au_menage = seance_close(monde, le(2026, 5, 12))
    # Before the 6 months: the follow-ups are scheduled, nothing is sent.
    with time_machine.travel(le(2026, 11, 11, 8)):
        assert services.envoyer_suivis_dus(date(2026, 11, 11)) == {"demandes": 0, "relances": 0}
    assert SuiviPreconisation.objects.filter(echeance=date(2026, 11, 12)).count() == 2
    assert Bilan.objects.filter(examen=examen, echeance=date(2027, 5, 12)).exists()
    assert mail.outbox == []

    with time_machine.travel(le(2026, 11, 12, 8)):
        services.envoyer_suivis_dus(date(2026, 11, 12))
        services.envoyer_suivis_dus(date(2026, 11, 12))  # run twice: sent once
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert monde.partenaire.email in message.to and monde.bailleur.email_contact in message.to
    assert examen.menage.numero in message.body
    assert reverse("commission:suivis_partenaire") in message.body
    assert SuiviPreconisation.objects.filter(demande_le__isnull=False).count() == 2

    envois = []
    for jours in [29, 30, 30, 59, 60, 90, 120, 150]:
        jour = date(2026, 11, 12) + timedelta(days=jours)
        with time_machine.travel(le(jour.year, jour.month, jour.day, 8)):
            envois.append(services.envoyer_suivis_dus(jour)["relances"])
    assert envois == [0, 1, 0, 0, 1, 1, 0, 0]
    suivi = au_bailleur.suivi
    suivi.refresh_from_db()
    assert suivi.nb_relances == 3
    # 30 days after the third reminder (day 90), the recommendation is recorded unanswered.
    au_bailleur.refresh_from_db()
    assert au_bailleur.statut == StatutPreconisation.SANS_REPONSE
    assert [m.subject for m in mail.outbox].count(
        "CCAPEX — relance : suivi des préconisations"
    ) == 3
    au_menage.suivi.refresh_from_db()
    assert au_menage.suivi.nb_relances == 0  # the household is not e-mailed


def test_le_partenaire_repond_une_fois(monde):
    examen, au_bailleur, _ = seance_close(monde, le(2026, 5, 12))
    with time_machine.travel(le(2026, 11, 12, 8)):
        services.envoyer_suivis_dus(date(2026, 11, 12))
    suivi = au_bailleur.suivi
    client = client_de(monde.partenaire)
    liste = client.get(reverse("commission:suivis_partenaire")).content.decode()
    url = reverse("commission:repondre_suivi_partenaire", args=[suivi.pk])
    assert url in liste and examen.menage.numero in liste
    espace = client.get(reverse("commission:espace_partenaire")).content.decode()
    assert "1 préconisation attend votre réponse" in espace

    reponse = client.post(url, {"reponse": "inconnue"})
    assert reponse.status_code == 200 and "Sélectionnez un choix valide" in reponse.content.decode()
    client.post(url, {"reponse": "en_cours", "commentaire": "Plan d’apurement signé."})
    client.post(url, {"reponse": "non_faite", "commentaire": "Double envoi"})
    suivi.refresh_from_db()
    au_bailleur.refresh_from_db()
    assert suivi.reponse == "en_cours" and suivi.commentaire == "Plan d’apurement signé."
    assert suivi.repondu_par == monde.partenaire
    assert au_bailleur.statut == StatutPreconisation.EN_COURS
    assert examen.menage.journal.filter(type="suivi_repondu").count() == 1
    autre = client_de(monde.partenaire_autre_organisation)
    assert autre.get(url).status_code == 404


def test_bilan_a_12_mois(monde):
    examen, _, _ = seance_close(monde, le(2025, 10, 7))
    with time_machine.travel(le(2026, 11, 24, 8)):
        services.envoyer_suivis_dus(date(2026, 11, 24))
    bilan = Bilan.objects.get(examen=examen)
    client = client_de(monde.secretariat)
    page = client.get(reverse("commission:suivis")).content.decode()
    url = reverse("commission:bilan", args=[bilan.pk])
    assert url in page
    reponse = client.post(url, {"dette_soldee": "on"})
    assert "Indiquez la situation du ménage." in reponse.content.decode()
    bilan.refresh_from_db()
    assert bilan.realise_le is None
    client.post(url, {"situation": "reloge_social", "fsl_accorde": "on", "commentaire": "T3"})
    bilan.refresh_from_db()
    assert bilan.situation == "reloge_social" and bilan.fsl_accorde and not bilan.dette_soldee
    assert bilan.realise_par == monde.secretariat and bilan.realise_le
    assert url not in client.get(reverse("commission:suivis")).content.decode()


def test_signalement_pendant_20_mois(monde):
    recent, _, _ = seance_close(monde, le(2025, 5, 12))
    ancien, _, _ = seance_close(monde, le(2024, 11, 12))
    client = client_de(monde.partenaire)
    texte = {"texte": "Le ménage a été relogé par Action Logement."}
    with time_machine.travel(le(2026, 11, 24, 10)):
        page = client.get(reverse("commission:suivis_partenaire")).content.decode()
        assert reverse("commission:signaler_changement", args=[recent.pk]) in page
        assert reverse("commission:signaler_changement", args=[ancien.pk]) not in page
        reponse = client.post(reverse("commission:signaler_changement", args=[recent.pk]), texte)
        assert reponse.status_code == 302
        reponse = client.post(reverse("commission:signaler_changement", args=[ancien.pk]), texte)
    assert "jusqu’au 12 juillet 2026 (20 mois après la séance)" in reponse.content.decode()
    signalement = SignalementChangement.objects.get()
    assert signalement.menage == recent.menage and signalement.organisation == monde.bailleur
    secretariat = client_de(monde.secretariat)
    assert recent.menage.numero in secretariat.get(reverse("commission:suivis")).content.decode()
    secretariat.post(reverse("commission:marquer_signalement_lu", args=[signalement.pk]))
    signalement.refresh_from_db()
    assert signalement.lu_le is not None
    assert (
        client_de(monde.partenaire_autre_organisation)
        .get(reverse("commission:signaler_changement", args=[recent.pk]))
        .status_code
        == 404
    )


def test_secretariat_saisit_la_reponse_du_menage(monde):
    _, _, au_menage = seance_close(monde, le(2026, 5, 12))
    with time_machine.travel(le(2026, 11, 12, 8)):
        services.envoyer_suivis_dus(date(2026, 11, 12))
    client = client_de(monde.secretariat)
    url = reverse("commission:repondre_suivi", args=[au_menage.suivi.pk])
    assert url in client.get(reverse("commission:suivis")).content.decode()
    client.post(url, {"reponse": "faite"})
    au_menage.suivi.refresh_from_db()
    assert au_menage.suivi.reponse == "faite" and au_menage.suivi.repondu_le <= timezone.now()


# --- demo -----------------------------------------------------------------------------------


def test_demo_des_seances_idempotente_et_variee(db):
    from django.core.management import call_command

    from commission.models import Commission, Courrier, Examen, Preconisation, Seance

    call_command("demo", "--menages", "40")
    modeles = [Commission, Seance, Examen, Preconisation, Courrier, SuiviPreconisation, Bilan]
    premier = {m.__name__: m.objects.count() for m in modeles}
    call_command("demo", "--menages", "40")
    assert {m.__name__: m.objects.count() for m in modeles} == premier

    assert Commission.objects.filter(type="locale").count() == 3
    assert Seance.objects.filter(statut="close").count() == 14
    assert Seance.objects.filter(statut="en_preparation").count() == 2
    assert Preconisation.objects.values("type__code").distinct().count() >= 10
    assert Preconisation.objects.filter(destinataire_menage=True).exists()
    assert Courrier.objects.filter(destinataire_menage=True, envoye_le__isnull=True).exists()
    aujourd_hui = timezone.localdate()
    suivis = SuiviPreconisation.objects.filter(demande_le__isnull=False)
    assert suivis.exclude(reponse="").exists()
    assert suivis.filter(reponse="", nb_relances__gte=1).exists()
    assert SuiviPreconisation.objects.filter(echeance__gt=aujourd_hui).exists()
    situations = list(Bilan.objects.exclude(situation="").values_list("situation", flat=True))
    assert len(situations) >= 6
    assert "dans_le_logement" in situations
    assert Bilan.objects.filter(realise_le__isnull=True, echeance__gt=aujourd_hui).exists()


def test_pages_de_suivi_cout_constant(monde):
    from tests.requetes import verifier_requetes_constantes

    def remplir(n):
        while SuiviPreconisation.objects.count() < n:
            examen, au_bailleur, au_menage = seance_close(monde, le(2025, 5, 12))
            for preconisation in (au_bailleur, au_menage):
                SuiviPreconisation.objects.create(
                    preconisation=preconisation,
                    echeance=date(2025, 11, 12),
                    demande_le=le(2025, 11, 12),
                )
            Bilan.objects.create(examen=examen, echeance=date(2026, 5, 12))
            SignalementChangement.objects.create(
                menage=examen.menage, organisation=monde.bailleur, texte="Relogé"
            )

    secretariat = client_de(monde.secretariat)
    assert verifier_requetes_constantes(secretariat, reverse("commission:suivis"), remplir) < 20
    partenaire = client_de(monde.partenaire)
    SuiviPreconisation.objects.all().delete()
    assert (
        verifier_requetes_constantes(partenaire, reverse("commission:suivis_partenaire"), remplir)
        < 20
    )
