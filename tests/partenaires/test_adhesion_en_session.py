"""The membership chosen in the session (AdhesionCouranteMiddleware) grants nothing beyond
the user's own active memberships: a forged, disabled or closed-organisation id put in the
session is dropped and the user acts under their default membership."""

import pytest

from partenaires.enums import Role
from partenaires.middleware import SESSION_ADHESION
from tests.conftest import client_de
from tests.partenaires.factories import AdhesionFactory


def _avec_adhesion_en_session(user, adhesion_id):
    client = client_de(user)
    session = client.session
    session[SESSION_ADHESION] = adhesion_id
    session.save()
    return client


def _secretariat_d_ailleurs(monde, **kwargs):
    """A secretariat membership of the partner, in the other département."""
    prefecture_autre = monde.secretariat_autre_departement.adhesions.get().organisation
    return AdhesionFactory(
        utilisateur=monde.partenaire,
        organisation=prefecture_autre,
        role=Role.SECRETARIAT,
        **kwargs,
    )


@pytest.mark.parametrize("cas", ["autre_utilisateur", "desactivee", "organisation_fermee"])
def test_une_adhesion_non_valide_en_session_ne_donne_rien(monde, cas):
    if cas == "autre_utilisateur":
        adhesion_id = monde.secretariat_autre_departement.adhesions.get().pk
    elif cas == "desactivee":
        adhesion_id = _secretariat_d_ailleurs(monde, active=False).pk
    else:
        adhesion = _secretariat_d_ailleurs(monde)
        adhesion.organisation.active = False
        adhesion.organisation.save()
        adhesion_id = adhesion.pk
    client = _avec_adhesion_en_session(monde.partenaire, adhesion_id)
    assert client.get("/menages/").status_code == 403
    assert client.get("/api/v1/dossiers/").status_code == 403
    assert client.get("/").url == "/partenaire/"
    assert SESSION_ADHESION not in client.session  # dropped, not kept for later


def test_une_adhesion_valide_en_session_est_prise(monde):
    """The positive case, so the cases above cannot pass for a wrong reason."""
    adhesion = _secretariat_d_ailleurs(monde)
    client = _avec_adhesion_en_session(monde.partenaire, adhesion.pk)
    assert client.get("/").url == "/secretariat/"
    assert client.get("/menages/").status_code == 200
    assert client.session[SESSION_ADHESION] == adhesion.pk


def test_une_adhesion_de_secretariat_desactivee_n_ouvre_pas_son_departement(monde):
    """A secretariat acting in its département keeps no scope from a disabled membership
    of another département (departements_du_secretariat reads active memberships only)."""
    AdhesionFactory(
        utilisateur=monde.secretariat,
        organisation=monde.secretariat_autre_departement.adhesions.get().organisation,
        role=Role.SECRETARIAT,
        active=False,
    )
    user = type(monde.secretariat).objects.get(pk=monde.secretariat.pk)
    assert user.departements_du_secretariat == [monde.departement.pk]
