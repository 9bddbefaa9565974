"""The list filters the case-file issue names but no other test exercises (motif, parc,
territory, referral origin, status), pagination, and the API list using the same FilterSet."""

import pytest
from django.urls import reverse

from dossiers import resume
from dossiers.enums import StatutMenage
from dossiers.models import MenageProcedure
from procedure.enums import Motif, Parc
from tests.conftest import client_de
from tests.dossiers.factories import menage_avec_procedure
from tests.dossiers.factories_saisines import saisine_de
from tests.partenaires.factories import CommuneFactory


@pytest.fixture
def agent(monde):
    return client_de(monde.secretariat)


def numeros(agent, **filtres):
    return sorted(m.numero for m in agent.get(reverse("dossiers:liste"), filtres).context["page"])


def test_filtres_motif_parc_territoire_origine_statut(monde, agent):
    ailleurs = CommuneFactory(departement=monde.departement)
    a = menage_avec_procedure(monde.departement, commune=monde.commune)
    b = menage_avec_procedure(monde.departement, commune=ailleurs, statut=StatutMenage.CLOS)
    pa = MenageProcedure.objects.get(menage=a).procedure
    pa.motif, pa.parc = Motif.CONGE_VENTE, Parc.SOCIAL
    pa.save()
    pb = MenageProcedure.objects.get(menage=b).procedure
    pb.motif, pb.parc = Motif.IMPAYES, Parc.PRIVE
    pb.save()
    resume.actualiser([a.pk, b.pk])  # saved directly, not through a service
    saisine_de(monde.bailleur, menage=a, origine="bailleurs")
    saisine_de(monde.bailleur, menage=b, origine="caf")

    assert numeros(agent, motif=Motif.CONGE_VENTE) == [a.numero]
    assert numeros(agent, parc=Parc.PRIVE) == [b.numero]
    assert numeros(agent, commune=ailleurs.pk) == [b.numero]
    assert numeros(agent, origine="caf") == [b.numero]
    assert numeros(agent, statut=StatutMenage.CLOS) == [b.numero]
    assert numeros(agent, statut=StatutMenage.ACTIF) == [a.numero]
    # The API list applies the same FilterSet.
    api = agent.get("/api/v1/dossiers/", {"motif": Motif.CONGE_VENTE}).json()
    resultats = api["results"] if isinstance(api, dict) else api
    assert [d["numero"] for d in resultats] == [a.numero]


def test_pagination(monde, agent):
    for _ in range(51):
        menage_avec_procedure(monde.departement)
    premiere = agent.get(reverse("dossiers:liste")).context
    seconde = agent.get(reverse("dossiers:liste"), {"page": 2}).context
    assert premiere["total"] == 51
    assert len(premiere["page"]) == 50 and len(seconde["page"]) == 1


def test_page_du_dossier_montre_treve_saisines_documents_et_journal(monde, agent):
    from django.core.files.base import ContentFile

    from dossiers import journal
    from dossiers.enums import TypeDocument
    from dossiers.models import Document

    menage = menage_avec_procedure(monde.departement)
    saisine = saisine_de(monde.bailleur, menage=menage)
    document = Document(
        menage=menage,
        type=TypeDocument.DSF,
        nom="diagnostic-lefevre.pdf",
        type_mime="application/pdf",
        taille=8,
        sha256="0" * 64,
        depose_par=monde.secretariat,
        analyse="sain",
    )
    document.fichier.save("x", ContentFile(b"%PDF-1.4"), save=True)
    journal.menage_modifie(menage, par=monde.secretariat, champs=["adresse"])

    html = agent.get(reverse("dossiers:menage", args=[menage.numero])).content.decode()

    assert saisine.numero in html
    assert "diagnostic-lefevre.pdf" in html
    assert reverse("dossiers:document", args=[document.pk]) in html
    assert "Journal du dossier" in html and "Aucun événement." not in html
    assert "trêve hivernale" in html.lower()
