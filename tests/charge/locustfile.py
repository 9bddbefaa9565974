"""Load scenario of `make charge` (issue 13 item 9), against gunicorn with the production
settings on the demo data: agents browse lists, households and session sheets; partners
send referrals with files; pilotage reads the dashboards.

Every request is named by its page (not its URL), so the report gives one p95 per page."""

import os
import random
import re
import uuid
from datetime import date, timedelta

from locust import HttpUser, between, task

MOT_DE_PASSE = os.environ.get("CHARGE_MOT_DE_PASSE", "demo-ccapex-2026")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Connecte(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    email = ""

    def on_start(self):
        page = self.client.get("/connexion/", name="connexion")
        jeton = CSRF.search(page.text).group(1)
        with self.client.post(
            "/connexion/",
            {"username": self.email, "password": MOT_DE_PASSE, "csrfmiddlewaretoken": jeton},
            name="connexion (envoi)",
            catch_response=True,
        ) as reponse:
            if "/connexion/" in reponse.url:
                reponse.failure(f"connexion refusée pour {self.email}")

    def lire(self, url: str, nom: str):
        return self.client.get(url, name=nom)

    def liens(self, url: str, nom: str, motif: str) -> list[str]:
        return sorted(set(re.findall(motif, self.lire(url, nom).text)))


class Secretariat(Connecte):
    """The secretariat's agents: lists, household files, sessions and their sheets."""

    weight = 5
    email = "secretariat@ccapex.example"

    @task(4)
    def liste_des_menages(self):
        page = random.choice(["", "?page=2", "?q=martin", "?stade=assignation"])
        numeros = re.findall(
            r'href="/menages/([^"/]+)/"', self.lire(f"/menages/{page}", "liste des ménages").text
        )
        if numeros:
            self.lire(f"/menages/{random.choice(numeros)}/", "fiche ménage")

    @task(2)
    def tableau_de_bord(self):
        self.lire("/secretariat/", "tableau de bord du secrétariat")

    @task(2)
    def file_de_tri(self):
        self.lire("/saisines/", "file de tri des saisines")

    @task(2)
    def seances(self):
        seances = self.liens("/seances/", "liste des séances", r'href="/seances/(\d+)/"')
        if seances:
            pk = random.choice(seances)
            self.lire(f"/seances/{pk}/", "séance")
            self.lire(f"/seances/{pk}/feuille/", "feuille de séance")


class Partenaire(Connecte):
    """A landlord's agent sends referrals with their documents."""

    weight = 2
    email = "partenaire@ccapex.example"

    @task(1)
    def espace(self):
        self.lire("/partenaire/", "espace partenaire")

    @task(2)
    def saisir(self):
        page = self.lire("/partenaire/saisines/nouvelle/", "formulaire de saisine").text
        jeton = CSRF.search(page)
        communes = re.findall(r'<option value="(\d+)"[^>]*>[^<]*\(\d{5}\)', page) or re.findall(
            r'id="id_commune".*?<option value="(\d+)"', page, flags=re.S
        )
        if not (jeton and communes):
            return
        hier = (date.today() - timedelta(days=1)).isoformat()
        donnees = {
            "csrfmiddlewaretoken": jeton.group(1),
            "cle_idempotence": str(uuid.uuid4()),
            "action": "envoyer",
            "nom": "Charge",
            "prenom": "Camille",
            "date_naissance": "1980-05-04",
            "telephone": "0611223344",
            "adresse": "12 rue des Lilas",
            "commune": random.choice(communes),
            "nb_adultes": "1",
            "nb_enfants": "2",
            "bailleur_nom": "Bailleur de test",
            "bailleur_nature": "bailleur_social",
            "parc": "social",
            "loyer_hc": "620",
            "motif": "impayes",
            "stade_declare": "cdp",
            "date_cdp": (date.today() - timedelta(days=60)).isoformat(),
            "montant_dette": "2480",
            "date_dette": (date.today() - timedelta(days=120)).isoformat(),
            "mois_impayes": "4",
            "demande": "Des délais de paiement et une aide du FSL.",
            "consentement_saisine": "on",
            "consentement_partage": "on",
            "consentement_recueilli_par": "Conseillère sociale",
            "consentement_date": hier,
            "consentement_mode": "ecrit",
        }
        fichiers = [
            ("document_decompte", ("decompte.pdf", PDF, "application/pdf")),
            ("documents_autres", ("courrier.pdf", PDF, "application/pdf")),
        ]
        with self.client.post(
            "/partenaire/saisines/nouvelle/",
            data=donnees,
            files=fichiers,
            name="envoi d’une saisine avec pièces",
            catch_response=True,
        ) as reponse:
            if "/partenaire/saisines/nouvelle/" in reponse.url:
                reponse.failure("saisine refusée : " + _erreurs(reponse.text))


class Pilotage(Connecte):
    """The prefecture's pilotage reads the indicators."""

    weight = 1
    email = "pilotage@ccapex.example"

    @task
    def indicateurs(self):
        annee = random.choice(
            ["", f"?annee={date.today().year - 1}", f"?annee={date.today().year - 2}"]
        )
        self.lire(f"/indicateurs/{annee}", "tableau de bord des indicateurs")


def _erreurs(html: str) -> str:
    return " ; ".join(re.findall(r'class="fr-error-text"[^>]*>\s*([^<]+)', html))[:300]
