"""The pilotage role sees aggregates only: no page, file or API answer of the indicateurs
app shows a name, an address or a number that identifies a household."""

import csv
import datetime as dt
import io
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from commission.enums import SituationLogement
from dossiers.enums import CanalSaisine, NatureSaisine
from indicateurs.tableaux import SECTIONS
from tests.commission.factories import DecisionFactory
from tests.conftest import client_de
from tests.dossiers.factories import MembreFactory, MenageFactory
from tests.dossiers.factories_saisines import saisine_de
from tests.indicateurs.factories import (
    bilan_de,
    courrier_prevention,
    examen_de,
    moment,
    preconisation_de,
    seance_de,
)
from tests.pdf import texte_pdf
from tests.procedure.factories import ActeFactory, ProcedureFactory

SECRETS = [
    "Quintessence",
    "Zébulon",
    "impasse des Secrets",
    "Bartholomé",
    "0611223344",
    "zebulon@exemple.fr",
    "9988776",
    "RG-24-5555",
    "96-2024-77777",
    "S-96-2024-88888",
    "Hôtel particulier",
    "payer avant Noël",
]


def menages_reconnaissables(monde):
    seance = seance_de(monde.departement, 2024)
    seance_2023 = seance_de(monde.departement, 2023)
    for i in range(3):
        menage = MenageFactory(
            departement=monde.departement,
            commune=monde.commune,
            numero=f"96-2024-7777{7 - i}",
            adresse=f"{i} impasse des Secrets",
            complement_adresse="Hôtel particulier",
            telephone="0611223344",
            email="zebulon@exemple.fr",
            numero_allocataire="9988776",
        )
        MembreFactory(menage=menage, nom="Quintessence", prenom="Zébulon")
        procedure = ProcedureFactory(
            commune=monde.commune,
            locataires="M. Zébulon Quintessence",
            adresse=f"{i} impasse des Secrets",
            bailleur_nom="SCI Bartholomé",
            numero_rg="RG-24-5555",
        )
        ActeFactory(procedure=procedure, type="cdp", date=dt.date(2024, 2, 1))
        saisine_de(
            monde.bailleur,
            numero=f"S-96-2024-8888{8 - i}",
            nom="Quintessence",
            prenom="Zébulon",
            adresse=f"{i} impasse des Secrets",
            telephone="0611223344",
            email="zebulon@exemple.fr",
            numero_allocataire="9988776",
            numero_rg="RG-24-5555",
            bailleur_nom="SCI Bartholomé",
            demande="Qu’il puisse payer avant Noël.",
            commune=monde.commune,
            menage=menage,
            montant_dette=Decimal("15000"),
            soumise_le=moment(2024),
        )
        examen = examen_de(seance, menage, synthese="M. Quintessence, impasse des Secrets")
        preconisation_de(examen)
        bilan_de(
            examen_de(seance_2023, menage), SituationLogement.RELOGE_SOCIAL, commentaire="Zébulon"
        )
        courrier_prevention(menage, 2024, repondu=True)
        # Decisions whose grounds name the household, and the bailiff's report oriented.
        DecisionFactory(
            menage=menage,
            nature="aide_suspension",
            levee=True,
            notifiee_le=moment(2024, 4, 1),
            motifs="M. Quintessence, impasse des Secrets, n’a pas repris le paiement.",
            motif_fin="Zébulon Quintessence paie de nouveau.",
            destinataire_organisation=monde.caf,
        )
        saisine_de(
            monde.bailleur,
            numero=f"S-96-2024-8888{5 - i}",
            nature=NatureSaisine.ADMINISTRATIVE,
            canal=CanalSaisine.CDP,
            nom="Quintessence",
            prenom="Zébulon",
            adresse=f"{i} impasse des Secrets",
            commune=monde.commune,
            menage=menage,
            soumise_le=moment(2024, 3, 1),
        )
        DecisionFactory(
            menage=menage,
            nature="orientation",
            notifiee=True,
            prise_le=moment(2024, 3, 10),
            notifiee_le=moment(2024, 3, 11),
            motifs="Orienter le signalement de M. Quintessence vers la CAF.",
            destinataire_organisation=monde.caf,
        )


