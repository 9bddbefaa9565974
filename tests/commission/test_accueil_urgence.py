"""Issue 14 item 3: the secretariat's home page by urgency, each line naming its household,
follow-ups marked done or reminded in place, at a constant query count."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commission.enums import StatutPreconisation
from commission.models import SuiviPreconisation
from dossiers import resume
from procedure.models import Procedure
from tests.commission.factories import PreconisationFactory, le
from tests.conftest import client_de
from tests.dossiers.factories import MembreFactory, menage_avec_procedure

URL = reverse("commission:tableau_de_bord")


def echeance(monde, nom, jours):
    """A household whose next legal deadline falls `jours` from today (negative: missed)."""
    menage = menage_avec_procedure(monde.departement, nom=nom)
    Procedure.objects.filter(menages=menage).update(
        prochaine_echeance=timezone.localdate() + timedelta(days=jours),
        prochaine_echeance_libelle="Fin du délai de deux mois du CQL",
    )
    # The page reads the household's stored summary, which an UPDATE does not refresh.
    resume.actualiser([menage.pk])
    return menage


def suivi(monde, nom="Durand", organisation=None, jours=40):
    preconisation = PreconisationFactory(
        examen__seance__commission__departement=monde.departement,
        examen__seance__statut="close",
        examen__seance__date=le(2026, 3, 12),
        organisation=organisation,
    )
    MembreFactory(menage=preconisation.examen.menage, nom=nom, prenom="Paul")
    return SuiviPreconisation.objects.create(
        preconisation=preconisation,
        echeance="2026-09-12",
        demande_le=timezone.now() - timedelta(days=jours),
    )


def test_en_retard_d_abord_puis_la_semaine_puis_le_reste(monde):
    depassee = echeance(monde, "Depasse", -3)
    semaine = echeance(monde, "Semaine", 2)
    plus_tard = echeance(monde, "Plustard", 10)
    en_retard = suivi(monde, "Retardataire", organisation=monde.bailleur)
    html = client_de(monde.secretariat).get(URL).content.decode()
    positions = [
        html.index("En retard ou à décider (1)"),
        html.index(f"Depasse — {depassee.numero}"),
        html.index("Cette semaine"),
        html.index(f"Semaine — {semaine.numero}"),
        html.index(f"Paul Retardataire — {en_retard.preconisation.examen.menage.numero}"),
        html.index("Ensuite"),
        html.index(f"Plustard — {plus_tard.numero}"),
    ]
    assert positions == sorted(positions)
    # Every line links to the household it names.
    assert reverse("dossiers:menage", args=[depassee.numero]) in html


def test_nombre_de_requetes_constant(monde):
    client = client_de(monde.secretariat)

    def requetes():
        client.get(URL)  # warm caches (session, département's rules)
        with CaptureQueriesContext(connection) as capture:
            assert client.get(URL).status_code == 200
        return len(capture)

    for n in range(2):
        echeance(monde, f"Petit{n}", -n - 1)
        suivi(monde, f"Petit{n}", organisation=monde.bailleur)
    peu = requetes()
    for n in range(14):
        echeance(monde, f"Grand{n}", n - 5)
        suivi(monde, f"Grand{n}", organisation=monde.bailleur, jours=n * 5)
    assert requetes() == peu


def test_marquer_fait_sur_place(monde):
    cible = suivi(monde, "Lefevre")
    client = client_de(monde.secretariat)
    page = client.get(URL).content.decode()
    action = reverse("commission:suivi_fait_accueil", args=[cible.pk])
    assert f'hx-post="{action}"' in page and f'hx-target="#suivi-{cible.pk}"' in page
    assert 'id="annonces-accueil"' in page and 'aria-live="polite"' in page
    reponse = client.post(action, headers={"HX-Request": "true"})
    html = reponse.content.decode()
    numero = cible.preconisation.examen.menage.numero
    # The line's replacement takes the focus; the live region announces the result.
    assert f'<li id="suivi-{cible.pk}" tabindex="-1" autofocus' in html
    assert f'hx-swap-oob="innerHTML">Suivi du dossier {numero} marqué fait.' in html
    cible.refresh_from_db()
    assert cible.reponse == StatutPreconisation.FAITE and cible.repondu_par == monde.secretariat
    assert cible.preconisation.examen.menage.journal.filter(type="suivi_repondu").exists()
    # Twice: a clear message, nothing changed.
    again = client.post(action, headers={"HX-Request": "true"})
    assert again.status_code == 404  # no longer awaiting an answer


def test_relancer_sur_place(monde, django_capture_on_commit_callbacks):
    cible = suivi(monde, "Lefevre", organisation=monde.bailleur)
    client = client_de(monde.secretariat)
    action = reverse("commission:relancer_suivi_accueil", args=[cible.pk])
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(action, headers={"HX-Request": "true"})
    numero = cible.preconisation.examen.menage.numero
    assert f"Relance envoyée pour le dossier {numero}." in reponse.content.decode()
    cible.refresh_from_db()
    assert cible.nb_relances == 1 and cible.relance_le is not None
    (message,) = mail.outbox
    assert numero in message.body and message.subject.startswith("CCAPEX — relance")


def test_relance_impossible_pour_le_menage_sans_javascript(monde):
    cible = suivi(monde, "Lefevre")  # addressed to the household: no e-mail to send
    client = client_de(monde.secretariat)
    reponse = client.post(reverse("commission:relancer_suivi_accueil", args=[cible.pk]))
    assert reponse.status_code == 302 and reponse.url == URL
    page = client.get(URL).content.decode()
    assert "Le ménage répond au secrétariat" in page
    cible.refresh_from_db()
    assert cible.nb_relances == 0 and not mail.outbox


@pytest.mark.parametrize(
    "nom", ["commission:suivi_fait_accueil", "commission:relancer_suivi_accueil"]
)
def test_autre_departement_404(monde, nom):
    cible = suivi(monde, "Lefevre", organisation=monde.bailleur)
    reponse = client_de(monde.secretariat_autre_departement).post(reverse(nom, args=[cible.pk]))
    assert reponse.status_code == 404
    cible.refresh_from_db()
    assert cible.reponse == "" and cible.nb_relances == 0
