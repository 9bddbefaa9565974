"""Second factor: enrolment only through a one-time e-mailed link; required for the roles
that read named data; idle and absolute session timeouts (issue 13, item 3)."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from ccapex.models import Envoi
from partenaires.enums import Role
from partenaires.models import Invitation, LienSecondFacteur
from partenaires.second_facteur import envoyer_lien
from tests.partenaires.factories import MOT_DE_PASSE

ENROLEMENT = "/securite/enrolement/"


def connexion(client, email, mot_de_passe=MOT_DE_PASSE, suivant=""):
    url = reverse("connexion") + (f"?next={suivant}" if suivant else "")
    donnees = {"username": email, "password": mot_de_passe, "next": suivant}
    return client.post(url, donnees)


def code_de(appareil) -> str:
    appareil.refresh_from_db()
    # A wrong code just before throttles the device (django-otp): not what is tested here.
    appareil.throttling_failure_count = 0
    appareil.throttling_failure_timestamp = None
    appareil.save()
    return f"{totp(appareil.bin_key):06d}"


def faux_code(appareil) -> str:
    return "000000" if f"{totp(appareil.bin_key):06d}" != "000000" else "111111"


def lien_du_courriel() -> str:
    message = mail.outbox[-1]
    return re.search(r"https?://[^/\s]+(/securite/enrolement/\S+/)", message.body).group(1)


@pytest.fixture
def courriels(django_capture_on_commit_callbacks):
    """E-mails leave on commit: `with courriels(execute=True):` around the sending request."""
    return django_capture_on_commit_callbacks


@pytest.fixture
def administrateur(monde):
    """The administrator's browser, past the second factor (required for the role)."""
    appareil = TOTPDevice.objects.create(user=monde.administrateur, name="app", confirmed=True)
    client = Client()
    client.force_login(monde.administrateur)
    client.post(reverse("second_facteur"), {"code": code_de(appareil)})
    assert client.get("/administration/").status_code == 200
    return client


@pytest.fixture(autouse=True)
def obligatoire(settings):
    settings.OTP_OBLIGATOIRE = True
    settings.SITE_URL = "https://ccapex.exemple.gouv.fr"


def test_mot_de_passe_vole_d_un_compte_jamais_utilise_ne_permet_pas_d_enroler(monde, courriels):
    """The thief knows the password of a never-used secretariat account: signed in, they are
    offered no QR code, no secret, no way to enrol a device of theirs."""
    voleur = Client()
    assert connexion(voleur, monde.secretariat.email).status_code == 302
    bloque = voleur.get("/secretariat/")
    assert bloque.status_code == 302 and bloque.url.startswith(reverse("second_facteur"))
    page = voleur.get(bloque.url).content.decode()
    assert "QR code" not in page and "otpauth" not in page
    assert 'id="cle-totp"' not in page
    # Neither the check page nor the enrolment page enrols anything without the link.
    assert voleur.post(reverse("second_facteur"), {"code": "123456"}).status_code == 200
    assert voleur.get(ENROLEMENT).status_code == 410
    assert voleur.post(ENROLEMENT, {"code": "123456"}).status_code == 410
    assert not TOTPDevice.objects.filter(user=monde.secretariat).exists()
    assert voleur.get("/secretariat/").status_code == 302
    # Asking for a link sends it to the owner's mailbox, not to whoever asked.
    with courriels(execute=True):
        voleur.post(reverse("partenaires:demander_lien_second_facteur"))
    assert [m.to for m in mail.outbox] == [[monde.secretariat.email]]
    assert voleur.get(ENROLEMENT).status_code == 410


