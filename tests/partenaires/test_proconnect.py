"""ProConnect sign-in, end to end against a real OpenID Connect provider (the npm package
`oidc-provider`, tests/oidc/serveur.mjs) started on the loopback: authorisation request,
the provider's own login form, code exchange, signed ID token and userinfo — no mock."""

import os
import re
import shutil
import socket
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests
from django.contrib.auth.hashers import is_password_usable

from partenaires.enums import Role, TypeOrganisation
from partenaires.models import ConnexionProConnect, Invitation, Utilisateur
from tests.partenaires.factories import OrganisationFactory, utilisateur_avec_role

DOSSIER = Path(__file__).resolve().parents[1] / "oidc"
CLIENT_ID = "ccapex-tests"
CLIENT_SECRET = "secret-du-client-de-test-ccapex-0123456789"
MOT_DE_PASSE = "mot-de-passe-proconnect"
CODE_MFA = "246810"
ACR_MFA = "https://proconnect.gouv.fr/assurance/consistency-checked-2fa"


def _port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def fournisseur(live_server, tmp_path_factory):
    """The provider, its client registered with the live server's callback URL."""
    node = shutil.which("node")
    if node is None or not (DOSSIER / "node_modules" / "oidc-provider").is_dir():
        message = "node et `npm ci --prefix tests/oidc` sont nécessaires (voir .ci/run)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    port = _port_libre()
    journal = tmp_path_factory.mktemp("oidc") / "fournisseur.log"
    with journal.open("w") as sortie_erreurs:
        processus = subprocess.Popen(
            [node, str(DOSSIER / "serveur.mjs")],
            cwd=DOSSIER,
            env={
                **os.environ,
                "PORT": str(port),
                "CLIENT_ID": CLIENT_ID,
                "CLIENT_SECRET": CLIENT_SECRET,
                "REDIRECT_URI": f"{live_server.url}/proconnect/retour/",
            },
            stdout=subprocess.PIPE,
            stderr=sortie_erreurs,  # its development warnings
            text=True,
        )
    ligne = processus.stdout.readline()
    if not ligne.startswith("PRET"):
        processus.kill()
        pytest.fail(f"le fournisseur OpenID Connect n’a pas démarré : {journal.read_text()}")
    yield ligne.split()[1]
    processus.terminate()
    processus.wait(timeout=60)


@pytest.fixture
def proconnect(fournisseur, settings):
    settings.PROCONNECT_DISCOVERY_URL = f"{fournisseur}/.well-known/openid-configuration"
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_TIMEOUT = 60  # two shared cores: the provider may be slow to answer
    settings.OTP_OBLIGATOIRE = True
    return fournisseur


class _Formulaire(HTMLParser):
    def __init__(self):
        super().__init__()
        self.action = None

    def handle_starttag(self, tag, attrs):
        if tag == "form":
            self.action = dict(attrs).get("action")


def se_connecter(live_server, email, *, code="", suivant="") -> requests.Response:
    """A browser's path: our sign-in page, the ProConnect button, the provider's login
    form filled in, and every redirect back to us."""
    navigateur = requests.Session()
    page = navigateur.get(f"{live_server.url}/connexion/", timeout=60)
    assert "S’identifier avec ProConnect" in page.text
    bouton = re.search(r'id="proconnect" href="([^"]+)"', page.text).group(1)
    if suivant:
        bouton += f"?next={suivant}"
    formulaire = navigateur.get(urljoin(page.url, bouton.replace("&amp;", "&")), timeout=60)
    assert formulaire.status_code == 200 and "ProConnect (fournisseur de test)" in formulaire.text
    analyse = _Formulaire()
    analyse.feed(formulaire.text)
    return navigateur.post(
        urljoin(formulaire.url, analyse.action),
        {"email": email, "mot_de_passe": MOT_DE_PASSE, "code": code},
        timeout=60,
    )


@pytest.fixture
def prefecture(transactional_db):
    return OrganisationFactory(nom="Préfecture de test", type=TypeOrganisation.PREFECTURE)


def test_compte_existant_avec_double_authentification(proconnect, live_server, prefecture):
    agent = utilisateur_avec_role(
        Role.SECRETARIAT, prefecture, utilisateur__email="agent@etat.gouv.fr"
    )
    # The provider sends the address as typed: matched on its normalised spelling.
    arrivee = se_connecter(live_server, "Agent@Etat.gouv.fr", code=CODE_MFA)
    assert arrivee.status_code == 200
    assert arrivee.url == f"{live_server.url}/secretariat/"  # no TOTP asked: ProConnect's MFA
    (connexion,) = ConnexionProConnect.objects.all()
    assert connexion.utilisateur == agent
    assert connexion.acr == ACR_MFA
    assert connexion.amr == ["pwd", "totp", "mfa"]
    assert connexion.second_facteur
    assert connexion.sub.startswith("pc-")


def test_sans_double_authentification_le_second_facteur_reste_exige(
    proconnect, live_server, prefecture
):
    utilisateur_avec_role(Role.SECRETARIAT, prefecture, utilisateur__email="agent@etat.gouv.fr")
    arrivee = se_connecter(live_server, "agent@etat.gouv.fr")
    assert arrivee.status_code == 200
    assert arrivee.url.startswith(f"{live_server.url}/securite/second-facteur/")
    connexion = ConnexionProConnect.objects.get()
    assert connexion.acr == "eidas1" and connexion.amr == ["pwd"]
    assert not connexion.second_facteur


