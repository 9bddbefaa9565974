"""Demo prevention letters: the administrative CCAPEX writes to each household served a
commandement de payer; about one in six answers (Essonne 2023: 16.5 %).

Idempotent: households that already have a prevention letter get none.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from ccapex.demo import Demo
from ccapex.pdf import rendre_pdf
from commission.enums import TypeCourrier
from commission.models import Courrier
from dossiers.models import MenageProcedure
from procedure.enums import TypeActe
from procedure.models import ActeProcedure

PARIS = ZoneInfo("Europe/Paris")
TAUX_DE_REPONSE = 0.165
FICHIER = "courriers/demo/prevention.pdf"


def peupler(demo: Demo) -> None:
    departement = demo.objets["departement"]
    deja = Courrier.objects.filter(
        type=TypeCourrier.PREVENTION, menage__departement=departement
    ).values("menage_id")
    commandements = (
        ActeProcedure.objects.filter(type=TypeActe.CDP, procedure__menages__departement=departement)
        .exclude(procedure__menages__in=deja)
        .values_list("date", "procedure_id")
    )
    menage_de = dict(
        MenageProcedure.objects.filter(menage__departement=departement).values_list(
            "procedure_id", "menage_id"
        )
    )
    lettres = {}
    for jour, procedure_id in commandements:
        lettres.setdefault(menage_de[procedure_id], jour)
    if not lettres:
        return
    if not default_storage.exists(FICHIER):
        pdf = rendre_pdf(
            "commission/pdf/courrier.html",
            {
                "objet": "Courrier de prévention (exemplaire de démonstration)",
                "corps": "Vous avez reçu un commandement de payer : des aides existent. "
                "Contactez le service social de votre secteur ou l’ADIL.",
                "destinataire": "Démonstration",
                "adresse": "",
                "numero": "—",
                "date": "",
                "departement": departement.nom,
                "commission": "CCAPEX",
            },
        )
        default_storage.save(FICHIER, ContentFile(pdf))
    rng = demo.rng
    courriers = []
    for menage_id, jour in sorted(lettres.items()):
        envoi = datetime.combine(jour + timedelta(days=rng.randint(5, 15)), time(9), PARIS)
        if envoi.date() >= demo.aujourd_hui:
            continue
        reponse = envoi.date() + timedelta(days=rng.randint(7, 40))
        courriers.append(
            Courrier(
                menage_id=menage_id,
                type=TypeCourrier.PREVENTION,
                destinataire_menage=True,
                fichier=FICHIER,
                genere_le=envoi,
                envoye_le=envoi,
                reponse_recue_le=reponse
                if rng.random() < TAUX_DE_REPONSE and reponse < demo.aujourd_hui
                else None,
            )
        )
    if not courriers:
        return
    Courrier.objects.bulk_create(courriers, batch_size=2000)
    demo.log(f"courriers de prévention : {len(courriers)} envoyés")
