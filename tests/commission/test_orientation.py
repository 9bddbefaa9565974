import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commission.enums import NatureDecision, StatutDecision
from commission.models import Decision
from commission.services.orientation import orienter_selon_regle
from dossiers.enums import CanalSaisine, NatureSaisine, StatutSaisine
from dossiers.journal import TypeEvenement
from dossiers.models import EvenementJournal, RegleOrientation, Saisine
from tests.conftest import client_de
from tests.dossiers.factories import MenageFactory
from tests.dossiers.factories_saisines import saisine_de
from tests.partenaires.factories import CommuneFactory
from tests.requetes import verifier_requetes_constantes

COMPTEUR = {"n": 0}


def signalement(monde, *, commune=None, parc="social", nb_enfants=None, **champs):
    COMPTEUR["n"] += 1
    return saisine_de(
        monde.caf,
        nature=NatureSaisine.ADMINISTRATIVE,
        canal=champs.pop("canal", CanalSaisine.CDP),
        statut=champs.pop("statut", StatutSaisine.ENREGISTREE),
        reference_source=champs.pop("reference_source", f"CJ-{COMPTEUR['n']}"),
        commune=commune or monde.commune,
        parc=parc,
        nb_enfants=nb_enfants,
        **champs,
    )


def regle(monde, **criteres):
    return RegleOrientation(
        departement=monde.departement, nom="", organisation=monde.bailleur, **criteres
    )


def test_regle_par_territoire_parc_et_enfants(monde):
    autre_commune = CommuneFactory(departement=monde.departement)
    avec_enfants = signalement(monde, nb_enfants=2)
    prive = signalement(monde, parc="prive", nb_enfants=1)
    ailleurs = signalement(monde, commune=autre_commune, nb_enfants=0)
    inconnu = signalement(monde, commune=autre_commune, nb_enfants=None)
    deja = signalement(monde, nb_enfants=3, statut=StatutSaisine.ORIENTEE, orientee_vers=monde.caf)
    complexe = saisine_de(monde.caf, commune=monde.commune, nb_enfants=2)

    nombre = orienter_selon_regle(
        regle(monde, epci=monde.commune.epci, parc="social", enfants="avec"), par=monde.secretariat
    )
    assert nombre == 1
    avec_enfants.refresh_from_db()
    assert avec_enfants.statut == StatutSaisine.ORIENTEE
    assert avec_enfants.orientee_vers == monde.bailleur
    evenement = EvenementJournal.objects.get(saisine=avec_enfants)  # one line per orientation
    assert evenement.type == TypeEvenement.SIGNALEMENT_ORIENTE
    assert evenement.description == "Signalement orienté vers Orge Habitat"
    assert evenement.auteur == monde.secretariat

    nombre = orienter_selon_regle(
        regle(monde, arrondissement=autre_commune.arrondissement, enfants="sans"),
        par=monde.secretariat,
    )
    assert nombre == 2  # no child, and number of children unknown
    statuts = dict(Saisine.objects.values_list("pk", "orientee_vers"))
    assert statuts[ailleurs.pk] == statuts[inconnu.pk] == monde.bailleur.pk
    assert statuts[prive.pk] is None
    assert statuts[deja.pk] == monde.caf.pk  # already dispatched: untouched by a rule
    assert statuts[complexe.pk] is None  # not an administrative report
    # Applying the same rule again dispatches nothing twice.
    assert orienter_selon_regle(regle(monde), par=monde.secretariat) == 1  # only « prive »
    assert orienter_selon_regle(regle(monde), par=monde.secretariat) == 0


def test_orientation_en_masse_sans_requete_par_ligne(monde):
    def requetes(n):
        # Reports already oriented stay (a notified decision points to them): only the new
        # ones are recorded, so each rule application takes exactly these `n`.
        for _ in range(n):
            signalement(monde)
        with CaptureQueriesContext(connection) as contexte:
            assert orienter_selon_regle(regle(monde), par=monde.secretariat) == n
        return len(contexte)

    assert requetes(5) == requetes(50) <= 8
    assert EvenementJournal.objects.filter(type=TypeEvenement.SIGNALEMENT_ORIENTE).count() == 55
    assert Decision.objects.filter(type__nature=NatureDecision.ORIENTATION).count() == 55