def test_lien_envoye_par_l_administrateur_enrole_une_fois(monde, administrateur, courriels):
    with courriels(execute=True):
        reponse = administrateur.post(
            reverse("partenaires:envoyer_lien_second_facteur", args=[monde.secretariat.pk])
        )
    assert reponse.status_code == 302
    (message,) = mail.outbox
    assert message.to == [monde.secretariat.email]
    lien = lien_du_courriel()
    assert LienSecondFacteur.objects.get().empreinte not in message.body  # secret, not hash

    client = Client()
    reponse = client.get(lien)
    assert reponse.status_code == 302 and reponse.url == ENROLEMENT  # secret out of the URL
    assert client.get(ENROLEMENT).url.startswith(reverse("connexion"))  # password too
    assert connexion(client, monde.secretariat.email, suivant=ENROLEMENT).url == ENROLEMENT
    page = client.get(ENROLEMENT)
    assert page.status_code == 200 and "Scannez ce QR code" in page.content.decode()
    appareil = TOTPDevice.objects.get(user=monde.secretariat, confirmed=False)

    erreur = client.post(ENROLEMENT, {"code": faux_code(appareil)})
    assert "n’est pas valide" in erreur.content.decode()
    assert not TOTPDevice.objects.filter(user=monde.secretariat, confirmed=True).exists()

    reponse = client.post(ENROLEMENT, {"code": code_de(appareil)})
    assert reponse.status_code == 302
    appareil.refresh_from_db()
    assert appareil.confirmed
    assert client.get("/secretariat/").status_code == 200  # verified in this session
    assert LienSecondFacteur.objects.get().utilise_le is not None

    # Spent: the same link, in another browser, is refused.
    autre = Client()
    assert autre.get(lien).status_code == 410
    connexion(autre, monde.secretariat.email)
    assert autre.get(ENROLEMENT).status_code == 410
    # The next sign-in asks for a code of the enrolled app (a later one: a code serves once).
    reponse = autre.get("/secretariat/")
    assert reponse.url.startswith(reverse("second_facteur"))
    with time_machine.travel(timezone.now() + timedelta(seconds=60)):
        reponse = autre.post(reponse.url, {"code": code_de(appareil)})
        assert reponse.status_code == 302 and reponse.url == "/secretariat/"
        assert autre.get("/secretariat/").status_code == 200


def test_lien_expire_refuse(monde, settings):
    settings.LIEN_SECOND_FACTEUR_DUREE = timedelta(minutes=10)  # within the idle timeout
    jeton = envoyer_lien(utilisateur=monde.secretariat, par=monde.administrateur)
    client = Client()
    plus_tard = timezone.now() + settings.LIEN_SECOND_FACTEUR_DUREE + timedelta(minutes=1)
    with time_machine.travel(plus_tard):
        assert client.get(f"{ENROLEMENT}{jeton}/").status_code == 410
        connexion(client, monde.secretariat.email)
        assert client.get(ENROLEMENT).status_code == 410
    # Opened in time, but the form is sent after expiry: refused too, nothing enrolled.
    client = Client()
    client.get(f"{ENROLEMENT}{jeton}/")
    connexion(client, monde.secretariat.email)
    assert client.get(ENROLEMENT).status_code == 200
    appareil = TOTPDevice.objects.get(user=monde.secretariat)
    with time_machine.travel(plus_tard):
        reponse = client.post(ENROLEMENT, {"code": f"{totp(appareil.bin_key):06d}"})
    assert reponse.status_code == 410
    assert not TOTPDevice.objects.filter(confirmed=True).exists()


def test_un_nouveau_lien_remplace_l_ancien(monde):
    ancien = envoyer_lien(utilisateur=monde.secretariat, par=monde.administrateur)
    nouveau = envoyer_lien(utilisateur=monde.secretariat, par=monde.administrateur)
    client = Client()
    assert client.get(f"{ENROLEMENT}{ancien}/").status_code == 410
    assert client.get(f"{ENROLEMENT}{nouveau}/").status_code == 302


def test_lien_d_un_autre_compte_refuse(monde):
    """Signed in with their own account, someone holding another person's link enrols
    nothing on either account."""
    jeton = envoyer_lien(utilisateur=monde.secretariat, par=monde.administrateur)
    client = Client()
    connexion(client, monde.partenaire.email)
    client.get(f"{ENROLEMENT}{jeton}/")
    assert client.get(ENROLEMENT).status_code == 403
    assert not TOTPDevice.objects.exists()


