"""The agenda: candidates and their order, inscription and order of passage, publication as two
PDFs read back, e-mails once per version, and what members may see of it."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ccapex.enums import StatutTraitement
from ccapex.models import Traitement
from ccapex.traitements import executer
from commission.enums import NatureExamen
from commission.models import Bilan, Seance
from commission.services import seances as services
from commission.tasks.seances import publier_ordre_du_jour
from dossiers.enums import StatutSaisine
from dossiers.models import EvenementJournal, Ressource
from procedure.enums import TypeActe
from tests.commission.factories import (
    CommissionFactory,
    ExamenFactory,
    MembreCommissionFactory,
    ParticipationFactory,
    SeanceFactory,
)
from tests.conftest import client_de
from tests.dossiers.factories import menage_avec_procedure
from tests.dossiers.factories_saisines import saisine_de
from tests.pdf import est_a4, texte_pdf
from tests.requetes import verifier_requetes_constantes

IL_Y_A_UN_AN = date.today() - timedelta(days=300)


def saisine_recevable(monde, nom, actes=(), **champs):
    menage = menage_avec_procedure(monde.departement, nom=nom, actes=actes, commune=monde.commune)
    return saisine_de(
        monde.bailleur,
        statut=StatutSaisine.RECEVABLE,
        menage=menage,
        procedure=menage.procedures.get(),
        nom=nom,
        **champs,
    )


@pytest.fixture
def seance(monde):
    commission = CommissionFactory(departement=monde.departement, nom="CCAPEX du Val-d’Orge")
    MembreCommissionFactory(
        commission=commission, organisation=monde.caf, representants=[monde.membre]
    )
    return services.creer_seance(
        commission=commission,
        date=timezone.make_aware(timezone.datetime(2026, 12, 3, 14, 30)),
        lieu="Préfecture, salle Marianne",
        type="operationnelle",
        par=monde.secretariat,
    )


def test_candidats_cfp_accorde_puis_date_d_expulsion_puis_stade(monde, seance):
    cdp = saisine_recevable(monde, "Cdp", actes=[(TypeActe.CDP, IL_Y_A_UN_AN)])
    cql = saisine_recevable(
        monde, "Cql", actes=[(TypeActe.CDP, IL_Y_A_UN_AN), (TypeActe.CQL, date.today())]
    )
    date_connue = saisine_recevable(
        monde,
        "Datee",
        actes=[(TypeActe.CDP, IL_Y_A_UN_AN)],
        date_expulsion_connue=date.today() + timedelta(days=40),
    )
    cfp = saisine_recevable(
        monde, "Cfp", actes=[(TypeActe.CQL, IL_Y_A_UN_AN), (TypeActe.OCTROI_CFP, date.today())]
    )
    saisine_de(monde.bailleur, statut=StatutSaisine.SOUMISE)  # not triaged: not a candidate
    autre = saisine_recevable(monde, "Autre")
    autre.departement = monde.autre_departement
    autre.save()

    candidates = list(services.saisines_candidates(seance))

    assert candidates == [cfp, date_connue, cql, cdp]


def test_inscrire_retirer_deplacer(monde, seance):
    premiere = saisine_recevable(monde, "Premier")
    seconde = saisine_recevable(monde, "Second")
    client = client_de(monde.secretariat)
    url = reverse("commission:inscrire", args=[seance.pk])
    for saisine in (premiere, seconde):
        reponse = client.post(url, {"saisine": saisine.pk}, HTTP_HX_REQUEST="true")
        assert reponse.status_code == 200
    # A double submit does not inscribe twice.
    reponse = client.post(url, {"saisine": premiere.pk})
    assert seance.examens.count() == 2
    assert premiere.examens.count() == 1
    premiere.refresh_from_db()
    assert premiere.statut == StatutSaisine.INSCRITE
    assert list(services.saisines_candidates(seance)) == []
    assert EvenementJournal.objects.filter(
        menage=premiere.menage, type="inscrit_ordre_du_jour"
    ).exists()

    examen_second = seconde.examens.get()
    reponse = client.post(
        reverse("commission:deplacer_examen", args=[examen_second.pk, "monter"]),
        HTTP_HX_REQUEST="true",
    )
    assert reponse.status_code == 200
    assert list(seance.examens.order_by("ordre").values_list("saisine", flat=True)) == [
        seconde.pk,
        premiere.pk,
    ]
    html = reponse.content.decode()
    assert html.index(seconde.menage.numero) < html.index(premiere.menage.numero)
    # Now first: the keyboard focus stays on the row, on its remaining button.
    assert re.search(rf'id="descendre-{examen_second.pk}"[^>]*autofocus', html)
    assert f"Dossier {seconde.menage.numero} en position 1." in html

    client.post(reverse("commission:retirer_examen", args=[examen_second.pk]))
    seconde.refresh_from_db()
    assert seconde.statut == StatutSaisine.RECEVABLE
    assert seance.examens.count() == 1
    seance.refresh_from_db()
    assert seance.version_ordre_du_jour == 5  # created at 1, then 4 changes


def test_reexamens_et_bilans_dus(monde, seance):
    ancienne = SeanceFactory(
        commission=seance.commission, close=True, date=timezone.now() - timedelta(days=370)
    )
    a_reexaminer = ExamenFactory(seance=ancienne, a_reexaminer=True)
    deja_reexamine = ExamenFactory(seance=ancienne, a_reexaminer=True)
    ExamenFactory(
        seance=SeanceFactory(commission=seance.commission, close=True),
        menage=deja_reexamine.menage,
        nature=NatureExamen.REEXAMEN,
    )
    bilan_fait = ExamenFactory(seance=ancienne)
    Bilan.objects.create(
        examen=bilan_fait,
        echeance=date.today(),
        situation="dans_le_logement",
        realise_le=timezone.now(),
    )
    ExamenFactory(seance=SeanceFactory(commission=seance.commission, close=True))  # too recent

    assert list(services.reexamens_candidats(seance)) == [a_reexaminer]
    bilans = list(services.bilans_candidats(seance))
    assert bilans == [a_reexaminer, deja_reexamine]  # not the done one, not the recent one

    client = client_de(monde.secretariat)
    client.post(
        reverse("commission:inscrire", args=[seance.pk]),
        {"examen": a_reexaminer.pk, "nature": "bilan"},
    )
    assert seance.examens.get().nature == NatureExamen.BILAN
    assert list(services.bilans_candidats(seance)) == [deja_reexamine]


def agenda_publiable(monde, seance):
    dupont = saisine_recevable(
        monde,
        "Dupontel",
        actes=[(TypeActe.CDP, IL_Y_A_UN_AN), (TypeActe.ASSIGNATION, date.today())],
        demande="Des délais de paiement et une aide du FSL.",
    )
    menage = dupont.menage
    menage.adresse = "17 rue des Glycines"
    menage.save()
    Ressource.objects.create(menage=menage, nature="salaire", montant_mensuel=Decimal("1432.17"))
    services.inscrire(seance=seance, saisine=dupont, par=monde.secretariat)
    return dupont


def publier(client, seance, capture):
    with capture(execute=True):
        return client.post(reverse("commission:publier_ordre_du_jour", args=[seance.pk]))


def test_publication_deux_pdf_relus_et_courriels_une_fois_par_version(
    monde, seance, django_capture_on_commit_callbacks
):
    saisine = agenda_publiable(monde, seance)
    client = client_de(monde.secretariat)

    reponse = publier(client, seance, django_capture_on_commit_callbacks)

    assert reponse.status_code == 302
    traitement = Traitement.objects.get(type="ordre_du_jour")
    assert traitement.statut == StatutTraitement.TERMINE, traitement.message
    seance.refresh_from_db()
    assert seance.version_publiee == seance.version_notifiee == seance.version_ordre_du_jour
    complet = seance.ordre_du_jour_complet.read()
    reduit = seance.ordre_du_jour_reduit.read()
    assert est_a4(complet) and est_a4(reduit)
    texte_complet, texte_reduit = texte_pdf(complet), texte_pdf(reduit)
    for texte in (texte_complet, texte_reduit):
        assert "Ordre du jour" in texte
        assert "3 décembre 2026 à 14 h 30" in texte
        assert "Préfecture, salle Marianne" in texte
        assert "Assignation" in texte
        assert "{{" not in texte and "None" not in texte and "{%" not in texte
    assert "Dupontel" in texte_complet and "17 rue des Glycines" in texte_complet
    assert "1 432,17" in texte_complet
    assert saisine.numero in texte_complet
    # The members' version: initials, commune and stage; nothing else of the household, no
    # free text (tests/commission/test_ordre_du_jour_minimise.py).
    assert "A. D." in texte_reduit
    assert monde.commune.nom in texte_reduit
    assert "Des délais de paiement" not in texte_reduit
    assert "Dupontel" not in texte_reduit
    assert "Glycines" not in texte_reduit
    assert "1 432" not in texte_reduit and "1432" not in texte_reduit
    assert saisine.menage.numero not in texte_reduit

    # One e-mail to the invited member's representative, with a link and no attachment.
    assert len(mail.outbox) == 1
    courriel = mail.outbox[0]
    assert courriel.to == [monde.membre.email]
    assert courriel.attachments == []
    lien = reverse("commission:seance_membre", args=[seance.pk])
    assert lien in courriel.body
    assert "Dupontel" not in courriel.body

    # Publishing the same version again sends nothing; running the job again neither.
    publier(client, seance, django_capture_on_commit_callbacks)
    assert Traitement.objects.count() == 1
    Traitement.objects.filter(pk=traitement.pk).update(statut=StatutTraitement.EN_COURS)
    executer(traitement.pk, publier_ordre_du_jour.fonction)  # a redelivered task
    assert len(mail.outbox) == 1

    # A change, then publishing again: new files, one new e-mail saying it was updated.
    autre = saisine_recevable(monde, "Second")
    services.inscrire(seance=seance, saisine=autre, par=monde.secretariat)
    seance.refresh_from_db()
    assert seance.a_republier
    publier(client, seance, django_capture_on_commit_callbacks)
    seance.refresh_from_db()
    assert seance.version_publiee == seance.version_notifiee == seance.version_ordre_du_jour
    assert len(mail.outbox) == 2
    assert "mis à jour" in mail.outbox[1].body
    assert "Second" in texte_pdf(seance.ordre_du_jour_complet.read())


def test_double_clic_sur_publier_un_seul_traitement(monde, seance):
    agenda_publiable(monde, seance)
    client = client_de(monde.secretariat)
    url = reverse("commission:publier_ordre_du_jour", args=[seance.pk])
    client.post(url)
    client.post(url)
    assert Traitement.objects.filter(statut=StatutTraitement.EN_ATTENTE).count() == 1


def test_publier_un_ordre_du_jour_vide_est_refuse(
    monde, seance, django_capture_on_commit_callbacks
):
    client = client_de(monde.secretariat)
    reponse = publier(client, seance, django_capture_on_commit_callbacks)
    assert reponse.status_code == 302
    seance.refresh_from_db()
    assert seance.version_publiee == 0 and not seance.ordre_du_jour_reduit
    assert Traitement.objects.count() == 0
    page = client.get(reverse("commission:seance", args=[seance.pk]))
    assert "L’ordre du jour est vide" in page.content.decode()


def test_membre_voit_la_version_reduite_des_seances_ou_il_est_invite(
    monde, seance, django_capture_on_commit_callbacks
):
    agenda_publiable(monde, seance)
    publier(client_de(monde.secretariat), seance, django_capture_on_commit_callbacks)
    membre = client_de(monde.membre)

    accueil = membre.get(reverse("commission:espace_membre")).content.decode()
    assert reverse("commission:seance_membre", args=[seance.pk]) in accueil
    page = membre.get(reverse("commission:seance_membre", args=[seance.pk])).content.decode()
    assert "A. D." in page and "Des délais de paiement" not in page
    assert "Dupontel" not in page and "Glycines" not in page
    reduit = membre.get(reverse("commission:fichier_ordre_du_jour", args=[seance.pk, "reduit"]))
    assert reduit.status_code == 200
    assert "A. D." in texte_pdf(b"".join(reduit.streaming_content))
    complet = membre.get(reverse("commission:fichier_ordre_du_jour", args=[seance.pk, "complet"]))
    assert complet.status_code == 404

    # A session the CAF is not invited to, or not published yet: not found.
    non_invitee = SeanceFactory(commission=seance.commission, publiee=True)
    ParticipationFactory(seance=non_invitee, organisation=monde.bailleur)
    non_publiee = SeanceFactory(commission=seance.commission)
    ParticipationFactory(seance=non_publiee, organisation=monde.caf)
    for autre in (non_invitee, non_publiee):
        assert membre.get(reverse("commission:seance_membre", args=[autre.pk])).status_code == 404
        url = reverse("commission:fichier_ordre_du_jour", args=[autre.pk, "reduit"])
        assert membre.get(url).status_code == 404
    participation = seance.participations.get(organisation=monde.caf)
    participation.invite = False
    participation.save()
    assert membre.get(reverse("commission:seance_membre", args=[seance.pk])).status_code == 404


def test_page_ordre_du_jour_en_requetes_constantes(monde, seance):
    client = client_de(monde.secretariat)

    def remplir(n):
        while seance.examens.count() < n:
            ExamenFactory(seance=seance, avec_nom="Martin")
            saisine_recevable(monde, "Candidat")

    nombre = verifier_requetes_constantes(
        client, reverse("commission:ordre_du_jour", args=[seance.pk]), remplir
    )
    assert nombre < 25


def test_liste_des_seances_en_requetes_constantes(monde, seance):
    client = client_de(monde.secretariat)

    def remplir(n):
        while Seance.objects.count() < n:
            passee = SeanceFactory(commission=seance.commission, passee=True)
            ParticipationFactory(seance=passee, organisation=monde.caf, present=True)
            ExamenFactory(seance=passee)

    verifier_requetes_constantes(client, reverse("commission:seances"), remplir)
    page = client.get(reverse("commission:seances")).content.decode()
    assert "À venir" in page and seance.lieu in page


def test_espace_membre_en_requetes_constantes(monde, seance):
    from tests.commission.factories import PreconisationFactory

    client = client_de(monde.membre)

    def remplir(n):
        while Seance.objects.count() < n:
            autre = SeanceFactory(commission=seance.commission, close=True)
            ParticipationFactory(seance=autre, organisation=monde.caf)
            PreconisationFactory(examen__seance=autre, organisation=monde.caf)

    verifier_requetes_constantes(client, reverse("commission:espace_membre"), remplir)
    page = client.get(reverse("commission:espace_membre")).content.decode()
    assert page.count("Reprendre le paiement du loyer courant") >= 40
    assert "Préconisations adressées à CAF" in page
