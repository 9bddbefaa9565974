"""Retention pages and the full data export (docs/conservation.md)."""

from django.utils import timezone

from dossiers.models import Menage
from tests.dossiers.factories import MenageFactory

from .regles import regle


def actif(monde):
    return {"numero": MenageFactory(departement=monde.departement).numero}


def archive(monde):
    menage = MenageFactory(departement=monde.departement)
    Menage.objects.filter(pk=menage.pk).update(archive_le=timezone.now())
    return {"numero": menage.numero}


def actif_pdf(monde):
    return {**actif(monde), "format": "pdf"}


def archive_json(monde):
    return {**archive(monde), "format": "json"}


REGLES = {
    "dossiers:conservation": regle(secretariat=200, secretariat_autre_departement=200),
    # A POST on an active file of the département redirects back to the list with a message.
    "dossiers:conservation_maintenir": regle(
        secretariat=302,
        secretariat_autre_departement=404,
        kwargs=actif,
        methode="post",
        donnees={"motif": "Procédure en cours"},
    ),
    # An archived file is out of the secretariat's reach: archiving it again is a 404.
    "dossiers:conservation_archiver": regle(
        secretariat=404, secretariat_autre_departement=404, kwargs=archive, methode="post"
    ),
    "dossiers:archives": regle(archives=200),
    "commission:dossier_archive": regle(archives=200, kwargs=archive),
    # The secretariat exports an active file it sees; the DPO any file of its département.
    "commission:export_donnees": regle(
        secretariat=200, secretariat_autre_departement=404, archives=200, kwargs=actif_pdf
    ),
}
