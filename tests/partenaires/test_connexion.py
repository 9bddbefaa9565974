import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from partenaires.enums import Role
from tests.partenaires.factories import MOT_DE_PASSE, AdhesionFactory, UtilisateurFactory

ACCUEILS = {
    "secretariat": "/secretariat/",
    "membre": "/membre/",
    "partenaire": "/partenaire/",
    "pilotage": "/indicateurs/",
    "administrateur": "/administration/",
}


def connexion(client, email, mot_de_passe=MOT_DE_PASSE, **extra):
    return client.post(reverse("connexion"), {"username": email, "password": mot_de_passe, **extra})


@pytest.mark.parametrize("acteur", sorted(ACCUEILS))
def test_chaque_role_arrive_sur_son_accueil(acteur, monde, client):
    user = getattr(monde, acteur)
    reponse = connexion(client, user.email.upper())  # e-mail is case-insensitive
    assert reponse.status_code == 302
    reponse = client.get(reponse.url, follow=True)
    assert reponse.redirect_chain[-1][0] == ACCUEILS[acteur]
    assert reponse.status_code == 200
    assert user.organisation.nom in reponse.content.decode()


def test_mauvais_mot_de_passe(monde, client):
    reponse = connexion(client, monde.secretariat.email, "pas-le-bon")
    assert reponse.status_code == 200
    assert "Adresse électronique ou mot de passe incorrect" in reponse.content.decode()
    assert "_auth_user_id" not in client.session


def test_refus_par_defaut(monde, client):
    reponse = client.get("/secretariat/")
    assert reponse.status_code == 302
    assert reponse.url == "/connexion/?next=/secretariat/"


def test_deconnexion(monde, client):
    connexion(client, monde.partenaire.email)
    reponse = client.post(reverse("deconnexion"))
    assert reponse.status_code == 302 and reponse.url == reverse("connexion")
    assert client.get("/partenaire/").status_code == 302


def test_utilisateur_sans_role(db, client):
    user = UtilisateurFactory()
    connexion(client, user.email)
    reponse = client.get("/")
    assert reponse.status_code == 403
    assert "aucune organisation" in reponse.content.decode()


def test_mot_de_passe_oublie(monde, client, settings):
    settings.SITE_URL = "https://ccapex.exemple.gouv.fr"
    reponse = client.post(reverse("password_reset"), {"email": monde.partenaire.email})
    assert reponse.status_code == 302
    (message,) = mail.outbox
    assert message.to == [monde.partenaire.email]
    assert "nouveau mot de passe" in message.body
    lien = re.search(r"https://ccapex\.exemple\.gouv\.fr(/mot-de-passe/nouveau/\S+)", message.body)
    reponse = client.get(lien.group(1), follow=True)
    formulaire = reponse.redirect_chain[-1][0]
    nouveau = "Un-nouveau-mot-de-passe-2026"
    reponse = client.post(formulaire, {"new_password1": nouveau, "new_password2": nouveau})
    assert reponse.url == reverse("password_reset_complete")
    assert connexion(client, monde.partenaire.email, nouveau).url == "/"


def test_mot_de_passe_oublie_adresse_inconnue_ne_revele_rien(db, client):
    reponse = client.post(reverse("password_reset"), {"email": "inconnu@exemple.fr"})
    assert reponse.status_code == 302
    assert mail.outbox == []


def test_echecs_repetes_bloquent_la_connexion(monde, client):
    for _ in range(5):
        connexion(client, monde.secretariat.email, "mauvais")
    reponse = connexion(client, monde.secretariat.email)  # even the right password
    assert reponse.status_code == 429
    assert "Connexion temporairement bloquée" in reponse.content.decode()
    assert "_auth_user_id" not in client.session


def test_session_expire_apres_inactivite(monde, client, settings):
    connexion(client, monde.partenaire.email)
    assert client.get("/partenaire/").status_code == 200
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=25)):
        assert client.get("/partenaire/").status_code == 200  # activity moves expiry
    # Later than SESSION_COOKIE_AGE after sign-in, but not after the last request: still in.
    encore = settings.SESSION_COOKIE_AGE - 60
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=25, seconds=encore)):
        assert client.get("/partenaire/").status_code == 200
    delai = 2 * settings.SESSION_COOKIE_AGE
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=25, seconds=delai)):
        assert client.get("/partenaire/").status_code == 302


class TestSecondFacteur:
    @pytest.fixture(autouse=True)
    def obligatoire(self, settings):
        settings.OTP_OBLIGATOIRE = True

    def test_secretariat_doit_verifier_sans_se_voir_proposer_l_enrolement(self, monde, client):
        # Enrolment by e-mailed link: tests/partenaires/test_second_facteur.py.
        connexion(client, monde.secretariat.email)
        reponse = client.get("/secretariat/")
        assert reponse.status_code == 302
        assert reponse.url.startswith(reverse("second_facteur"))
        page = client.get(reponse.url).content.decode()
        assert "Recevoir le lien d’activation par courriel" in page
        assert "QR code" not in page
        assert not TOTPDevice.objects.filter(user=monde.secretariat).exists()

    def test_administrateur_doit_aussi_enroler(self, monde, client):
        connexion(client, monde.administrateur.email)
        reponse = client.get("/administration/")
        assert reponse.status_code == 302
        assert reponse.url.startswith(reverse("second_facteur"))

    def test_partenaire_sans_second_facteur(self, monde, client):
        connexion(client, monde.partenaire.email)
        assert client.get("/partenaire/").status_code == 200

    def test_desactivable_pour_la_demo(self, monde, client, settings):
        settings.OTP_OBLIGATOIRE = False
        connexion(client, monde.secretariat.email)
        assert client.get("/secretariat/").status_code == 200


