from .regles import regle, tous_connectes

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

    invitation = Invitation.objects.create(
        email="nouvelle@exemple.fr",
        organisation=monde.bailleur,
        role="partenaire",
        jeton="jeton-de-test",
        expire_le=timezone.now() + timedelta(days=1),
    )
    return {"jeton": invitation.jeton}


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
