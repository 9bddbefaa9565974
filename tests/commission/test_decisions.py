"""Decisions of the commission: taken, notified by a job (PDF read back), never edited once
notified (service, page and database trigger), replaced with both kept, acknowledged by the
addressee alone, lifted, expired; visible only to the secretariat and the addressee."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from ccapex.models import Traitement
from commission.enums import StatutDecision
from commission.models import Courrier, Decision, TypeDecision
from commission.services import decisions as services
from dossiers.models import EvenementJournal
from tests.commission.factories import DecisionFactory, ExamenFactory, SeanceFactory, le
from tests.conftest import client_de
from tests.dossiers.factories import menage_avec_procedure
from tests.partenaires.factories import OrganisationFactory
from tests.pdf import texte_pdf

PARIS = ZoneInfo("Europe/Paris")
NOTIFICATION = datetime(2027, 5, 20, 10, tzinfo=PARIS)


def suspension():
    return TypeDecision.objects.get_or_create(
        departement=None,
        code="suspension_aide",
        defaults={"libelle": "Suspension de l’aide au logement", "nature": "aide_suspension"},
    )[0]


@pytest.fixture
def examen(monde):
    seance = SeanceFactory(
        commission__departement=monde.departement,
        commission__nom="CCAPEX du Val-d’Orge",
        date=le(2026, 11, 12),
        publiee=True,
    )
    menage = menage_avec_procedure(
        monde.departement, nom="Lefèvre", dettes=[(date(2026, 10, 30), Decimal("1234.56"))]
    )
    return ExamenFactory(seance=seance, menage=menage)


def champs(monde, examen, **autres):
    return {
        "type": suspension(),
        "seance": examen.seance,
        "base_legale": "Loi n° 90-449 du 31 mai 1990, art. 7-2 ; décret n° 2026-84",
        "motifs": "Aucun paiement depuis six mois ; le ménage n’a pas donné suite.",
        "destinataire_organisation": monde.caf,
        "date_effet": date(2026, 11, 12),
        **autres,
    }


def notifier(decision, par, capture):
    with capture(execute=True):
        return services.notifier(decision, par=par)


def test_prendre_une_decision_en_seance(monde, examen):
    decision = services.prendre(
        menage=examen.menage, par=monde.secretariat, **champs(monde, examen)
    )
    assert decision.statut == StatutDecision.PRISE and decision.modifiable
    evenement = EvenementJournal.objects.get(menage=examen.menage, type="decision_prise")
    assert evenement.auteur == monde.secretariat
    assert "Suspension de l’aide au logement" in evenement.description
    assert "séance du 12/11/2026" in evenement.description


@pytest.mark.parametrize(
    ("modif", "champ", "message"),
    [
        ({"seance": None}, "seance", "procédure écrite"),
        ({"procedure_ecrite": True}, "seance", "l’un ou l’autre"),
        ({"motifs": ""}, "motifs", "motifs"),
        ({"base_legale": ""}, "base_legale", "base légale"),
        ({"date_fin": date(2026, 1, 1)}, None, "La fin ne peut précéder"),
    ],
)
def test_decision_refusee_en_francais(monde, examen, modif, champ, message):
    with pytest.raises(ValidationError) as erreur:
        services.prendre(
            menage=examen.menage, par=monde.secretariat, **champs(monde, examen, **modif)
        )
    assert message in " ".join(erreur.value.messages)
    if champ:
        assert champ in erreur.value.message_dict
    assert Decision.objects.count() == 0


def test_seance_qui_n_a_pas_examine_le_menage_refusee(monde, examen):
    autre = menage_avec_procedure(monde.departement, nom="Diallo")
    with pytest.raises(ValidationError) as erreur:
        services.prendre(menage=autre, par=monde.secretariat, **champs(monde, examen))
    assert f"Le dossier {autre.numero} n’est pas inscrit" in " ".join(erreur.value.messages)


def test_destinataire_d_un_autre_departement_refuse(monde, examen):
    ailleurs = OrganisationFactory(departement=monde.autre_departement)
    with pytest.raises(ValidationError) as erreur:
        services.prendre(
            menage=examen.menage,
            par=monde.secretariat,
            **champs(monde, examen, destinataire_organisation=ailleurs),
        )
    assert "même département" in " ".join(erreur.value.messages)


def test_procedure_ecrite_sans_seance(monde, examen):
    decision = services.prendre(
        menage=examen.menage,
        par=monde.secretariat,
        **champs(monde, examen, seance=None, procedure_ecrite=True),
    )
    assert decision.prise_en == "par procédure écrite"


@time_machine.travel(NOTIFICATION, tick=False)
def test_notification_pdf_relue_et_decision_figee(
    monde, examen, django_capture_on_commit_callbacks
):
    decision = services.prendre(
        menage=examen.menage, par=monde.secretariat, **champs(monde, examen)
    )
    notifier(decision, monde.secretariat, django_capture_on_commit_callbacks)
    decision.refresh_from_db()
    assert decision.statut == StatutDecision.NOTIFIEE
    # A suspension takes effect on the first day of the month after notification.
    assert decision.date_effet == date(2027, 6, 1)
    lettres = {c.destinataire_menage: c for c in decision.notifications.all()}
    assert set(lettres) == {True, False}
    for lettre in lettres.values():
        with lettre.fichier.open("rb") as fichier:
            texte = " ".join(texte_pdf(fichier.read()).split())
        assert "Le 20 mai 2027" in texte
        assert "Date d’effet : 1er juin 2027" in texte
        assert "1 234,56 €" in texte
        assert "Aucun paiement depuis six mois" in texte
        assert "recours gracieux auprès de la commission" in texte
        assert (
            "tribunal administratif dans un délai de 2 mois à compter de sa notification" in texte
        )
        assert examen.menage.numero in texte
    with lettres[True].fichier.open("rb") as fichier:
        assert "Lefèvre" in texte_pdf(fichier.read())
    # The CAF has an account: an e-mail with a link, never the decision; the household's
    # letter goes to the postal list.
    assert lettres[True].a_poster and not lettres[False].a_poster
    assert len(mail.outbox) == 1 and monde.membre.email in mail.outbox[0].to
    assert reverse("commission:decisions_recues") in mail.outbox[0].body
    assert mail.outbox[0].attachments == []

    # Never edited after notification: by the service, the page, or the database itself.
    with pytest.raises(ValidationError, match="ne se modifie plus"):
        services.corriger(decision, par=monde.secretariat, motifs="Autre chose")
    reponse = client_de(monde.secretariat).post(
        reverse("commission:corriger_decision", args=[decision.pk]),
        {**{k: v for k, v in champs(monde, examen).items() if k != "type"}, "motifs": "X"},
    )
    assert reponse.status_code == 302
    for modification in ({"motifs": "Réécrit"}, {"date_effet": date(2026, 7, 1)}):
        with pytest.raises(IntegrityError, match="ne se modifie pas"), transaction.atomic():
            Decision.objects.filter(pk=decision.pk).update(**modification)
    with (
        pytest.raises(IntegrityError, match="ne se supprime pas"),
        transaction.atomic(),
        connection.cursor() as curseur,
    ):
        curseur.execute("DELETE FROM commission_decision WHERE id = %s", [decision.pk])
    decision.refresh_from_db()
    assert decision.motifs.startswith("Aucun paiement")


def test_double_clic_une_seule_notification(monde, examen, django_capture_on_commit_callbacks):
    decision = services.prendre(
        menage=examen.menage, par=monde.secretariat, **champs(monde, examen)
    )
    client = client_de(monde.secretariat)
    url = reverse("commission:notifier_decision", args=[decision.pk])
    with django_capture_on_commit_callbacks(execute=True):
        premiere = client.post(url)
        seconde = client.post(url)
    assert premiere.status_code == seconde.status_code == 302
    assert premiere.url == seconde.url
    assert Traitement.objects.filter(type=services.TYPE_TRAITEMENT).count() == 1
    assert Courrier.objects.filter(decision=decision).count() == 2
    # Replaying the job writes nothing twice.
    traitement = Traitement.objects.get()
    services.produire_notifications(traitement, lambda *a: None)
    assert Courrier.objects.filter(decision=decision).count() == 2
    assert EvenementJournal.objects.filter(type="decision_notifiee").count() == 1


def test_remplacer_garde_les_deux(monde, examen, django_capture_on_commit_callbacks):
    ancienne = services.prendre(
        menage=examen.menage, par=monde.secretariat, **champs(monde, examen)
    )
    with pytest.raises(ValidationError, match="corrigez-la"):
        services.remplacer(ancienne, par=monde.secretariat, **champs(monde, examen))
    notifier(ancienne, monde.secretariat, django_capture_on_commit_callbacks)
    nouvelle = services.remplacer(
        ancienne,
        par=monde.secretariat,
        **champs(monde, examen, motifs="Reprise partielle du paiement : suspension maintenue."),
    )
    ancienne.refresh_from_db()
    assert ancienne.statut == StatutDecision.REMPLACEE
    assert ancienne.motifs.startswith("Aucun paiement")  # the notified text is kept
    assert nouvelle.remplace == ancienne and nouvelle.statut == StatutDecision.PRISE
    assert Decision.objects.count() == 2
    assert EvenementJournal.objects.filter(type="decision_remplacee").count() == 1
    with pytest.raises(ValidationError, match="déjà été remplacée"):
        services.remplacer(ancienne, par=monde.secretariat, **champs(monde, examen))


def test_seul_le_destinataire_voit_et_accuse(monde, clients):
    decision = DecisionFactory(
        seance__commission__departement=monde.departement,
        destinataire_organisation=monde.caf,
        notifiee=True,
    )
    brouillon = DecisionFactory(
        seance__commission__departement=monde.departement, destinataire_organisation=monde.caf
    )
    url = reverse("commission:decision", args=[decision.pk])
    assert clients["membre"].get(url).status_code == 200  # the CAF, addressee
    assert clients["secretariat"].get(url).status_code == 200
    for acteur in ("partenaire", "partenaire_autre_organisation", "secretariat_autre_departement"):
        assert clients[acteur].get(url).status_code == 404, acteur
    # Not notified yet: not sent, so not visible to the addressee.
    url_brouillon = reverse("commission:decision", args=[brouillon.pk])
    assert clients["membre"].get(url_brouillon).status_code == 404
    recues = clients["membre"].get(reverse("commission:decisions_recues")).content.decode()
    assert decision.menage.numero in recues and brouillon.menage.numero not in recues

    execution = reverse("commission:accuser_execution", args=[decision.pk])
    assert clients["partenaire"].post(execution).status_code == 404
    assert clients["membre"].post(execution).status_code == 302
    decision.refresh_from_db()
    assert decision.statut == StatutDecision.EXECUTEE and decision.executee_par == monde.membre
    assert clients["membre"].post(execution).status_code == 302  # twice: recorded once
    assert EvenementJournal.objects.filter(type="decision_executee").count() == 1


def test_api_decisions_par_destinataire(monde, clients):
    pour_la_caf = DecisionFactory(
        seance__commission__departement=monde.departement,
        destinataire_organisation=monde.caf,
        notifiee=True,
    )
    pour_le_bailleur = DecisionFactory(
        seance__commission__departement=monde.departement,
        destinataire_organisation=monde.bailleur,
        notifiee=True,
    )
    liste = clients["membre"].get("/api/v1/decisions/").json()
    assert [d["id"] for d in liste["results"]] == [pour_la_caf.pk]
    assert liste["results"][0]["dossier"] == pour_la_caf.menage.numero
    assert clients["membre"].get(f"/api/v1/decisions/{pour_le_bailleur.pk}/").status_code == 404
    assert clients["partenaire"].get(f"/api/v1/decisions/{pour_la_caf.pk}/").status_code == 404
    secretariat = clients["secretariat"].get("/api/v1/decisions/").json()
    assert {d["id"] for d in secretariat["results"]} == {pour_la_caf.pk, pour_le_bailleur.pk}
    assert clients["secretariat_autre_departement"].get("/api/v1/decisions/").json()["count"] == 0
    # Filter by date of notification.
    demain = date.today().replace(year=date.today().year + 1).isoformat()
    filtre = clients["membre"].get(f"/api/v1/decisions/?notifiee_depuis={demain}").json()
    assert filtre["count"] == 0
    assert clients["membre"].get("/api/v1/decisions/?notifiee_depuis=hier").status_code == 400
    # Acknowledgement by API: the addressee only.
    url = f"/api/v1/decisions/{pour_la_caf.pk}/execution/"
    assert clients["secretariat"].post(url).status_code == 404
    reponse = clients["membre"].post(url)
    assert reponse.status_code == 200 and reponse.json()["statut"] == "executee"


def test_lever_puis_expirer(monde):
    decision = DecisionFactory(
        seance__commission__departement=monde.departement, destinataire_organisation=monde.caf
    )
    with pytest.raises(ValidationError, match="ne peut pas devenir"):
        services.lever(decision, motif="Erreur", par=monde.secretariat)
    Decision.objects.filter(pk=decision.pk).update(statut="notifiee", notifiee_le=NOTIFICATION)
    with pytest.raises(ValidationError):
        services.lever(decision, motif="  ", par=monde.secretariat)
    services.lever(decision, motif="Dette soldée par le FSL.", par=monde.secretariat)
    decision.refresh_from_db()
    assert (
        decision.statut == StatutDecision.LEVEE and decision.motif_fin == "Dette soldée par le FSL."
    )

    a_expirer = DecisionFactory(
        seance__commission__departement=monde.departement,
        destinataire_organisation=monde.caf,
        notifiee=True,
        date_effet=date(2026, 1, 1),
        date_fin=date(2026, 3, 31),
    )
    encore = DecisionFactory(
        seance__commission__departement=monde.departement,
        destinataire_organisation=monde.caf,
        notifiee=True,
        date_effet=date(2026, 1, 1),
        date_fin=date(2026, 4, 30),
    )
    assert services.expirer_les_decisions(date(2026, 4, 1)) == 1
    assert services.expirer_les_decisions(date(2026, 4, 1)) == 0  # idempotent
    a_expirer.refresh_from_db()
    encore.refresh_from_db()
    assert a_expirer.statut == StatutDecision.EXPIREE and encore.statut == StatutDecision.NOTIFIEE
    assert EvenementJournal.objects.filter(type="decision_terminee").count() == 2


def test_destinataire_sans_compte_par_courrier(monde, examen, django_capture_on_commit_callbacks):
    fsl = OrganisationFactory(nom="FSL du Val-d’Orge", departement=monde.departement)
    decision = services.prendre(
        menage=examen.menage,
        par=monde.secretariat,
        **champs(monde, examen, destinataire_organisation=fsl),
    )
    notifier(decision, monde.secretariat, django_capture_on_commit_callbacks)
    a_poster = reverse("commission:courriers_a_poster")
    html = client_de(monde.secretariat).get(a_poster).content.decode()
    assert Courrier.objects.filter(decision=decision, a_poster=True).count() == 2
    assert html.count(examen.menage.numero) >= 2
    assert mail.outbox == []


def test_formulaire_de_la_page_du_dossier(monde, examen):
    client = client_de(monde.secretariat)
    url = reverse("commission:nouvelle_decision", args=[examen.menage.numero])
    page = client.get(url).content.decode()
    assert "Suspension de l’aide au logement" in page
    donnees = {
        "type": suspension().pk,
        "seance": examen.seance.pk,
        "destinataire_organisation": monde.caf.pk,
        "base_legale": "Loi n° 90-449, art. 7-2",
        "motifs": "",
        "date_effet": "2026-11-12",
    }
    reponse = client.post(url, donnees)
    assert reponse.status_code == 200 and "Indiquez les motifs de la décision." in (
        reponse.content.decode()
    )
    assert Decision.objects.count() == 0
    reponse = client.post(url, {**donnees, "motifs": "Six mois sans paiement."})
    decision = Decision.objects.get()
    assert reponse.url == reverse("commission:decision", args=[decision.pk])
    dossier = client.get(reverse("dossiers:menage", args=[examen.menage.numero])).content.decode()
    assert reverse("commission:decision", args=[decision.pk]) in dossier
    # Another secretariat cannot reach the household.
    autre = client_de(monde.secretariat_autre_departement)
    assert autre.get(url).status_code == 404


@time_machine.travel(NOTIFICATION, tick=False)
def test_saisine_du_siao_notifiee_ferme_l_alerte(monde, examen, django_capture_on_commit_callbacks):
    """The SIAO referral decision, once notified, is recorded as an act of the household's
    current procedure, which closes the alert a granted CFP opens (see test_deadlines)."""
    from procedure.enums import TypeActe

    procedure = examen.menage.procedures.get()
    siao = TypeDecision.objects.get_or_create(
        departement=None,
        code="saisine_siao",
        defaults={"libelle": "Saisine du SIAO", "nature": "saisine_siao"},
    )[0]
    decision = services.prendre(
        menage=examen.menage,
        par=monde.secretariat,
        **champs(monde, examen, type=siao, date_effet=date(2027, 5, 20)),
    )
    notifier(decision, monde.secretariat, django_capture_on_commit_callbacks)
    actes = list(procedure.actes.filter(type=TypeActe.SAISINE_SIAO))
    assert [a.date for a in actes] == [date(2027, 5, 20)]
    # Replaying the job records nothing twice.
    services.produire_notifications(Traitement.objects.get(), lambda *a: None)
    assert procedure.actes.filter(type=TypeActe.SAISINE_SIAO).count() == 1


def test_pas_de_decision_sur_un_dossier_fusionne(monde, examen):
    from dossiers.services.menages import fusionner

    garde = menage_avec_procedure(monde.departement, nom="Lefèvre")
    fusionner(garde, examen.menage, par=monde.secretariat)
    with pytest.raises(ValidationError, match=f"fusionné dans le dossier {garde.numero}"):
        services.prendre(menage=examen.menage, par=monde.secretariat, **champs(monde, examen))
    assert not Decision.objects.exists()
