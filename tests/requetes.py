"""Query counts: list and detail pages must not issue more queries when rows grow."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def requetes_de(client, url: str, **kwargs) -> list[str]:
    with CaptureQueriesContext(connection) as contexte:
        reponse = client.get(url, **kwargs)
    assert reponse.status_code == 200, reponse.status_code
    return [requete["sql"] for requete in contexte.captured_queries]


def verifier_requetes_constantes(client, url: str, remplir, petit: int = 5, grand: int = 50):
    """`remplir(n)` brings the data to n rows; the page must cost the same at n=5 and n=50."""
    remplir(petit)
    # One request first: one-off writes (an API key's last use, noted once a minute) are not
    # the page's cost.
    client.get(url)
    avec_peu = requetes_de(client, url)
    remplir(grand)
    avec_beaucoup = requetes_de(client, url)
    assert len(avec_peu) == len(avec_beaucoup), "\n".join(avec_beaucoup)
    return len(avec_beaucoup)
