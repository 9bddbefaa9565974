"""Antivirus verdict on uploaded bytes from a ClamAV daemon (clamd), by socket.

`CLAMAV_URL` names the daemon: `unix:///run/clamav/clamd.ctl` or `tcp://clamav:3310`; empty,
nothing is scanned. The bytes go over INSTREAM (clamd never needs to read our storage) with
the `clamav-client` library (Artefactual, maintained; `clamd` on PyPI has not moved since
2014). Any answer other than a clear OK or FOUND is "no verdict": the caller keeps the file
pending and tries again later, never serves it."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from clamav_client.clamd import ClamdError, ClamdNetworkSocket, ClamdUnixSocket
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class Injoignable(Exception):
    """clamd gave no verdict (down, too slow, error): the file stays pending."""


@dataclass(frozen=True)
class Verdict:
    sain: bool
    signature: str = ""


def actif() -> bool:
    return bool(settings.CLAMAV_URL)


# A host name, an IPv4 address or (between brackets, checked by `urlsplit`) an IPv6 one.
HOTE = re.compile(r"[\w.:-]+", re.ASCII)


def client(url: str | None = None):
    """The daemon's client; ImproperlyConfigured (in French) for an address it cannot be.
    Opens no connection: the system check `ccapex.E001` calls it at start-up.

    Nothing of the address is silently dropped or repaired: a user, a path, a query or a
    fragment after `tcp://hote:port`, a relative socket path, spaces around the value (a
    `.env` line copied with them), a host holding a space or a comma are refused."""
    url = url or settings.CLAMAV_URL
    try:
        parties = urlsplit(url)
        port = 3310 if parties.port is None else parties.port
    except ValueError:  # a "[" never closed, a port that is not a number up to 65535
        parties = port = None
    # `urlsplit` strips leading spaces and removes tabs and newlines anywhere.
    if parties and url == url.strip() and url.isprintable():
        # `unix://run/clamd.ctl` (two slashes) would read "run" as a host and drop it.
        if (
            parties.scheme == "unix"
            and not (parties.netloc or parties.query or parties.fragment)
            and parties.path.startswith("/")
            and not parties.path.endswith("/")
        ):
            return ClamdUnixSocket(path=parties.path, timeout=settings.CLAMAV_DELAI)
        if (
            parties.scheme == "tcp"
            and HOTE.fullmatch(parties.hostname or "")
            and port
            and parties.username is None
            and parties.path in ("", "/")
            and not (parties.query or parties.fragment)
        ):
            return ClamdNetworkSocket(
                host=parties.hostname, port=port, timeout=settings.CLAMAV_DELAI
            )
    raise ImproperlyConfigured(
        f"CLAMAV_URL={url!r} : attendu unix:///chemin/clamd.ctl ou tcp://hote:3310."
    )


def analyser(contenu: bytes) -> Verdict:
    """The daemon's verdict on these bytes; `Injoignable` when there is none."""
    try:
        reponse = client().instream(io.BytesIO(contenu))
    except (ClamdError, OSError) as erreur:
        raise Injoignable(str(erreur) or erreur.__class__.__name__) from erreur
    statut, raison = reponse.get("stream", (None, None))
    if statut == "OK":
        return Verdict(sain=True)
    if statut == "FOUND":
        return Verdict(sain=False, signature=(raison or "signature inconnue")[:200])
    raise Injoignable(f"réponse inattendue de clamd : {reponse!r}")
