from .regles import public, regle, tous_connectes

REGLES = {
    "partenaires:compte": tous_connectes(),
    "partenaires:administration": regle(administrateur=200),
    "partenaires:organisations": regle(administrateur=200),
    "partenaires:utilisateurs": regle(administrateur=200),
}

from partenaires.models import Invitation  # noqa: E402


def une_organisation(monde):
    return {"pk": monde.bailleur.pk}


def une_adhesion(monde):
    return {"pk": monde.partenaire.adhesions.get().pk}


def une_invitation(monde):
    from datetime import timedelta

    from django.utils import timezone

    Invitation.objects.create(
        email="nouvelle@exemple.fr",
        organisation=monde.bailleur,
        role="partenaire",
        jeton=Invitation.empreinte_de("jeton-de-test"),
        expire_le=timezone.now() + timedelta(days=1),
    )
    return {"jeton": "jeton-de-test"}


def une_cle_api(monde):
    from partenaires.models import CleApi
    from partenaires.services import nouveau_jeton_api

    nouveau_jeton_api(monde.bailleur, nom="Logiciel", par=monde.administrateur)
    return {"pk": CleApi.objects.get(organisation=monde.bailleur).pk}


# The administrator of another département does not exist in the cast: the department
# scoping of these pages is tested in tests/partenaires/test_administration.py.
REGLES |= {
    "partenaires:nouvelle_organisation": regle(administrateur=200),
    "partenaires:organisation": regle(administrateur=200, kwargs=une_organisation),
    "partenaires:modifier_organisation": regle(administrateur=200, kwargs=une_organisation),
    # The new key is shown in the response itself (200), never stored for a later page.
    "partenaires:jeton_api": regle(administrateur=200, kwargs=une_organisation, methode="post"),
    "partenaires:revoquer_cle_api": regle(administrateur=302, kwargs=une_cle_api, methode="post"),
    "partenaires:inviter": regle(administrateur=200),
    "partenaires:desactiver_adhesion": regle(
        administrateur=302, kwargs=une_adhesion, methode="post"
    ),
    # Public: the link in the e-mail is the proof; signed-in users see it too.
    "partenaires:invitation": regle(200, anonyme=200, kwargs=une_invitation),
}


def un_lien_second_facteur(monde):
    from partenaires.second_facteur import envoyer_lien

    return {"jeton": envoyer_lien(utilisateur=monde.partenaire, par=None)}


REGLES |= {
    # Sends a one-time enrolment link to a user of the administrator's département.
    "partenaires:envoyer_lien_second_facteur": regle(
        administrateur=302, kwargs=lambda monde: {"pk": monde.partenaire.pk}, methode="post"
    ),
    # Anyone signed in asks for a link to their own address (then back to the page).
    "partenaires:demander_lien_second_facteur": tous_connectes(302, methode="post"),
    # Without a link opened in this session, there is nothing to enrol (410).
    "partenaires:enrolement_second_facteur": tous_connectes(410),
    # Public: the e-mailed link is put in the session, then on to the enrolment page.
    "partenaires:lien_second_facteur": public(302, kwargs=un_lien_second_facteur),
    # ProConnect is off in the test settings (no discovery URL): 404 for everyone. The
    # flow itself is tested end to end in tests/partenaires/test_proconnect.py.
    "partenaires:proconnect_connexion": public(404),
    "partenaires:proconnect_retour": public(404),
}