def test_l_administrateur_n_envoie_qu_aux_comptes_de_son_departement(monde, administrateur):
    url = reverse(
        "partenaires:envoyer_lien_second_facteur", args=[monde.secretariat_autre_departement.pk]
    )
    assert administrateur.post(url).status_code == 404
    assert mail.outbox == []


def test_demande_par_l_utilisateur_limitee(monde, clients, courriels):
    url = reverse("partenaires:demander_lien_second_facteur")
    with courriels(execute=True):
        clients["partenaire"].post(url, {"retour": "compte"})
    with courriels(execute=True):
        clients["partenaire"].post(url, {"retour": "compte"})
    assert len(mail.outbox) == 1  # one e-mail per 5 minutes
    with time_machine.travel(timezone.now() + timedelta(minutes=6)), courriels(execute=True):
        clients["partenaire"].post(url)
    assert len(mail.outbox) == 2


def test_invitation_a_un_role_nominatif_mene_a_l_enrolement(monde, administrateur, courriels):
    administrateur.post(
        reverse("partenaires:inviter"),
        {
            "email": "nouvel.agent@exemple.fr",
            "organisation": monde.prefecture.pk,
            "role": Role.SECRETARIAT,
        },
    )
    invitation = Invitation.objects.get()
    # The invitation's e-mail, still in the outbox (sent on commit).
    corps = Envoi.objects.get(sujet__startswith="Invitation").corps
    secret = re.search(r"/invitation/(\S+)/", corps).group(1)
    assert invitation.jeton == Invitation.empreinte_de(secret)  # stored hashed
    client = Client()
    mot_de_passe = "Un-mot-de-passe-solide-2026"
    with courriels(execute=True):
        reponse = client.post(
            reverse("partenaires:invitation", args=[secret]),
            {
                "prenom": "Nour",
                "nom": "Agent",
                "mot_de_passe": mot_de_passe,
                "confirmation": mot_de_passe,
            },
        )
    assert reponse.status_code == 302, reponse.content.decode()[:2000]
    assert reponse.url == reverse("connexion") + "?next=" + ENROLEMENT
    assert mail.outbox[-1].to == ["nouvel.agent@exemple.fr"]
    assert "/securite/enrolement/" in mail.outbox[-1].body
    connexion(client, "nouvel.agent@exemple.fr", mot_de_passe, suivant=ENROLEMENT)
    assert "Scannez ce QR code" in client.get(ENROLEMENT).content.decode()


# --- Required for the roles that read named data ---------------------------------------

PAGES_NOMINATIVES = {
    "secretariat": ["/secretariat/", "/menages/", "/saisines/"],
    "membre": ["/membre/"],
    "administrateur": ["/administration/", "/administration/utilisateurs/"],
}


@pytest.mark.parametrize("acteur", sorted(PAGES_NOMINATIVES))
def test_second_facteur_exige_avant_les_donnees_nominatives(acteur, monde):
    user = getattr(monde, acteur)
    client = Client()
    connexion(client, user.email)
    # No app enrolled: the role alone requires it; nothing but the page offering the link.
    for page in PAGES_NOMINATIVES[acteur]:
        reponse = client.get(page)
        assert reponse.status_code == 302, page
        assert reponse.url.startswith(reverse("second_facteur")), page
    # Once enrolled (by the e-mailed link) and a code checked, the pages open.
    appareil = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client.post(reverse("second_facteur"), {"code": code_de(appareil)})
    for page in PAGES_NOMINATIVES[acteur]:
        assert client.get(page).status_code == 200, page


@pytest.mark.parametrize("acteur", ["partenaire", "pilotage"])
def test_propose_mais_pas_exige_pour_les_autres_roles(acteur, monde):
    user = getattr(monde, acteur)
    client = Client()
    connexion(client, user.email)
    accueil = client.get("/").url
    assert client.get(accueil).status_code == 200
    # Once they enrolled an app, it is asked for at each sign-in.
    appareil = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client = Client()
    connexion(client, user.email)
    assert client.get(accueil).url.startswith(reverse("second_facteur"))
    client.post(reverse("second_facteur"), {"code": code_de(appareil)})
    assert client.get(accueil).status_code == 200


