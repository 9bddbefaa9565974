"""Uploaded documents: PDF, JPEG or PNG only, recognised from their content, 10 MB at most,
with a sanitised name; 20 documents and 50 MB in all per referral; scanned by ClamAV when
`CLAMAV_URL` is set (an infected file is refused). Stored under a random name, outside any
public URL."""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from dataclasses import dataclass

import filetype
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from ccapex import antivirus
from ccapex.enums import EtatAnalyse

logger = logging.getLogger(__name__)

TAILLE_MAX = 10 * 1024 * 1024
# Per referral, counting the documents already joined (a draft, a completion): bounds the
# disk a single referral (or a script on the public form) can fill.
NOMBRE_MAX_PAR_SAISINE = 20
TAILLE_MAX_PAR_SAISINE = 50 * 1024 * 1024
TYPES_ACCEPTES = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
}
# An accepted extension must tell the truth about the content (a « .pdf » holding a PNG is
# refused: the sender may have attached the wrong file, or disguised it).
EXTENSIONS = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".jpe": "image/jpeg",
    ".png": "image/png",
}
LIBELLES = {
    "application/pdf": "un PDF",
    "image/jpeg": "une image JPEG",
    "image/png": "une image PNG",
}


@dataclass(frozen=True)
class FichierVerifie:
    contenu: bytes
    nom: str
    type_mime: str
    sha256: str
    # EtatAnalyse: SAIN, NON_ANALYSE (no antivirus configured) or EN_COURS (clamd gave no
    # verdict: the file is kept, never served, and scanned again by the worker).
    analyse: str = EtatAnalyse.NON_ANALYSE

    def en_fichier(self) -> ContentFile:
        return ContentFile(self.contenu, name=self.nom)


def nom_sain(nom: str, extension: str) -> str:
    """« Jugement du 3/02 (copie).PDF » → « Jugement-du-3-02-copie.pdf »: letters, digits,
    dashes; no path, no accent, 80 characters at most; the extension matches the content."""
    base = nom.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    base = re.sub(r"[^A-Za-z0-9]+", "-", base).strip("-")[:80] or "document"
    return base + extension


def verifier(fichier) -> FichierVerifie:
    """Read and check an uploaded file; ValidationError with a French message otherwise."""
    if fichier.size > TAILLE_MAX:
        taille = fichier.size / 1024 / 1024
        raise ValidationError(
            f"« {fichier.name} » pèse {taille:.1f} Mo : la limite est de 10 Mo par fichier."
        )
    contenu = fichier.read()
    if len(contenu) > TAILLE_MAX:
        raise ValidationError(f"« {fichier.name} » dépasse 10 Mo.")
    genre = filetype.guess(contenu)
    type_mime = genre.mime if genre else None
    if type_mime not in TYPES_ACCEPTES:
        raise ValidationError(
            f"« {fichier.name} » n’est pas un PDF, un JPEG ou un PNG (d’après son contenu) : "
            "enregistrez-le dans l’un de ces formats."
        )
    extension = "." + fichier.name.rsplit(".", 1)[-1].lower() if "." in fichier.name else ""
    if EXTENSIONS.get(extension, type_mime) != type_mime:
        raise ValidationError(
            f"« {fichier.name} » porte l’extension {extension} mais contient "
            f"{LIBELLES[type_mime]} : vérifiez que c’est le bon fichier."
        )
    sha256 = hashlib.sha256(contenu).hexdigest()
    return FichierVerifie(
        contenu=contenu,
        nom=nom_sain(fichier.name, TYPES_ACCEPTES[type_mime]),
        type_mime=type_mime,
        sha256=sha256,
        analyse=analyser(contenu, nom=fichier.name, sha256=sha256),
    )


def analyser(contenu: bytes, *, nom: str, sha256: str) -> str:
    """The file's antivirus state at upload; ValidationError in French when it is infected.

    The refusal is logged (signature and fingerprint, never the name: it may hold a
    person's name)."""
    if not antivirus.actif():
        return EtatAnalyse.NON_ANALYSE
    try:
        verdict = antivirus.analyser(contenu)
    except antivirus.Injoignable as erreur:
        logger.warning(
            "antivirus injoignable, fichier mis en attente d’analyse",
            extra={"evenement": "antivirus_injoignable", "raison": str(erreur)[:200]},
        )
        return EtatAnalyse.EN_COURS
    if verdict.sain:
        return EtatAnalyse.SAIN
    logger.warning(
        "fichier infecté refusé au dépôt",
        extra={
            "evenement": "fichier_infecte",
            "signature": verdict.signature,
            "sha256": sha256,
            "taille": len(contenu),
        },
    )
    raise ValidationError(
        f"« {nom} » contient un virus ({verdict.signature}) : il a été refusé et n’a pas été "
        "enregistré. Faites vérifier votre poste par votre service informatique avant "
        "d’envoyer de nouveau ce document."
    )


def verifier_ensemble(deja: list[int], nouveaux: list[int]) -> None:
    """Sizes in bytes of the referral's documents already joined and of those being added;
    ValidationError in French when the referral would pass 20 documents or 50 MB."""
    if not nouveaux:
        return
    nombre = len(deja) + len(nouveaux)
    if nombre > NOMBRE_MAX_PAR_SAISINE:
        joints = f" ({len(deja)} déjà joints)" if deja else ""
        raise ValidationError(
            f"Une saisine compte au plus {NOMBRE_MAX_PAR_SAISINE} documents : celle-ci en "
            f"aurait {nombre}{joints}. Regroupez plusieurs pages dans un même PDF."
        )
    total = sum(deja) + sum(nouveaux)
    if total > TAILLE_MAX_PAR_SAISINE:
        raise ValidationError(
            f"Les documents d’une saisine pèsent au plus 50 Mo au total : ceux-ci pèseraient "
            f"{total / 1024 / 1024:.1f} Mo. Réduisez la résolution des scans ou retirez un "
            "document."
        )
