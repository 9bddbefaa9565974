"""Independent audit of decisions (issue 11): a user tampering with the form, an attacker
reaching another organisation's letters, a lawyer checking dates across midnight."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from commission.enums import StatutDecision
from commission.models import Courrier, Decision, TypeDecision
from commission.services import decisions as services
from partenaires.enums import Role
from tests.commission.factories import DecisionFactory, ExamenFactory, SeanceFactory, le
from tests.conftest import client_de
from tests.dossiers.factories import menage_avec_procedure
from tests.partenaires.factories import OrganisationFactory, utilisateur_avec_role
from tests.pdf import texte_pdf

UTC = ZoneInfo("UTC")


def suspension():
    return TypeDecision.objects.get_or_create(
        departement=None,
        code="suspension_aide",
        defaults={"libelle": "Suspension de l’aide au logement", "nature": "aide_suspension"},
    )[0]


@pytest.fixture
def examen(monde):
    seance = SeanceFactory(
        commission__departement=monde.departement, date=le(2026, 11, 12), publiee=True
    )
    menage = menage_avec_procedure(
        monde.departement, nom="Lefèvre", dettes=[(date(2026, 10, 30), Decimal("1234.56"))]
    )
    return ExamenFactory(seance=seance, menage=menage)


def donnees(monde, examen, **autres):
    return {
        "type": suspension().pk,
        "seance": examen.seance.pk,
        "destinataire_organisation": monde.caf.pk,
        "base_legale": "Loi n° 90-449, art. 7-2 ; décret n° 2026-84",
        "motifs": "Six mois sans paiement.",
        "date_effet": "2026-11-12",
        **autres,
    }


def test_formulaire_falsifie_avec_les_objets_d_un_autre_departement(monde, examen):
    """POSTing another département's addressee, session or kind records nothing."""
    autre_organisme = OrganisationFactory(nom="CAF voisine", departement=monde.autre_departement)
    autre_seance = SeanceFactory(
        commission__departement=monde.autre_departement, date=le(2026, 11, 10), publiee=True
    )
    ExamenFactory(
        seance=autre_seance, menage=menage_avec_procedure(monde.autre_departement, nom="Autre")
    )
    type_voisin = TypeDecision.objects.create(
        departement=monde.autre_departement,
        code="aide_fsl_voisin",
        libelle="Aide du FSL voisin",
        nature="autre",
    )
    client = client_de(monde.secretariat)
    url = reverse("commission:nouvelle_decision", args=[examen.menage.numero])
    for falsifie in (
        {"destinataire_organisation": autre_organisme.pk},
        {"seance": autre_seance.pk},
        {"type": type_voisin.pk},
    ):
        reponse = client.post(url, donnees(monde, examen, **falsifie))
        assert reponse.status_code == 200, falsifie
        assert "Sélectionnez un choix valide" in reponse.content.decode(), falsifie
    assert Decision.objects.count() == 0
    # « Replace » pointing at a decision of another département's household: 404.
    ailleurs = DecisionFactory(
        seance__commission__departement=monde.autre_departement,
        destinataire_organisation=autre_organisme,
        notifiee=True,
    )
    assert client.get(f"{url}?remplace={ailleurs.pk}").status_code == 404
    assert client.post(f"{url}?remplace={ailleurs.pk}", donnees(monde, examen)).status_code == 404
    ailleurs.refresh_from_db()
    assert ailleurs.statut == StatutDecision.NOTIFIEE


def test_double_envoi_du_formulaire_une_seule_decision(monde, examen):
    """A double click on « Enregistrer » records the decision once."""
    client = client_de(monde.secretariat)
    url = reverse("commission:nouvelle_decision", args=[examen.menage.numero])
    premiere = client.post(url, donnees(monde, examen))
    seconde = client.post(url, donnees(monde, examen))
    assert Decision.objects.count() == 1
    assert premiere.status_code == seconde.status_code == 302
    assert premiere.url == seconde.url