def test_non_exige_quand_le_reglage_est_coupe(monde, settings):
    settings.OTP_OBLIGATOIRE = False
    client = Client()
    connexion(client, monde.membre.email)
    assert client.get("/membre/").status_code == 200


# --- Session timeouts -------------------------------------------------------------------


def test_session_close_apres_inactivite(monde, settings):
    client = Client()
    connexion(client, monde.partenaire.email)
    depart = timezone.now()
    with time_machine.travel(depart + timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)):
        assert client.get("/partenaire/").status_code == 200
    with time_machine.travel(depart + timedelta(seconds=2 * settings.SESSION_COOKIE_AGE)):
        assert client.get("/partenaire/").status_code == 302


def test_session_close_apres_la_duree_maximale_meme_active(monde, settings):
    settings.SESSION_DUREE_MAXIMALE = timedelta(hours=2)
    client = Client()
    connexion(client, monde.partenaire.email)
    depart = timezone.now()
    # A request every 20 minutes: never idle, still closed after two hours.
    for minutes in range(20, 120, 20):
        with time_machine.travel(depart + timedelta(minutes=minutes)):
            assert client.get("/partenaire/").status_code == 200, minutes
    with time_machine.travel(depart + timedelta(minutes=121)):
        reponse = client.get("/partenaire/")
        assert reponse.status_code == 302
        assert reponse.url.startswith(reverse("connexion"))
        assert "_auth_user_id" not in client.session


def test_le_secret_du_lien_ne_reste_pas_dans_la_boite_d_envoi(monde, courriels):
    """The link's secret is stored hashed; the outbox row that carried the e-mail must not
    keep it in clear once sent (a database or backup reader would enrol with it) — audit."""
    from ccapex.boite_d_envoi import envoyer_courriel
    from ccapex.models import Envoi

    with courriels(execute=False):
        jeton = envoyer_lien(utilisateur=monde.secretariat, par=None)
    (envoi,) = Envoi.objects.all()
    assert jeton in envoi.corps  # waiting: the body is needed to send it
    envoyer_courriel(envoi.pk)
    assert jeton in mail.outbox[-1].body
    envoi.refresh_from_db()
    assert envoi.fait_le is not None
    assert jeton not in envoi.corps and envoi.sujet


def test_pas_de_detour_par_l_api_l_admin_un_fichier_ou_un_fragment(monde, settings):
    """Signed in with the password only, a role that owes the second factor gets nothing from
    the paths a view-by-view check could forget: the API with the session cookie, the
    technical admin, a document's download, an htmx fragment, an export (audit)."""
    from tests.dossiers.factories import MenageFactory

    menage = MenageFactory(departement=monde.departement)
    document = menage.documents.create(
        type="autre", nom="piece.pdf", type_mime="application/pdf", taille=4
    )
    monde.secretariat.is_staff = monde.secretariat.is_superuser = True
    monde.secretariat.save()
    client = Client()
    assert connexion(client, monde.secretariat.email).status_code == 302
    chemins = [
        "/api/v1/dossiers/",
        f"/api/v1/dossiers/{menage.numero}/",
        "/api/v1/saisines/",
        "/admin/",
        "/admin/partenaires/utilisateur/",
        reverse("dossiers:document", args=[document.pk]),
        "/menages/?format=csv",
    ]
    for chemin in chemins:
        reponse = client.get(chemin)
        assert reponse.status_code == 302, chemin
        assert reponse.url.startswith(reverse("second_facteur")), chemin
    fragment = client.get("/menages/", HTTP_HX_REQUEST="true")
    assert fragment.status_code == 302 and fragment.url.startswith(reverse("second_facteur"))
    ecriture = client.post("/api/v1/saisines/", {}, content_type="application/json")
    assert ecriture.status_code == 302
