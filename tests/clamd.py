"""A real ClamAV daemon for the tests: Debian's `clamd` (package clamav-daemon), started on a
temporary unix socket with a one-line signature database that detects the EICAR test string
anywhere in a file. Nothing is downloaded (no freshclam)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

# The EICAR anti-virus test string: harmless, detected by every antivirus by convention.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
SIGNATURE = "Eicar-Test-Signature"
# A PDF (what uploads accept) that carries the EICAR string.
PDF_INFECTE = b"%PDF-1.4\n% " + EICAR + b"\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class Clamd:
    def __init__(self, dossier: Path):
        self.dossier = dossier
        self.socket = dossier / "clamd.sock"
        signatures = dossier / "signatures"
        signatures.mkdir()
        # .ndb: name, target type 0 (any file), offset * (anywhere), hex body.
        (signatures / "eicar.ndb").write_text(f"{SIGNATURE}:0:*:{EICAR.hex()}\n")
        self.configuration = dossier / "clamd.conf"
        self.configuration.write_text(
            f"LocalSocket {self.socket}\n"
            f"DatabaseDirectory {signatures}\n"
            f"LogFile {dossier / 'clamd.log'}\n"
            "Foreground yes\n"
        )
        self.processus: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"unix://{self.socket}"

    def demarrer(self) -> None:
        executable = shutil.which("clamd") or "/usr/sbin/clamd"
        if not Path(executable).exists():
            pytest.fail("clamd est introuvable : installez le paquet Debian clamav-daemon.")
        self.processus = subprocess.Popen(
            [executable, "-c", str(self.configuration)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        limite = time.monotonic() + 60
        while time.monotonic() < limite:
            if self.processus.poll() is not None:
                journal = (self.dossier / "clamd.log").read_text(errors="replace")
                pytest.fail(f"clamd s’est arrêté au démarrage :\n{journal}")
            if self._repond():
                return
            time.sleep(0.05)
        self.arreter()
        pytest.fail("clamd ne répond pas après 60 s.")

    def _repond(self) -> bool:
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connexion:
                connexion.settimeout(2)
                connexion.connect(str(self.socket))
                connexion.sendall(b"nPING\n")
                return connexion.recv(16).strip() == b"PONG"
        except OSError:
            return False

    def arreter(self) -> None:
        if self.processus and self.processus.poll() is None:
            self.processus.terminate()
            self.processus.wait(timeout=30)
        self.processus = None
        self.socket.unlink(missing_ok=True)


@pytest.fixture(name="clamd")
def fixture_clamd(settings):
    """A running clamd; `CLAMAV_URL` points to it. `clamd.arreter()` simulates an outage."""
    # A short directory: a unix socket path holds at most 107 bytes.
    dossier = Path(tempfile.mkdtemp(prefix="clamd-"))
    daemon = Clamd(dossier)
    daemon.demarrer()
    settings.CLAMAV_URL = daemon.url
    settings.CLAMAV_DELAI = 10
    try:
        yield daemon
    finally:
        daemon.arreter()
        shutil.rmtree(dossier, ignore_errors=True)