def test_changer_d_organisation(monde, client):
    AdhesionFactory(utilisateur=monde.partenaire, organisation=monde.caf, role=Role.MEMBRE)
    connexion(client, monde.partenaire.email)
    # Membre comes before partenaire in priority: the default membership is the CAF one.
    assert client.get("/").url == "/membre/"
    page = client.get(reverse("partenaires:compte"))
    adhesion_partenaire = next(a for a in page.context["adhesions"] if a.role == Role.PARTENAIRE)
    client.post(reverse("partenaires:compte"), {"adhesion": adhesion_partenaire.pk})
    assert client.get("/").url == "/partenaire/"
    assert client.get("/membre/").status_code == 403


def test_on_ne_peut_pas_choisir_l_adhesion_d_un_autre(monde, client):
    connexion(client, monde.partenaire.email)
    autre = monde.membre.adhesions.get()
    reponse = client.post(reverse("partenaires:compte"), {"adhesion": autre.pk})
    assert reponse.status_code == 200
    assert reponse.context["form"].errors["adhesion"]
    assert client.get("/").url == "/partenaire/"


def test_verrouillage_ne_se_contourne_pas_par_la_casse_ou_les_espaces(monde, client):
    """Five failures spread over five spellings of one address lock every spelling."""
    email = monde.secretariat.email
    graphies = [email, email.upper(), f"  {email}  ", email.capitalize(), f"\t{email.title()} "]
    statuts = [connexion(client, graphie, "mauvais").status_code for graphie in graphies]
    assert statuts == [200, 200, 200, 200, 429]  # the fifth failure reaches the limit
    for graphie in graphies:
        reponse = connexion(client, graphie)  # the right password
        assert reponse.status_code == 429, graphie
        assert "_auth_user_id" not in client.session


def test_mot_de_passe_oublie_adresse_en_majuscules_avec_espaces(monde, client):
    reponse = client.post(
        reverse("password_reset"), {"email": f"  {monde.partenaire.email.upper()} "}
    )
    assert reponse.status_code == 302
    (message,) = mail.outbox
    assert message.to == [monde.partenaire.email]


def depuis(client, transmis, email, mot_de_passe=MOT_DE_PASSE):
    """Sign in through a proxy that sent X-Forwarded-For: `transmis`."""
    donnees = {"username": email, "password": mot_de_passe}
    return client.post(reverse("connexion"), donnees, HTTP_X_FORWARDED_FOR=transmis)


def test_derriere_un_proxy_de_confiance_chacun_son_adresse(monde, client, settings):
    """Behind one trusted proxy, an attacker's failures do not lock the owner out from
    another address; a forged entry to the left of the proxy's is ignored."""
    settings.PROXIES_DE_CONFIANCE = 1
    email = monde.partenaire.email
    for n in range(5):
        depuis(client, f"198.51.100.{n}, 203.0.113.66", email, "mauvais")
    bloque = depuis(client, "198.51.100.200, 203.0.113.66", email)
    assert bloque.status_code == 429  # same client behind the proxy, whatever it forges
    proprietaire = depuis(Client(), "192.0.2.10", email)
    assert proprietaire.status_code == 302


def test_sans_proxy_de_confiance_x_forwarded_for_est_ignore(monde, client, settings):
    settings.PROXIES_DE_CONFIANCE = 0
    email = monde.partenaire.email
    for n in range(5):
        depuis(client, f"198.51.100.{n}", email, "mauvais")
    assert depuis(client, "192.0.2.10", email).status_code == 429


def test_mots_de_passe_argon2_et_anciens_hachages_mis_a_niveau(monde, client, settings):
    """Production hashers: a new password is Argon2id; a PBKDF2 hash of an older release still
    signs in and is rehashed with Argon2 at that sign-in."""
    from django.contrib.auth.hashers import make_password

    from ccapex.settings import base

    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS
    assert make_password("un-mot-de-passe-neuf").startswith("argon2$argon2id$")
    utilisateur = monde.pilotage
    ancien = make_password(MOT_DE_PASSE, hasher="pbkdf2_sha256")
    type(utilisateur).objects.filter(pk=utilisateur.pk).update(password=ancien)
    assert connexion(client, utilisateur.email).status_code == 302
    utilisateur.refresh_from_db()
    assert utilisateur.password.startswith("argon2$argon2id$")


def test_adhesions_par_role_puis_par_nom_d_organisation(db):
    """The role decides first, the organisation's name only between equal roles: the names
    here run against the priority, so an order by name alone would fail."""
    from partenaires.models import Adhesion, Utilisateur, par_priorite
    from tests.partenaires.factories import OrganisationFactory

    user = UtilisateurFactory()
    for nom, role in [
        ("Aaa bailleur", Role.PARTENAIRE),
        ("Zzz CAF", Role.MEMBRE),
        ("Aab archives", Role.ARCHIVES),
        ("Bbb ADIL", Role.MEMBRE),
        ("Yyy préfecture", Role.SECRETARIAT),
    ]:
        AdhesionFactory(utilisateur=user, organisation=OrganisationFactory(nom=nom), role=role)
    attendu = [
        ("Yyy préfecture", "secretariat"),
        ("Bbb ADIL", "membre"),
        ("Zzz CAF", "membre"),
        ("Aaa bailleur", "partenaire"),
        ("Aab archives", "archives"),
    ]
    user = Utilisateur.objects.get(pk=user.pk)
    assert [(a.organisation.nom, a.role) for a in user.adhesions_actives] == attendu
    assert user.adhesion.organisation.nom == "Yyy préfecture"
    requete = Adhesion.objects.filter(utilisateur=user).select_related("organisation")
    assert [(a.organisation.nom, a.role) for a in par_priorite(requete)] == attendu
