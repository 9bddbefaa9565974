from django.core.files.base import ContentFile
from django.urls import reverse

from dossiers.enums import TypeDocument
from dossiers.models import Consultation, Document
from tests.conftest import client_de
from tests.dossiers.factories import MenageFactory


def test_document_servi_en_piece_jointe_et_consultation_journalisee(monde):
    menage = MenageFactory(departement=monde.departement)
    document = Document(
        menage=menage,
        type=TypeDocument.JUGEMENT,
        nom="jugement 2026.pdf",
        type_mime="application/pdf",
        taille=8,
        sha256="0" * 64,
        analyse="sain",
    )
    document.fichier.save("x", ContentFile(b"%PDF-1.4"), save=True)
    assert "jugement" not in document.fichier.name  # stored under a random name

    reponse = client_de(monde.secretariat).get(reverse("dossiers:document", args=[document.pk]))
    assert reponse.status_code == 200
    assert reponse["Content-Disposition"].startswith("attachment;")
    assert "jugement 2026.pdf" in reponse["Content-Disposition"]
    assert reponse["Content-Type"] == "application/pdf"
    assert b"".join(reponse.streaming_content) == b"%PDF-1.4"
    (consultation,) = Consultation.objects.all()
    assert consultation.utilisateur == monde.secretariat
    assert consultation.menage == menage and consultation.objet == "document"


def test_les_fichiers_ne_sont_pas_servis_par_une_url_publique(monde, settings):
    assert not settings.MEDIA_URL or settings.MEDIA_URL == "/"
    assert settings.MEDIA_ROOT not in [settings.STATIC_ROOT, *settings.STATICFILES_DIRS]