def test_refus_sans_compte_ni_invitation(proconnect, live_server, prefecture):
    arrivee = se_connecter(live_server, "inconnu@etat.gouv.fr", code=CODE_MFA)
    assert arrivee.url == f"{live_server.url}/connexion/"
    assert "Aucun compte n’est ouvert à l’adresse inconnu@etat.gouv.fr" in arrivee.text
    assert "Demandez une invitation" in arrivee.text
    assert not Utilisateur.objects.filter(email="inconnu@etat.gouv.fr").exists()
    assert not ConnexionProConnect.objects.exists()


def test_invitation_en_attente_ouvre_le_compte(proconnect, live_server, prefecture):
    from partenaires.services import inviter

    invitation = inviter(
        email="nouvelle@etat.gouv.fr", organisation=prefecture, role=Role.PILOTAGE, par=None
    )
    arrivee = se_connecter(live_server, "nouvelle@etat.gouv.fr")
    assert arrivee.url == f"{live_server.url}/indicateurs/"
    agent = Utilisateur.objects.get(email="nouvelle@etat.gouv.fr")
    assert (agent.prenom, agent.nom) == ("Camille", "Agent")
    assert not is_password_usable(agent.password)  # ProConnect only, no password
    assert agent.adhesions.get().role == Role.PILOTAGE
    invitation.refresh_from_db()
    assert invitation.acceptee_le is not None
    assert Invitation.objects.valides().count() == 0


# --- Failure paths, without a provider: a French message, never a 500 --------------------


@pytest.fixture
def proconnect_injoignable(settings):
    port = _port_libre()  # nothing listens there
    settings.PROCONNECT_DISCOVERY_URL = f"http://127.0.0.1:{port}/.well-known/openid-configuration"
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET


def test_fournisseur_injoignable(proconnect_injoignable, db, client):
    reponse = client.get("/proconnect/connexion/", follow=True)
    assert reponse.redirect_chain == [("/connexion/", 302)]
    assert "ProConnect ne répond pas" in reponse.content.decode()


def test_connexion_annulee_chez_le_fournisseur(proconnect_injoignable, db, client):
    reponse = client.get("/proconnect/retour/?error=access_denied&state=x", follow=True)
    assert reponse.redirect_chain == [("/connexion/", 302)]
    assert "annulée ou a échoué" in reponse.content.decode()
    assert "_auth_user_id" not in client.session


def test_bouton_absent_tant_que_proconnect_n_est_pas_configure(db, client):
    assert "ProConnect" not in client.get("/connexion/").content.decode()
    assert client.get("/proconnect/connexion/").status_code == 404


# --- Account takeover attempts (audit of issue 14) --------------------------------------


def _sub_de(email: str) -> str:
    """The test provider's `sub` for an address (tests/oidc/serveur.mjs)."""
    import hashlib

    return "pc-" + hashlib.sha256(email.lower().encode()).hexdigest()[:24]


def test_une_identite_liee_a_un_compte_ne_prend_pas_celui_d_une_autre_adresse(
    proconnect, live_server, prefecture
):
    """The `sub` that signed in as A now claims B's address (changed at the provider):
    refused, B's account untouched, nothing recorded."""
    a = utilisateur_avec_role(Role.SECRETARIAT, prefecture, utilisateur__email="a@etat.gouv.fr")
    utilisateur_avec_role(Role.SECRETARIAT, prefecture, utilisateur__email="b@etat.gouv.fr")
    ConnexionProConnect.objects.create(utilisateur=a, sub=_sub_de("b@etat.gouv.fr"), acr="eidas1")
    arrivee = se_connecter(live_server, "B@etat.gouv.fr", code=CODE_MFA)
    assert arrivee.url == f"{live_server.url}/connexion/"
    assert "Votre identité ProConnect est liée à un autre compte" in arrivee.text
    assert ConnexionProConnect.objects.count() == 1


def test_un_autre_sub_pour_la_meme_adresse_est_refuse(proconnect, live_server, prefecture):
    agent = utilisateur_avec_role(
        Role.SECRETARIAT, prefecture, utilisateur__email="agent@etat.gouv.fr"
    )
    ConnexionProConnect.objects.create(utilisateur=agent, sub="pc-identite-d-origine", acr="eidas1")
    arrivee = se_connecter(live_server, "agent@etat.gouv.fr", code=CODE_MFA)
    assert arrivee.url == f"{live_server.url}/connexion/"
    assert "Ce compte est lié à une autre identité ProConnect" in arrivee.text
    assert ConnexionProConnect.objects.count() == 1


def test_une_adresse_non_verifiee_par_le_fournisseur_est_refusee(
    proconnect, live_server, prefecture
):
    from partenaires.services import inviter

    utilisateur_avec_role(
        Role.SECRETARIAT, prefecture, utilisateur__email="non-verifiee@etat.gouv.fr"
    )
    inviter(
        email="non-verifiee-invitee@etat.gouv.fr",
        organisation=prefecture,
        role=Role.PILOTAGE,
        par=None,
    )
    for email in ("non-verifiee@etat.gouv.fr", "non-verifiee-invitee@etat.gouv.fr"):
        arrivee = se_connecter(live_server, email, code=CODE_MFA)
        assert arrivee.url == f"{live_server.url}/connexion/"
        assert "ProConnect n’a pas vérifié votre adresse" in arrivee.text
    assert not ConnexionProConnect.objects.exists()
    assert not Utilisateur.objects.filter(email="non-verifiee-invitee@etat.gouv.fr").exists()


def test_retour_sans_etat_connu_ne_connecte_personne(proconnect_injoignable, db, client):
    """A callback URL forged or replayed in another browser (its state and nonce are not in
    this session): no sign-in, no 500."""
    reponse = client.get("/proconnect/retour/?code=vole&state=invente")
    assert reponse.status_code in (302, 400)
    assert "_auth_user_id" not in client.session