def test_ecran_previsualiser_puis_appliquer(monde):
    for _ in range(3):
        signalement(monde, parc="prive")
    signalement(monde, parc="social")
    client = client_de(monde.secretariat)
    url = reverse("commission:orienter_selon_regle")
    criteres = {"parc": "prive", "organisation": monde.bailleur.pk}
    page = client.get(url, criteres).content.decode()
    assert "<strong>3</strong> signalement(s) seront orientés" in page
    assert Saisine.objects.filter(statut=StatutSaisine.ORIENTEE).count() == 0

    reponse = client.post(url, criteres, follow=True)
    assert "3 signalement(s) orienté(s) vers Orge Habitat." in reponse.content.decode()
    assert Saisine.objects.filter(statut=StatutSaisine.ORIENTEE, parc="prive").count() == 3
    reponse = client.post(url, criteres, follow=True)  # double submit
    assert "0 signalement(s) orienté(s)" in reponse.content.decode()
    assert EvenementJournal.objects.filter(type=TypeEvenement.SIGNALEMENT_ORIENTE).count() == 3


def test_regle_enregistree_puis_appliquee(monde):
    signalement(monde, nb_enfants=1)
    client = client_de(monde.secretariat)
    reponse = client.post(
        reverse("commission:regles_orientation"),
        {"nom": "Familles vers le bailleur", "enfants": "avec", "organisation": monde.bailleur.pk},
    )
    assert reponse.status_code == 302
    regle_ = RegleOrientation.objects.get()
    assert regle_.cree_par == monde.secretariat
    page = client.get(reverse("commission:regles_orientation")).content.decode()
    assert "Familles vers le bailleur" in page and "avec enfants" in page
    page = client.get(reverse("commission:orienter_selon_regle"), {"regle": regle_.pk})
    assert "<strong>1</strong> signalement(s)" in page.content.decode()
    # A rule without a name is refused; another département's secretariat cannot use it.
    reponse = client.post(reverse("commission:regles_orientation"), {"organisation": monde.caf.pk})
    assert "Ce champ est obligatoire" in reponse.content.decode()
    autre = client_de(monde.secretariat_autre_departement)
    assert (
        autre.get(reverse("commission:orienter_selon_regle"), {"regle": regle_.pk}).status_code
        == 404
    )


def test_regle_supprimee_ce_qu_elle_a_oriente_le_reste(monde):
    oriente = signalement(monde)
    regle_ = regle(monde)
    regle_.nom = "Tout au bailleur"
    regle_.save()
    orienter_selon_regle(regle_, par=monde.secretariat)
    autre = client_de(monde.secretariat_autre_departement)
    url = reverse("commission:supprimer_regle_orientation", args=[regle_.pk])
    assert autre.post(url).status_code == 404
    assert client_de(monde.secretariat).post(url).status_code == 302
    assert not RegleOrientation.objects.exists()
    oriente.refresh_from_db()
    assert (oriente.statut, oriente.orientee_vers) == (StatutSaisine.ORIENTEE, monde.bailleur)


def test_orienter_un_par_un(monde):
    menage = MenageFactory(departement=monde.departement)
    saisine = signalement(monde, menage=menage)
    client = client_de(monde.secretariat)
    url = reverse("commission:orienter_signalement", args=[saisine.pk])
    page = client.get(url).content.decode()
    assert f'Dossier connu : <a href="/menages/{menage.numero}/">' in page
    detail = client.get(reverse("dossiers:saisine", args=[saisine.pk])).content.decode()
    assert url in detail
    reponse = client.post(url, {"organisation": monde.caf.pk})
    assert reponse.status_code == 302
    saisine.refresh_from_db()
    assert (saisine.statut, saisine.orientee_vers) == (StatutSaisine.ORIENTEE, monde.caf)
    client.post(url, {"organisation": monde.bailleur.pk})  # re-dispatch
    saisine.refresh_from_db()
    assert saisine.orientee_vers == monde.bailleur
    assert saisine.journal.filter(type=TypeEvenement.SIGNALEMENT_ORIENTE).count() == 2

    Saisine.objects.filter(pk=saisine.pk).update(statut=StatutSaisine.PRISE_EN_CHARGE)
    reponse = client.post(url, {"organisation": monde.caf.pk})
    assert reponse.status_code == 200
    assert "ne peut pas passer" in reponse.content.decode()


def test_liste_des_signalements_filtres_et_requetes_constantes(monde):
    client = client_de(monde.secretariat)
    url = reverse("commission:signalements")

    def remplir(n):
        while Saisine.objects.count() < n:
            signalement(monde, statut=StatutSaisine.ORIENTEE, orientee_vers=monde.bailleur)

    verifier_requetes_constantes(client, url, remplir)
    verifier_requetes_constantes(client, url + "?orientee=true&parc=social", remplir)
    non_oriente = signalement(monde, reference_source="", numero="S-96-1999-99999")
    page = client.get(url, {"orientee": "false"}).content.decode()
    assert "S-96-1999-99999" in page and "1 signalement(s)" in page
    page = client.get(url, {"canal": "signalement_caf"}).content.decode()
    assert "0 signalement(s)" in page
    assert non_oriente.pk
    autre = client_de(monde.secretariat_autre_departement).get(url).content.decode()
    assert "0 signalement(s)" in autre


