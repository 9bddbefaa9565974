"""API keys: stored hashed, shown once, named, expiring, last use kept; throttled per key and
per client address (issue 13)."""

import hashlib
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partenaires.enums import Role
from partenaires.models import CleApi
from partenaires.services import nouveau_jeton_api
from tests.conftest import client_de

API = "/api/v1/saisines/"


def api(cle: str, **entetes) -> Client:
    return Client(headers={"Authorization": f"Token {cle}", **entetes})


def creer(admin, organisation, **donnees):
    url = reverse("partenaires:jeton_api", args=[organisation.pk])
    return admin.post(url, {"nom": "Logiciel de gestion locative", "duree": "90", **donnees})


def test_cle_affichee_une_fois_stockee_hachee(monde):
    admin = client_de(monde.administrateur)
    page = creer(admin, monde.bailleur)
    assert page.status_code == 200
    cle = page.context["jeton"]
    assert cle and cle in page.content.decode()
    enregistree = CleApi.objects.get()
    assert enregistree.nom == "Logiciel de gestion locative"
    assert enregistree.empreinte == hashlib.sha256(cle.encode()).hexdigest()
    assert cle.startswith(enregistree.prefixe) and len(enregistree.prefixe) < len(cle) // 4
    # Nowhere in the database in clear, nor in the session.
    with connection.cursor() as curseur:
        curseur.execute("SELECT session_data FROM django_session")
        assert all(cle not in ligne[0] for ligne in curseur.fetchall())
    assert cle not in str(list(CleApi.objects.values()))
    suivante = admin.get(reverse("partenaires:organisation", args=[monde.bailleur.pk]))
    html = suivante.content.decode()
    assert (
        cle not in html and "Logiciel de gestion locative" in html and enregistree.prefixe in html
    )
    technique = enregistree.utilisateur
    assert technique.adhesion.organisation == monde.bailleur and technique.role == Role.PARTENAIRE
    assert not technique.has_usable_password()


def test_cle_valable_puis_derniere_utilisation_notee(monde):
    cle = nouveau_jeton_api(monde.bailleur, nom="Logiciel", par=monde.administrateur)
    assert CleApi.objects.get().derniere_utilisation is None
    assert api(cle).get(API).status_code == 200
    assert CleApi.objects.get().derniere_utilisation is not None


def test_cle_expiree_refusee(monde):
    cle = nouveau_jeton_api(monde.bailleur, nom="Logiciel", duree=30, par=monde.administrateur)
    assert CleApi.objects.get().expire_le.date() == (timezone.now() + timedelta(days=30)).date()
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        reponse = api(cle).get(API)
    assert reponse.status_code == 401
    assert "expirée" in reponse.json()["detail"]


def test_plusieurs_cles_nommees_et_revocation(monde):
    admin = client_de(monde.administrateur)
    ancienne = nouveau_jeton_api(monde.bailleur, nom="Ancien logiciel", par=monde.administrateur)
    nouvelle = nouveau_jeton_api(monde.bailleur, nom="Nouveau logiciel", par=monde.administrateur)
    assert api(ancienne).get(API).status_code == 200 and api(nouvelle).get(API).status_code == 200
    cle = CleApi.objects.get(nom="Ancien logiciel")
    reponse = admin.post(reverse("partenaires:revoquer_cle_api", args=[cle.pk]))
    assert reponse.status_code == 302
    assert api(ancienne).get(API).status_code == 401
    assert api(nouvelle).get(API).status_code == 200


def test_cle_d_une_organisation_d_un_autre_departement_non_revocable(monde):
    from tests.partenaires.factories import OrganisationFactory

    autre = OrganisationFactory(departement=monde.autre_departement)
    nouveau_jeton_api(autre, nom="Logiciel", par=monde.administrateur)
    cle = CleApi.objects.get()
    admin = client_de(monde.administrateur)
    assert admin.post(reverse("partenaires:revoquer_cle_api", args=[cle.pk])).status_code == 404


def test_cle_inconnue_refusee(db):
    assert api("pas-une-cle").get(API).status_code == 401


class TestLimitesDeDebit:
    @pytest.fixture(autouse=True)
    def compteurs_vides(self):
        cache.clear()
        yield
        cache.clear()

    @pytest.fixture
    def limites(self, settings):
        def regler(**taux):
            rates = {"cle": "1000/minute", "ip": "1000/minute", "echecs": "1000/minute"}
            settings.REST_FRAMEWORK = settings.REST_FRAMEWORK | {
                "DEFAULT_THROTTLE_RATES": rates | taux
            }

        return regler

    def test_par_cle(self, monde, limites):
        limites(cle="3/minute")
        cle = nouveau_jeton_api(monde.bailleur, nom="Logiciel", par=monde.administrateur)
        statuts = [api(cle).get(API).status_code for _ in range(4)]
        assert statuts == [200, 200, 200, 429]
        assert "Trop de requêtes" in api(cle).get(API).json()["detail"]
        autre = nouveau_jeton_api(monde.autre_bailleur, nom="Logiciel", par=monde.administrateur)
        assert api(autre).get(API).status_code == 200  # another key has its own budget

    def test_par_adresse_sans_contournement_par_x_forwarded_for(self, monde, limites):
        limites(ip="3/minute")
        cles = [
            nouveau_jeton_api(monde.bailleur, nom=f"Logiciel {n}", par=monde.administrateur)
            for n in range(4)
        ]
        statuts = [
            api(cle).get(API, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code
            for n, cle in enumerate(cles)
        ]
        assert statuts == [200, 200, 200, 429]

    def test_cles_essayees_au_hasard_bloquees_par_adresse(self, monde, limites):
        limites(echecs="5/minute")
        statuts = [
            api(f"essai-{n}").get(API, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code
            for n in range(7)
        ]
        assert statuts == [401] * 5 + [429, 429]
        cle = nouveau_jeton_api(monde.bailleur, nom="Logiciel", par=monde.administrateur)
        assert api(cle).get(API).status_code == 429  # even a right key, from that address
