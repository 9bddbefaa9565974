import logging

import pytest
from django.test import RequestFactory

from ccapex.reseau import ip_client


@pytest.mark.parametrize(
    ("proxies", "transmis", "attendu"),
    [
        (0, "", "10.0.0.1"),
        (0, "203.0.113.7", "10.0.0.1"),  # no trusted proxy: the header is ignored
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # the forged left entry is ignored
        (2, "6.6.6.6, 203.0.113.7, 10.0.0.9", "203.0.113.7"),
        (2, "203.0.113.7", "10.0.0.1"),  # fewer entries than proxies: not trusted
        (1, "pas-une-adresse", "10.0.0.1"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_ip_client_compte_les_proxies_de_confiance(settings, proxies, transmis, attendu):
    settings.PROXIES_DE_CONFIANCE = proxies
    requete = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=transmis)
    assert ip_client(requete) == attendu


def test_le_journal_des_requetes_donne_l_adresse_du_client(client, settings, caplog):
    settings.PROXIES_DE_CONFIANCE = 1
    with caplog.at_level(logging.INFO, logger="ccapex.requests"):
        client.get("/healthz", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    (ligne,) = [r for r in caplog.records if r.name == "ccapex.requests"]
    assert ligne.ip == "203.0.113.7"


@pytest.mark.parametrize(
    "chemin",
    [
        "/securite/enrolement/SECRETdulien0123456789/",
        "/invitation/SECRETdulien0123456789/",
        "/mot-de-passe/nouveau/MQ/SECRETdulien0123456789/",
    ],
)
def test_le_journal_des_requetes_ne_garde_pas_les_secrets_des_liens(db, client, caplog, chemin):
    """Whoever reads the access log must not be able to open an enrolment, invitation or
    password-reset link (audit of issue 13, item 3)."""
    with caplog.at_level(logging.INFO, logger="ccapex.requests"):
        client.get(chemin)
    (ligne,) = [r for r in caplog.records if r.name == "ccapex.requests"]
    assert "SECRET" not in ligne.path
    assert ligne.path.endswith("…/")