def contenus_pour_le_pilotage(client, django_capture_on_commit_callbacks):
    """Every page, table file, data file, API answer and PDF the pilotage user can get."""
    parametres = {"annee": 2024}
    yield "accueil", client.get(reverse("indicateurs:accueil"), parametres).content.decode()
    page = client.get(reverse("indicateurs:accueil"), parametres).context
    for section in page["sections"]:
        for tableau in section.tableaux:
            for format in ("csv", "xlsx"):
                url = reverse("indicateurs:export_tableau", args=[tableau.cle, format])
                yield url, texte_fichier(client.get(url, parametres).content, format)
    for format in ("csv", "xlsx"):
        url = reverse("indicateurs:export_donnees", args=[format])
        yield url, texte_fichier(client.get(url, parametres).content, format)
    yield "api", client.get("/api/v1/indicateurs/", parametres).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(
            reverse("indicateurs:generer_bilan"), {**parametres, "territoire": "D-96"}
        )
    yield "traitement", client.get(reponse.url).content.decode()
    pk = reponse.url.rstrip("/").rsplit("/", 1)[-1]
    fichier = client.get(reverse("ccapex:fichier_traitement", args=[pk]))
    yield "pdf", texte_pdf(b"".join(fichier.streaming_content))


def texte_fichier(contenu: bytes, format: str) -> str:
    if format == "csv":
        return contenu.decode("utf-8-sig")
    classeur = load_workbook(io.BytesIO(contenu))
    return "\n".join(
        " ".join("" if v is None else str(v) for v in ligne)
        for feuille in classeur.worksheets
        for ligne in feuille.iter_rows(values_only=True)
    )


def test_aucun_nom_ni_adresse_pour_le_pilotage(monde, django_capture_on_commit_callbacks):
    menages_reconnaissables(monde)
    client = client_de(monde.pilotage)
    vus = 0
    for source, texte in contenus_pour_le_pilotage(client, django_capture_on_commit_callbacks):
        vus += 1
        fuites = [secret for secret in SECRETS if secret.lower() in texte.lower()]
        assert fuites == [], source
    assert vus > 2 * len(SECTIONS)
    # The figures are there, though: 3 referrals examined, 3 rehoused a year after.
    html = client.get(reverse("indicateurs:accueil"), {"annee": 2024}).content.decode()
    assert "Relogé dans le parc social" in html
    # And the decisions' figures: 3 suspensions lifted, 3 reports oriented in 10 days.
    decisions = client.get("/api/v1/indicateurs/", {"annee": 2024}).json()["decisions"]
    assert decisions["aide_logement"][1]["levees"] == 3
    assert decisions["orientations"]["total"] == 3
    assert decisions["delai_median_orientation"] == 10.0


def test_export_anonymise_une_ligne_par_saisine(monde):
    menages_reconnaissables(monde)
    client = client_de(monde.pilotage)
    url = reverse("indicateurs:export_donnees", args=["csv"])
    lignes = list(
        csv.reader(
            io.StringIO(client.get(url, {"annee": 2024}).content.decode("utf-8-sig")), delimiter=";"
        )
    )
    assert lignes[0] == [
        "année",
        "nature",
        "canal",
        "origine",
        "statut",
        "motif",
        "parc",
        "stade à la saisine",
        "département",
        "arrondissement",
        "EPCI",
        "commune",
        "tranche de dette",
        "examinée en commission",
        "situation à 12 mois",
    ]
    assert len(lignes) == 1 + 3 + 3  # header, 3 complex referrals, 3 bailiffs' reports
    commune = monde.commune
    assert lignes[1] == [
        "2024",
        "complexe",
        "formulaire_partenaire",
        "bailleurs",
        "soumise",
        "impayes",
        "social",
        "cdp",
        "96",
        commune.arrondissement.code,
        commune.epci.siren,
        commune.code_insee,
        "10 000 à 50 000 €",
        "oui",
        "reloge_social",
    ]
