"""Uploaded documents after the upload: the antivirus scan of those left pending."""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from ccapex import antivirus
from ccapex.enums import EtatAnalyse
from dossiers import journal
from dossiers.models import Document
from dossiers.models.document import chemin_quarantaine

logger = logging.getLogger(__name__)

TACHE_ANALYSE = "dossiers.tasks.analyser_document"
# Pending documents scanned per beat run (the rest wait for the next run).
LOT = 200


def analyser(*, document_id: int) -> str | None:
    """Scan a pending document: clean, it can be served; infected, it goes to quarantine and
    the dossier's journal says so. Returns the document's state (None if it is gone).

    Raises `antivirus.Injoignable` when clamd gives no verdict: the document stays pending.
    Idempotent: a document already settled is left as it is."""
    with transaction.atomic():
        document = (
            Document.objects.select_for_update(of=("self",))
            .select_related("saisine")
            .filter(pk=document_id)
            .first()
        )
        if document is None or document.analyse != EtatAnalyse.EN_COURS:
            return document.analyse if document else None
        if not antivirus.actif():
            raise antivirus.Injoignable("CLAMAV_URL n’est pas réglée")
        with document.fichier.open("rb") as fichier:
            contenu = fichier.read()
        verdict = antivirus.analyser(contenu)
        document.analyse_le = timezone.now()
        if verdict.sain:
            document.analyse = EtatAnalyse.SAIN
            document.save(update_fields=["analyse", "analyse_le"])
            return document.analyse
        document.analyse = EtatAnalyse.INFECTE
        document.virus = verdict.signature
        _mettre_en_quarantaine(document, contenu)
        document.save(update_fields=["analyse", "analyse_le", "virus", "fichier"])
        journal.document_refuse(document)
    logger.warning(
        "fichier infecté mis en quarantaine",
        extra={
            "evenement": "fichier_infecte",
            "document": document.pk,
            "signature": document.virus,
            "sha256": document.sha256,
        },
    )
    return document.analyse


def _mettre_en_quarantaine(document: Document, contenu: bytes) -> None:
    ancien = document.fichier.name
    stockage = document.fichier.storage
    document.fichier.name = stockage.save(chemin_quarantaine(), ContentFile(contenu))
    # Removed once the row points to the quarantine copy (a rollback keeps the original).
    transaction.on_commit(lambda: stockage.delete(ancien))


def reprendre_analyses() -> dict[str, int]:
    """Scan the pending documents, oldest first (beat). Stops at the first failure to reach
    clamd: the next run tries again."""
    bilan = {"sains": 0, "infectes": 0, "en_attente": 0}
    identifiants = list(
        Document.objects.en_attente_d_analyse().order_by("id").values_list("id", flat=True)[:LOT]
    )
    for rang, identifiant in enumerate(identifiants):
        try:
            etat = analyser(document_id=identifiant)
        except antivirus.Injoignable as erreur:
            bilan["en_attente"] = len(identifiants) - rang
            logger.warning(
                "antivirus injoignable, analyses reportées",
                extra={"evenement": "antivirus_injoignable", "raison": str(erreur)[:200]},
            )
            break
        if etat == EtatAnalyse.SAIN:
            bilan["sains"] += 1
        elif etat == EtatAnalyse.INFECTE:
            bilan["infectes"] += 1
    return bilan
