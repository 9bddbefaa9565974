import uuid
from datetime import date

from django.core.files.base import ContentFile
from django.utils import timezone

from dossiers.enums import CanalSaisine, NatureSaisine, StatutSaisine, TypeDocument
from dossiers.models import Document, MessageSaisine, Saisine

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489")


def saisine_de(organisation, *, statut=StatutSaisine.SOUMISE, numero=None, **champs) -> Saisine:
    """A complex referral of `organisation` (already sent unless a draft is asked)."""
    valeurs = {
        "departement": organisation.departement,
        "nature": NatureSaisine.COMPLEXE,
        "canal": CanalSaisine.FORMULAIRE_PARTENAIRE,
        "origine": "bailleurs",
        "organisation": organisation,
        "statut": statut,
        "cle_idempotence": uuid.uuid4(),
        "nom": "Lefèvre",
        "prenom": "Hélène",
        "adresse": "12 rue des Lilas",
        "parc": "social",
        "motif": "impayes",
        "bailleur_nom": "Orge Habitat",
        "bailleur_nature": "bailleur_social",
        "stade_declare": "cdp",
        "actes_connus": [{"type": "cdp", "date": date(2026, 6, 1).isoformat()}],
        "demande": "Des délais et une orientation FSL.",
        "consentement_saisine": True,
        "consentement_partage": True,
        **champs,
    }
    if statut != StatutSaisine.BROUILLON:
        valeurs.setdefault(
            "numero",
            numero or f"S-{organisation.departement.code}-1999-{Saisine.objects.count() + 1:05d}",
        )
        valeurs.setdefault("soumise_le", timezone.now())
    return Saisine.objects.create(**valeurs)


def document_de(saisine, type_=TypeDocument.DSF) -> Document:
    document = Document(
        saisine=saisine,
        menage=saisine.menage,
        type=type_,
        nom="dsf.pdf",
        type_mime="application/pdf",
        taille=len(PDF),
        sha256="0" * 64,
        analyse="sain",
    )
    document.fichier.save("x", ContentFile(PDF), save=True)
    return document


def message_de(saisine, auteur, texte="Merci de joindre le DSF.") -> MessageSaisine:
    return MessageSaisine.objects.create(
        saisine=saisine, type="demande_complement", auteur=auteur, texte=texte
    )
