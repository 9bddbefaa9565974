"""Plain-text e-mails rendered from a template: the two ways the application sends them.

- `envoyer_apres_commit` from a service run by a request: written to the outbox in the
  transaction, sent only once it commits (a rolled-back change never e-mails anyone) and
  still sent after a Redis or mail-server outage;
- `envoyer` from a job that marks what it sent right after each message (a retried job then
  skips what is marked, so nobody gets it twice).
"""

from django.core.mail import send_mail
from django.template.loader import render_to_string

from ccapex import boite_d_envoi


def adresses_utiles(adresses) -> list[str]:
    """Sorted, without duplicates, blanks, nor the `.invalid` addresses of technical accounts
    (API clients) that must never receive mail."""
    return sorted({a for a in adresses if a and not a.endswith(".invalid")})


def envoyer(sujet: str, template: str, contexte: dict, destinataires) -> bool:
    """Send now; False (nothing sent) without any address."""
    destinataires = list(destinataires)
    if not destinataires:
        return False
    send_mail(sujet, render_to_string(template, contexte), None, destinataires)
    return True


def envoyer_apres_commit(sujet: str, template: str, contexte: dict, destinataires) -> None:
    """Render now (the objects as this transaction sees them), send after the commit."""
    destinataires = list(destinataires)
    if destinataires:
        # Through the outbox, in this transaction: sent by the worker, even after an outage.
        boite_d_envoi.courriel(sujet, render_to_string(template, contexte), destinataires)
