from django.core.files.base import ContentFile

from dossiers.enums import TypeDocument
from dossiers.models import Document
from tests.dossiers.factories import MenageFactory

from .regles import regle


def un_document(monde):
    menage = MenageFactory(departement=monde.departement)
    document = Document(
        menage=menage,
        type=TypeDocument.DSF,
        nom="dsf.pdf",
        type_mime="application/pdf",
        taille=8,
        sha256="0" * 64,
        analyse="sain",
        depose_par=monde.secretariat,
    )
    document.fichier.save("x", ContentFile(b"%PDF-1.4"), save=True)
    return {"pk": document.pk}


REGLES = {
    "dossiers:document": regle(404, secretariat=200, kwargs=un_document),
}