def test_lettres_de_notification_au_seul_destinataire(
    monde, examen, clients, django_capture_on_commit_callbacks
):
    """The addressee downloads its own letter, never the household's; nobody else any."""
    decision = services.prendre(
        menage=examen.menage,
        par=monde.secretariat,
        type=suspension(),
        seance=examen.seance,
        base_legale="Loi n° 90-449, art. 7-2",
        motifs="Six mois sans paiement.",
        destinataire_organisation=monde.caf,
        date_effet=date(2026, 11, 12),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.notifier(decision, par=monde.secretariat)
    lettres = {c.destinataire_menage: c for c in Courrier.objects.filter(decision=decision)}
    au_destinataire = reverse("commission:telecharger_courrier", args=[lettres[False].pk])
    au_menage = reverse("commission:telecharger_courrier", args=[lettres[True].pk])
    assert clients["membre"].get(au_destinataire).status_code == 200
    assert clients["membre"].get(au_menage).status_code == 404
    for acteur in ("partenaire", "partenaire_autre_organisation", "secretariat_autre_departement"):
        assert clients[acteur].get(au_destinataire).status_code == 404, acteur
        assert clients[acteur].get(au_menage).status_code == 404, acteur
    # A member of another organisation of the same département: 404 on page, API, letter.
    autre_membre = client_de(utilisateur_avec_role(Role.MEMBRE, monde.bailleur))
    assert autre_membre.get(au_destinataire).status_code == 404
    page = reverse("commission:decision", args=[decision.pk])
    assert autre_membre.get(page).status_code == 404
    assert autre_membre.get(f"/api/v1/decisions/{decision.pk}/").status_code == 404
    assert autre_membre.post(f"/api/v1/decisions/{decision.pk}/execution/").status_code == 404
    assert autre_membre.get("/api/v1/decisions/").json()["count"] == 0


@pytest.mark.parametrize(
    ("instant", "lettre", "effet"),
    [
        # 31 January 23:30 UTC is 1 February 00:30 in Paris: notified in February.
        (datetime(2027, 1, 31, 23, 30, tzinfo=UTC), "Le 1er février 2027", "1er mars 2027"),
        (datetime(2027, 1, 31, 22, 30, tzinfo=UTC), "Le 31 janvier 2027", "1er février 2027"),
        (datetime(2028, 2, 29, 12, tzinfo=UTC), "Le 29 février 2028", "1er mars 2028"),
        (datetime(2027, 12, 31, 12, tzinfo=UTC), "Le 31 décembre 2027", "1er janvier 2028"),
    ],
)
def test_effet_de_la_suspension_selon_le_jour_de_notification_a_paris(
    monde, examen, django_capture_on_commit_callbacks, instant, lettre, effet
):
    decision = services.prendre(
        menage=examen.menage,
        par=monde.secretariat,
        type=suspension(),
        seance=examen.seance,
        base_legale="Loi n° 90-449, art. 7-2",
        motifs="Six mois sans paiement.",
        destinataire_organisation=monde.caf,
        date_effet=date(2026, 11, 12),
    )
    with (
        time_machine.travel(instant, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.notifier(decision, par=monde.secretariat)
    decision.refresh_from_db()
    courrier = Courrier.objects.get(decision=decision, destinataire_menage=True)
    with courrier.fichier.open("rb") as fichier:
        texte = " ".join(texte_pdf(fichier.read()).split())
    assert lettre in texte
    assert f"Date d’effet : {effet}" in texte
    assert decision.statut == StatutDecision.NOTIFIEE
    # The appeal mention (CJA R.421-1, R.421-2, R.421-5): either appeal, within 2 months;
    # a recours gracieux interrupts the delay, which runs again from the answer.
    assert "recours gracieux auprès de la commission, ou d’un recours contentieux" in texte
    assert "dans un délai de 2 mois à compter de sa notification" in texte
    assert "l’interrompt" in texte and "vaut rejet" in texte


def test_schema_openapi_documente_l_api_des_decisions(monde):
    schema = client_de(monde.membre).get("/api/schema/?format=json").json()
    liste = schema["paths"]["/api/v1/decisions/"]["get"]
    parametres = {p["name"] for p in liste["parameters"]}
    assert {"notifiee_depuis", "notifiee_jusqu_au", "statut"} <= parametres
    execution = schema["paths"]["/api/v1/decisions/{id}/execution/"]["post"]
    assert {"200", "400", "404"} <= set(execution["responses"])
    assert "404" in schema["paths"]["/api/v1/decisions/{id}/"]["get"]["responses"]


@time_machine.travel(datetime(2026, 12, 15, 10, tzinfo=UTC), tick=False)
def test_suspension_jamais_retroactive_avant_le_decret(
    monde, examen, django_capture_on_commit_callbacks
):
    """Notified before the décret's rule applies (1 January 2027), a suspension typed with a
    past effective date takes effect on the day of notification, never before."""
    decision = services.prendre(
        menage=examen.menage,
        par=monde.secretariat,
        type=suspension(),
        seance=examen.seance,
        base_legale="Loi n° 90-449, art. 7-2",
        motifs="Six mois sans paiement.",
        destinataire_organisation=monde.caf,
        date_effet=date(2026, 11, 12),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.notifier(decision, par=monde.secretariat)
    decision.refresh_from_db()
    assert decision.date_effet == date(2026, 12, 15)


def test_la_saisine_du_siao_notifiee_ferme_l_echeance_de_l_octroi(
    monde, django_capture_on_commit_callbacks
):
    """Issue 11 point 7: once the SIAO referral decision is notified (by its job), the
    « Saisir le SIAO » deadline of the granted CFP is closed on the dossier page."""
    from procedure.enums import TypeActe

    menage = menage_avec_procedure(
        monde.departement, nom="Girard", actes=[(TypeActe.OCTROI_CFP, date(2026, 10, 1))]
    )
    client = client_de(monde.secretariat)

    def ouvertes():
        page = client.get(reverse("dossiers:menage", args=[menage.numero]))
        return [e.code for e in page.context["procedures"][0]["echeances_ouvertes"]]

    assert "saisine_siao" in ouvertes()
    decision = DecisionFactory(
        seance__commission__departement=monde.departement,
        menage=menage,
        nature="saisine_siao",
        destinataire_organisation=monde.caf,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.notifier(decision, par=monde.secretariat)
    decision.refresh_from_db()
    assert decision.statut == "notifiee"
    assert "saisine_siao" not in ouvertes()


def test_pas_de_correction_une_fois_la_notification_lancee(monde, examen):
    """Between « Notifier » and the job's end the letters may already be written from the
    current text: a correction then would notify one text and record another."""
    decision = services.prendre(
        menage=examen.menage,
        par=monde.secretariat,
        type=suspension(),
        seance=examen.seance,
        base_legale="Loi n° 90-449, art. 7-2",
        motifs="Six mois sans paiement.",
        destinataire_organisation=monde.caf,
        date_effet=date(2026, 11, 12),
    )
    services.notifier(decision, par=monde.secretariat)  # job queued, not run yet
    with pytest.raises(ValidationError, match="notification de cette décision est en cours"):
        services.corriger(decision, par=monde.secretariat, motifs="Autre texte")
    reponse = client_de(monde.secretariat).post(
        reverse("commission:corriger_decision", args=[decision.pk]),
        donnees(monde, examen, motifs="Autre texte"),
    )
    assert reponse.status_code == 200
    assert "notification de cette décision est en cours" in reponse.content.decode()
    decision.refresh_from_db()
    assert decision.motifs == "Six mois sans paiement."


def test_l_administrateur_ajoute_un_type_de_decision_a_son_departement(monde, examen):
    """Issue 11 point 1: admin-added kinds, beside the national ones (not editable)."""
    admin = client_de(monde.administrateur)
    liste = admin.get(reverse("commission:types_decision")).content.decode()
    assert "National" in liste  # the seeded national kinds, read only
    reponse = admin.post(
        reverse("commission:nouveau_type_decision"),
        {
            "libelle": "Aide exceptionnelle du fonds local",
            "code": "aide-fonds-local",
            "nature": "autre",
            "base_legale": "Règlement du fonds local",
            "ordre": 10,
            "actif": "on",
        },
    )
    assert reponse.status_code == 302
    type_ = TypeDecision.objects.get(code="aide-fonds-local")
    assert type_.departement == monde.departement
    # Proposed for the département's households, not elsewhere.
    formulaire = client_de(monde.secretariat).get(
        reverse("commission:nouvelle_decision", args=[examen.menage.numero])
    )
    assert "Aide exceptionnelle du fonds local" in formulaire.content.decode()
    ailleurs = menage_avec_procedure(monde.autre_departement, nom="Voisin")
    voisin = client_de(monde.secretariat_autre_departement).get(
        reverse("commission:nouvelle_decision", args=[ailleurs.numero])
    )
    assert "Aide exceptionnelle du fonds local" not in voisin.content.decode()
    # The same code twice is refused; a national kind cannot be edited (404).
    double = admin.post(
        reverse("commission:nouveau_type_decision"),
        {"libelle": "Bis", "code": "aide-fonds-local", "nature": "autre", "ordre": 1},
    )
    assert "Un type de décision porte déjà ce code." in double.content.decode()
    assert (
        admin.get(reverse("commission:modifier_type_decision", args=[suspension().pk])).status_code
        == 404
    )
    # Deactivated: no longer proposed.
    admin.post(
        reverse("commission:modifier_type_decision", args=[type_.pk]),
        {"libelle": type_.libelle, "base_legale": "", "ordre": 10},
    )
    type_.refresh_from_db()
    assert not type_.actif and type_.code == "aide-fonds-local"