def test_le_partenaire_voit_ses_signalements_et_les_prend_en_charge(monde):
    saisine = signalement(monde, statut=StatutSaisine.ORIENTEE, orientee_vers=monde.bailleur)
    client = client_de(monde.partenaire)
    url = reverse("commission:signalements_partenaire")
    page = client.get(url).content.decode()
    assert saisine.numero in page and "Prendre en charge" in page
    ailleurs = client_de(monde.partenaire_autre_organisation).get(url).content.decode()
    assert saisine.numero not in ailleurs
    espace = client.get(reverse("commission:espace_partenaire")).content.decode()
    assert "Tous les signalements orientés vers nous" in espace

    reponse = client.post(
        reverse("commission:prendre_en_charge", args=[saisine.pk]), {"suivant": "signalements"}
    )
    assert reponse.url == url
    saisine.refresh_from_db()
    assert saisine.statut == StatutSaisine.PRISE_EN_CHARGE
    assert saisine.journal.filter(type=TypeEvenement.SIGNALEMENT_PRIS_EN_CHARGE).exists()
    page = client.get(url, {"a_prendre": "true"}).content.decode()
    assert saisine.numero not in page

    def remplir(n):
        while Saisine.objects.filter(orientee_vers=monde.bailleur).count() < n:
            signalement(monde, statut=StatutSaisine.ORIENTEE, orientee_vers=monde.bailleur)

    verifier_requetes_constantes(client, url, remplir)


def test_chaque_orientation_est_une_decision_notifiee(monde):
    """Décret n° 2026-83: orienting a report is a decision of the commission, electronic."""
    sans_menage = signalement(monde, nb_enfants=2)
    menage = MenageFactory(departement=monde.departement, commune=monde.commune)
    avec_menage = signalement(monde, nb_enfants=2, menage=menage)
    assert orienter_selon_regle(regle(monde, enfants="avec"), par=monde.secretariat) == 2
    decisions = Decision.objects.filter(type__nature=NatureDecision.ORIENTATION)
    assert decisions.count() == 2
    for decision in decisions:
        assert decision.statut == StatutDecision.NOTIFIEE and decision.procedure_ecrite
        assert decision.destinataire_organisation == monde.bailleur
        assert decision.prise_par == monde.secretariat and "décret n° 2026-83" in (
            decision.base_legale
        )
    assert decisions.get(saisine=sans_menage).menage is None
    assert decisions.get(saisine=avec_menage).menage == menage
    # The report's number stands for the household's while it has none.
    assert decisions.get(saisine=sans_menage).numero_dossier == sans_menage.numero


def test_orienter_vers_plusieurs_membres(monde):
    saisine = signalement(monde)
    client = client_de(monde.secretariat)
    reponse = client.post(
        reverse("commission:orienter_signalement", args=[saisine.pk]),
        {"organisation": monde.bailleur.pk, "autres": [monde.caf.pk], "motif": "Dette élevée"},
    )
    assert reponse.status_code == 302
    saisine.refresh_from_db()
    assert saisine.orientee_vers == monde.bailleur  # the member in charge
    decisions = Decision.objects.filter(saisine=saisine).order_by("destinataire_organisation")
    assert {d.destinataire_organisation for d in decisions} == {monde.bailleur, monde.caf}
    assert all(d.motifs == "Dette élevée" for d in decisions)

    # Each member sees the report oriented to it; another organisation does not.
    url = reverse("commission:signalements_partenaire")
    assert saisine.numero in client_de(monde.partenaire).get(url).content.decode()
    assert saisine.numero not in (
        client_de(monde.partenaire_autre_organisation).get(url).content.decode()
    )
    recues = client_de(monde.membre).get(reverse("commission:decisions_recues")).content
    assert saisine.numero in recues.decode()  # the CAF, through its decision

    # Taking it in charge acknowledges the orientation decision of the member in charge.
    client_de(monde.partenaire).post(reverse("commission:prendre_en_charge", args=[saisine.pk]))
    statuts = dict(decisions.values_list("destinataire_organisation", "statut"))
    assert statuts == {
        monde.bailleur.pk: StatutDecision.EXECUTEE,
        monde.caf.pk: StatutDecision.NOTIFIEE,
    }
    # The acknowledgement is a transition of the decision: journal and history.
    executee = decisions.get(destinataire_organisation=monde.bailleur)
    assert executee.executee_par == monde.partenaire
    assert EvenementJournal.objects.filter(type="decision_executee", saisine=saisine).count() == 1
    assert executee.history.filter(statut=StatutDecision.EXECUTEE).exists()
    # A notified orientation decision is frozen like any other.
    with pytest.raises(IntegrityError), transaction.atomic():
        decisions.filter(destinataire_organisation=monde.caf).update(motifs="Autre")


