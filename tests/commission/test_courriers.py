"""Letters of a closed session: one per dossier and addressee, PDFs read back, templates
checked at save time, idempotent job, regeneration, postal list, permissions."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from ccapex.enums import StatutTraitement
from ccapex.models import Traitement
from ccapex.traitements import executer
from commission.enums import StatutSeance
from commission.models import Bilan, Courrier, ModeleCourrier, SuiviPreconisation
from commission.services import courriers as services
from dossiers.models import Consultation, EvenementJournal
from tests.commission.factories import (
    ExamenFactory,
    PreconisationFactory,
    SeanceFactory,
    TypePreconisationFactory,
    le,
)
from tests.conftest import client_de
from tests.dossiers.factories import menage_avec_procedure
from tests.pdf import est_a4, texte_pdf


@pytest.fixture
def seance(monde):
    """Two dossiers: the first addressed to the household, the landlord (twice) and the CAF;
    the second to the landlord only."""
    seance = SeanceFactory(
        commission__departement=monde.departement,
        commission__nom="CCAPEX du Val-d’Orge",
        date=le(2026, 5, 12),
        publiee=True,
    )
    menage = menage_avec_procedure(
        monde.departement, nom="Lefèvre", dettes=[(date(2026, 4, 30), Decimal("1234.56"))]
    )
    autre = menage_avec_procedure(monde.departement, nom="Diallo")
    premier = ExamenFactory(seance=seance, menage=menage, avis="Maintien dans les lieux.")
    second = ExamenFactory(seance=seance, menage=autre)
    reprise = TypePreconisationFactory(
        departement=monde.departement,
        code="reprise_paiement",
        libelle="Reprise du paiement du loyer",
    )
    dls = TypePreconisationFactory(
        departement=monde.departement, code="actualiser_dls", libelle="Actualiser la DLS"
    )
    fsl = TypePreconisationFactory(departement=monde.departement, code="fsl", libelle="FSL")
    PreconisationFactory(examen=premier, type=reprise, texte="dès le mois prochain")
    PreconisationFactory(
        examen=premier,
        type=dls,
        destinataire_menage=False,
        destinataire_organisation=monde.bailleur,
    )
    PreconisationFactory(
        examen=premier, type=reprise, destinataire_menage=False,
        destinataire_organisation=monde.bailleur, echeance=date(2026, 11, 24),
    )  # fmt: skip
    PreconisationFactory(
        examen=premier, type=fsl, destinataire_menage=False, destinataire_organisation=monde.caf
    )
    PreconisationFactory(
        examen=second, type=dls, destinataire_menage=False, destinataire_organisation=monde.bailleur
    )
    return seance


def cloturer(client, seance, capture):
    with capture(execute=True):
        return client.post(reverse("commission:cloturer_seance", args=[seance.pk]))


def pdf_de(courrier) -> bytes:
    with courrier.fichier.open("rb") as fichier:
        return fichier.read()


def test_cloture_un_courrier_par_dossier_et_destinataire(
    monde, seance, django_capture_on_commit_callbacks
):
    client = client_de(monde.secretariat)
    reponse = cloturer(client, seance, django_capture_on_commit_callbacks)
    traitement = Traitement.objects.get(type=services.TYPE_TRAITEMENT)
    assert reponse.status_code == 302
    assert reponse.url == reverse("ccapex:traitement", args=[traitement.pk])
    assert traitement.statut == StatutTraitement.TERMINE, traitement.message
    assert traitement.fait == traitement.total == 5
    cles = sorted(
        (
            c.menage.membres.first().nom,
            c.destinataire_organisation.nom if c.destinataire_organisation else "ménage",
        )
        for c in Courrier.objects.select_related("menage", "destinataire_organisation")
    )
    assert cles == [
        ("Diallo", "Orge Habitat"), ("Diallo", "ménage"),
        ("Lefèvre", "CAF"), ("Lefèvre", "Orge Habitat"), ("Lefèvre", "ménage"),
    ]  # fmt: skip
    seance.refresh_from_db()
    assert seance.statut == StatutSeance.CLOSE and seance.close_le
    assert SuiviPreconisation.objects.filter(echeance=date(2026, 11, 12)).count() == 5
    assert Bilan.objects.filter(echeance=date(2027, 5, 12)).count() == 2

    # Partners get one e-mail per organisation with a link, never the letter itself.
    assert sorted(len(m.to) > 0 for m in mail.outbox) == [True, True]
    message = next(m for m in mail.outbox if monde.partenaire.email in m.to)
    assert reverse("commission:suivis_partenaire") in message.body
    assert message.attachments == []
    assert Courrier.objects.filter(destinataire_menage=False, envoye_le__isnull=True).count() == 0
    # The household letters wait for the post.
    assert Courrier.objects.filter(destinataire_menage=True, envoye_le__isnull=True).count() == 2

    # Closing again, or replaying the job: nothing twice.
    cloturer(client, seance, django_capture_on_commit_callbacks)
    assert Traitement.objects.count() == 1
    Traitement.objects.filter(pk=traitement.pk).update(statut=StatutTraitement.EN_COURS)
    executer(traitement.pk, services.produire_courriers_de_la_seance)
    assert Courrier.objects.count() == 5
    assert len(mail.outbox) == 2


def test_courriers_pdf_relus(monde, seance, django_capture_on_commit_callbacks):
    cloturer(client_de(monde.secretariat), seance, django_capture_on_commit_callbacks)
    courrier = Courrier.objects.get(destinataire_menage=True, menage__membres__nom="Lefèvre")
    contenu = pdf_de(courrier)
    assert est_a4(contenu)
    texte = " ".join(texte_pdf(contenu).split())
    assert courrier.menage.numero in texte
    assert "séance du 12 mai 2026" in texte
    assert "1 234,56 €" in texte
    assert "Maintien dans les lieux." in texte
    assert "Reprise du paiement du loyer : dès le mois prochain" in texte
    assert "échéance : 24 novembre 2026" in texte
    assert "/donnees-personnelles/" in texte  # where the privacy notice is (RGPD art. 13)
    assert "{{" not in texte and "{%" not in texte and "}}" not in texte

    bailleur = Courrier.objects.get(
        destinataire_organisation=monde.bailleur, menage__membres__nom="Lefèvre"
    )
    texte = " ".join(texte_pdf(pdf_de(bailleur)).split())
    assert "Orge Habitat" in texte and "Actualiser la DLS" in texte
    assert "FSL" not in texte  # the CAF's recommendation is in the CAF's letter only


def test_modele_de_l_administrateur_utilise_et_variables_verifiees(
    monde, seance, django_capture_on_commit_callbacks
):
    client = client_de(monde.administrateur)
    url = reverse("commission:nouveau_modele_courrier")
    donnees = {
        "type": "preconisation",
        "pour_menage": "on",
        "objet": "Votre dossier {{ menage.numero }}",
        "corps": "Bonjour {{ destinataire.nom }}, votre IBAN : {{ menage.iban }}",
        "actif": "on",
    }
    reponse = client.post(url, donnees)
    assert reponse.status_code == 200
    assert "Variable inconnue : « {{ menage.iban }} »" in reponse.content.decode()
    for interdit in ["{% include 'base.html' %}", "{% load static %}", "{{ menage|safe }}"]:
        reponse = client.post(url, {**donnees, "corps": interdit})
        html = reponse.content.decode()
        assert "non autorisé" in html or "erreur de syntaxe" in html, interdit
    assert ModeleCourrier.objects.count() == 0

    corps = (
        "Madame {{ destinataire.nom|upper }},\n"
        "{% for p in preconisations %}{{ forloop.counter }}. {{ p.type }}\n{% endfor %}"
        "Séance du {{ seance.date }}."
    )
    reponse = client.post(url, {**donnees, "corps": corps})
    assert reponse.status_code == 302
    modele = ModeleCourrier.objects.get()
    assert modele.departement == monde.departement and modele.version == 1
    reponse = client.post(
        reverse("commission:modele_courrier", args=[modele.pk]), {**donnees, "corps": corps}
    )
    modele.refresh_from_db()
    assert modele.version == 2

    apercu = client.post(reverse("commission:apercu_modele"), {"corps": corps}).content.decode()
    assert "1. Reprise du paiement du loyer" in apercu and "24 novembre 2026" in apercu

    cloturer(client_de(monde.secretariat), seance, django_capture_on_commit_callbacks)
    courrier = Courrier.objects.get(destinataire_menage=True, menage__membres__nom="Lefèvre")
    assert courrier.modele == modele
    texte = " ".join(texte_pdf(pdf_de(courrier)).split())
    assert "Madame ALEX LEFÈVRE" in texte or "LEFÈVRE" in texte
    assert "1. Reprise du paiement du loyer" in texte
    assert "Séance du 12 mai 2026." in texte
    assert "Objet : Votre dossier " + courrier.menage.numero in texte


def test_echec_n_attache_rien_puis_relance(
    monde, seance, django_capture_on_commit_callbacks, monkeypatch
):
    vrai = services.rendre_pdf
    appels = []

    def en_panne(template, contexte):
        appels.append(1)
        if len(appels) == 3:
            raise RuntimeError("Le moteur PDF a échoué.")
        return vrai(template, contexte)

    monkeypatch.setattr(services, "rendre_pdf", en_panne)
    cloturer(client_de(monde.secretariat), seance, django_capture_on_commit_callbacks)
    traitement = Traitement.objects.get()
    assert traitement.statut == StatutTraitement.ECHEC
    assert traitement.message == "Le moteur PDF a échoué."
    assert Courrier.objects.count() == 0 and mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        client_de(monde.secretariat).post(
            reverse("ccapex:relancer_traitement", args=[traitement.pk])
        )
    traitement.refresh_from_db()
    assert traitement.statut == StatutTraitement.TERMINE
    assert Courrier.objects.count() == 5


def test_regenerer_garde_l_ancienne_version(monde, seance, django_capture_on_commit_callbacks):
    client = client_de(monde.secretariat)
    cloturer(client, seance, django_capture_on_commit_callbacks)
    ancien = Courrier.objects.get(destinataire_menage=True, menage__membres__nom="Lefèvre")
    ancien.menage.membres.update(nom="Lefèvre-Martin")  # a correction
    reponse = client.post(reverse("commission:regenerer_courrier", args=[ancien.pk]))
    assert reponse.status_code == 302
    nouveau = Courrier.objects.get(remplace=ancien)
    assert nouveau.version == 2 and ancien.fichier and nouveau.fichier.name != ancien.fichier.name
    # The old version can no longer be regenerated; the page offers the new one.
    client.post(reverse("commission:regenerer_courrier", args=[ancien.pk]))
    assert Courrier.objects.filter(remplace__isnull=False).count() == 1
    page = client.get(reverse("dossiers:menage", args=[ancien.menage.numero])).content.decode()
    assert reverse("commission:telecharger_courrier", args=[nouveau.pk]) in page
    assert reverse("commission:regenerer_courrier", args=[nouveau.pk]) in page
    assert reverse("commission:regenerer_courrier", args=[ancien.pk]) not in page
    # Only the current household letter waits for the post.
    a_poster = client.get(reverse("commission:courriers_a_poster")).content.decode()
    assert reverse("commission:telecharger_courrier", args=[nouveau.pk]) in a_poster
    assert reverse("commission:telecharger_courrier", args=[ancien.pk]) not in a_poster


def test_courriers_a_poster_et_marquer_envoye(monde, seance, django_capture_on_commit_callbacks):
    client = client_de(monde.secretariat)
    cloturer(client, seance, django_capture_on_commit_callbacks)
    page = client.get(reverse("commission:courriers_a_poster"), {"seance": seance.pk})
    html = page.content.decode()
    courriers = list(Courrier.objects.filter(destinataire_menage=True))
    assert all(c.menage.numero in html for c in courriers)
    assert html.count("Marquer envoyé") == 2
    url = reverse("commission:marquer_envoye", args=[courriers[0].pk])
    client.post(url)
    client.post(url)  # double submit
    courriers[0].refresh_from_db()
    assert courriers[0].envoye_le is not None
    postes = EvenementJournal.objects.filter(menage=courriers[0].menage, type="courrier_poste")
    assert postes.count() == 1  # the double submit wrote nothing twice
    assert (
        client.get(reverse("commission:courriers_a_poster"))
        .content.decode()
        .count("Marquer envoyé")
        == 1
    )


def test_telechargement_selon_le_destinataire(monde, seance, django_capture_on_commit_callbacks):
    cloturer(client_de(monde.secretariat), seance, django_capture_on_commit_callbacks)
    au_bailleur = Courrier.objects.filter(destinataire_organisation=monde.bailleur).first()
    au_menage = Courrier.objects.filter(destinataire_menage=True).first()
    url = reverse("commission:telecharger_courrier", args=[au_bailleur.pk])
    espace = client_de(monde.partenaire).get(reverse("commission:suivis_partenaire")).content
    assert url in espace.decode()
    assert reverse("commission:telecharger_courrier", args=[au_menage.pk]) not in espace.decode()
    reponse = client_de(monde.partenaire).get(url)
    assert reponse.status_code == 200
    assert b"".join(reponse.streaming_content).startswith(b"%PDF")
    lecture = Consultation.objects.get(objet="courrier", objet_id=str(au_bailleur.pk))
    assert lecture.utilisateur == monde.partenaire and lecture.menage == au_bailleur.menage
    assert client_de(monde.partenaire_autre_organisation).get(url).status_code == 404
    assert client_de(monde.secretariat_autre_departement).get(url).status_code == 404
    url = reverse("commission:telecharger_courrier", args=[au_menage.pk])
    assert client_de(monde.partenaire).get(url).status_code == 404


def test_cloture_refusee_hors_departement_et_sans_dossier(monde, seance):
    client = client_de(monde.secretariat_autre_departement)
    assert client.post(reverse("commission:cloturer_seance", args=[seance.pk])).status_code == 404
    future = SeanceFactory(commission=seance.commission, date=le(2030, 1, 15))
    ExamenFactory(seance=future)
    reponse = client_de(monde.secretariat).post(
        reverse("commission:cloturer_seance", args=[future.pk]), follow=True
    )
    assert "La séance n’a pas encore eu lieu" in reponse.content.decode()
    vide = SeanceFactory(commission=seance.commission, date=le(2026, 5, 12), publiee=True)
    reponse = client_de(monde.secretariat).post(
        reverse("commission:cloturer_seance", args=[vide.pk]), follow=True
    )
    assert "Aucun dossier n’est inscrit à cette séance" in reponse.content.decode()
    vide.refresh_from_db()
    assert vide.statut == StatutSeance.PUBLIEE and Traitement.objects.count() == 0


def test_page_des_courriers_a_poster_cout_constant(monde):
    from django.core.files.base import ContentFile

    from tests.dossiers.factories import MembreFactory
    from tests.requetes import verifier_requetes_constantes

    seance = SeanceFactory(commission__departement=monde.departement)

    def remplir(n):
        while Courrier.objects.count() < n:
            examen = ExamenFactory(seance=seance)
            MembreFactory(menage=examen.menage)
            courrier = Courrier(
                menage=examen.menage, seance=seance, type="preconisation", destinataire_menage=True
            )
            courrier.fichier.save("c.pdf", ContentFile(b"%PDF-1.4"), save=True)

    client = client_de(monde.secretariat)
    url = reverse("commission:courriers_a_poster") + f"?seance={seance.pk}"
    assert verifier_requetes_constantes(client, url, remplir) < 20
    assert client.get(url).content.decode().count("Marquer envoyé") == 50


def test_etat_du_traitement_sur_la_page_des_courriers(
    monde, seance, django_capture_on_commit_callbacks
):
    client = client_de(monde.secretariat)
    cloturer(client, seance, django_capture_on_commit_callbacks)
    html = client.get(reverse("commission:courriers_a_poster"), {"seance": seance.pk}).content
    html = html.decode()
    assert "Terminé" in html and "hx-trigger" not in html
    Traitement.objects.update(statut=StatutTraitement.EN_COURS, fait=2, total=5)
    html = client.get(reverse("commission:courriers_a_poster"), {"seance": seance.pk}).content
    assert 'hx-trigger="every 2s"' in html.decode() and 'value="40"' in html.decode()


def test_l_exemple_de_l_apercu_couvre_chaque_variable_documentee():
    """The preview's example values and the documented placeholders are one list."""
    from commission.services import courriers as services_courriers

    def cles(d):
        return {k: set(v) if isinstance(v, dict) else None for k, v in d.items()}

    documentees = cles(services_courriers.VARIABLES)
    documentees.pop("preconisations")
    assert cles(services_courriers.EXEMPLE) == documentees
    rendu = services_courriers.rendre_exemple(
        "{{ menage.nom }} — {% for p in preconisations %}{{ p.type }}; {% endfor %}"
    )
    assert rendu == (
        "Aminata Diallo — Reprise du paiement du loyer; Actualiser la demande de logement social; "
    )