def test_signalements_non_orientes_au_tableau_de_bord(monde):
    from datetime import timedelta

    from django.utils import timezone

    from procedure.enums import CleRegle, Unite
    from procedure.models import RegleJuridique

    ancien = signalement(monde, soumise_le=timezone.now() - timedelta(days=20))
    recent = signalement(monde, soumise_le=timezone.now() - timedelta(days=5))
    client = client_de(monde.secretariat)

    def alerte():
        return client.get(reverse("commission:tableau_de_bord")).content.decode()

    def lien(saisine):
        return reverse("commission:orienter_signalement", args=[saisine.pk])

    page = alerte()
    assert "Signalements non orientés depuis plus de 15 jours (1)" in page
    assert lien(ancien) in page and lien(recent) not in page
    # The département's administrator sets its own delay: it applies at once.
    RegleJuridique.objects.create(
        cle=CleRegle.DELAI_ORIENTATION_SIGNALEMENT,
        departement_code=monde.departement.code,
        valeur=3,
        unite=Unite.JOURS,
        valide_du=timezone.localdate() - timedelta(days=365),
        source="Règlement intérieur de la CCAPEX",
    )
    page = alerte()
    assert "depuis plus de 3 jours (2)" in page and lien(recent) in page
    orienter_selon_regle(regle(monde), par=monde.secretariat)
    assert "Signalements non orientés" not in alerte()


def test_reorienter_leve_l_orientation_precedente(monde):
    """Oriented again elsewhere: the former orientation decision is lifted (not left in force
    beside the new one), and the former member no longer lists the report."""
    saisine = signalement(monde)
    client = client_de(monde.secretariat)
    url = reverse("commission:orienter_signalement", args=[saisine.pk])
    assert client.post(url, {"organisation": monde.bailleur.pk}).status_code == 302
    assert client.post(url, {"organisation": monde.autre_bailleur.pk}).status_code == 302
    statuts = dict(
        Decision.objects.filter(saisine=saisine).values_list("destinataire_organisation", "statut")
    )
    assert statuts == {
        monde.bailleur.pk: StatutDecision.LEVEE,
        monde.autre_bailleur.pk: StatutDecision.NOTIFIEE,
    }
    ancienne = Decision.objects.get(saisine=saisine, destinataire_organisation=monde.bailleur)
    assert "orienté de nouveau" in ancienne.motif_fin
    liste = reverse("commission:signalements_partenaire")
    assert saisine.numero not in client_de(monde.partenaire).get(liste).content.decode()
    assert saisine.numero in (
        client_de(monde.partenaire_autre_organisation).get(liste).content.decode()
    )


def test_un_membre_de_la_commission_charge_du_signalement_le_prend_en_charge(monde):
    """The CAF's users act as members of the commission, not partners: acknowledging the
    orientation decision in « Décisions reçues » (or by API) takes the report in charge."""
    saisine = signalement(monde)
    client_de(monde.secretariat).post(
        reverse("commission:orienter_signalement", args=[saisine.pk]),
        {"organisation": monde.caf.pk},
    )
    decision = Decision.objects.get(saisine=saisine)
    membre = client_de(monde.membre)
    reponse = membre.post(reverse("commission:accuser_execution", args=[decision.pk]))
    assert reponse.status_code == 302
    saisine.refresh_from_db()
    decision.refresh_from_db()
    assert saisine.statut == StatutSaisine.PRISE_EN_CHARGE and saisine.prise_en_charge_le
    assert decision.statut == StatutDecision.EXECUTEE and decision.executee_par == monde.membre
    assert EvenementJournal.objects.filter(
        saisine=saisine, type=TypeEvenement.SIGNALEMENT_PRIS_EN_CHARGE
    ).exists()
    # Again, by API: already done, nothing changes.
    assert membre.post(f"/api/v1/decisions/{decision.pk}/execution/").status_code == 200
    assert (
        EvenementJournal.objects.filter(type=TypeEvenement.SIGNALEMENT_PRIS_EN_CHARGE).count() == 1
    )
