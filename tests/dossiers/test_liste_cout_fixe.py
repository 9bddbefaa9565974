"""What each list page costs whatever its data: the filter form rendered once for the same
values, the user's memberships read in one query."""

from procedure.enums import Motif, Parc
from tests.conftest import client_de
from tests.dossiers.factories import MenageFactory
from tests.requetes import requetes_de


def test_le_formulaire_de_filtres_est_rendu_une_fois_par_valeurs(monde):
    """Its HTML is reused: the département's territories are not read again, and a page
    number does not make another form; other filter values do."""
    client = client_de(monde.secretariat)
    client.get("/menages/")  # the session's first idle-expiry write (ccapex/sessions.py)
    premiere = requetes_de(client, "/menages/?motif=impayes")
    seconde = requetes_de(client, "/menages/?motif=impayes&page=2")
    assert any("partenaires_commune" in r and "DECLARE" in r for r in premiere)
    assert not any("partenaires_commune" in r and "DECLARE" in r for r in seconde)
    assert len(seconde) == len(premiere) - 3
    autre = client.get("/menages/", {"motif": Motif.IMPAYES, "parc": Parc.PRIVE})
    assert 'value="prive" selected' in autre.content.decode()


def test_les_adhesions_sont_lues_en_une_requete(monde):
    MenageFactory(departement=monde.departement, commune=monde.commune)
    client = client_de(monde.secretariat)
    for url in ["/menages/", "/api/v1/dossiers/"]:
        requetes = requetes_de(client, url)
        assert len([r for r in requetes if 'FROM "partenaires_adhesion"' in r]) == 1, url


def test_l_adhesion_choisie_en_session_vient_de_la_meme_requete(monde):
    from partenaires.middleware import SESSION_ADHESION

    client = client_de(monde.secretariat)
    session = client.session
    session[SESSION_ADHESION] = monde.secretariat.adhesions_actives[0].pk
    session.save()
    requetes = requetes_de(client, "/menages/")
    assert len([r for r in requetes if 'FROM "partenaires_adhesion"' in r]) == 1


def test_le_badge_de_stade_est_celui_du_dsfr():
    """A filter now (one per row of the list), with the classes the include had."""
    from procedure.enums import Stade
    from procedure.templatetags.procedure import badge_stade

    assert badge_stade(Stade.CFP_ACCORDE) == (
        '<span class="fr-badge fr-badge--sm fr-badge--error fr-badge--no-icon">'
        "Concours de la force publique accordé</span>"
    )
    assert "fr-badge--warning" in badge_stade(Stade.CQL)
    assert "fr-badge--success" in badge_stade(Stade.PROTOCOLE)
    assert "fr-badge--info" in badge_stade(Stade.CDP)
    assert badge_stade(None) == (
        '<span class="fr-badge fr-badge--sm fr-badge--no-icon">Sans procédure</span>'
    )


def test_le_formulaire_memorise_ne_passe_pas_d_un_departement_a_l_autre(monde):
    """Same filter values, two départements: each sees only its own communes, never the
    other's (the cache key holds the départements), and no user-specific text is cached."""
    from tests.partenaires.factories import CommuneFactory

    ailleurs = CommuneFactory(departement=monde.autre_departement, nom="Commune-d-ailleurs")
    ici = client_de(monde.secretariat).get("/menages/", {"motif": Motif.IMPAYES})
    la_bas = client_de(monde.secretariat_autre_departement).get(
        "/menages/", {"motif": Motif.IMPAYES}
    )
    ici, la_bas = ici.content.decode(), la_bas.content.decode()
    assert monde.commune.nom in ici and "Commune-d-ailleurs" not in ici
    assert "Commune-d-ailleurs" in la_bas and monde.commune.nom not in la_bas
    assert f'value="{ailleurs.pk}"' not in ici
    # Each page's own token and name, never the first one's from the cached form.
    assert monde.secretariat.email not in la_bas


def test_une_valeur_injectee_reste_echappee_dans_le_formulaire_memorise(monde):
    client = client_de(monde.secretariat)
    charge = '"><script>alert(1)</script>'
    for _ in range(2):  # rendered, then served from the process cache
        page = client.get("/menages/", {"q": charge}).content.decode()
        assert "<script>alert(1)</script>" not in page
        assert "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_un_parametre_inconnu_ne_fait_pas_un_autre_formulaire(monde):
    """Only the form's own fields key the memorised HTML: junk parameters cannot fill it."""
    from ccapex import rendus

    client = client_de(monde.secretariat)
    client.get("/menages/?motif=impayes")
    avant = len(rendus._rendus)
    for i in range(5):
        assert client.get(f"/menages/?motif=impayes&inconnu={i}").status_code == 200
    assert len(rendus._rendus) == avant


def test_chaque_filtre_entre_dans_la_cle_du_formulaire_memorise(monde):
    """Every filter's value changes the form's HTML, so each one keys the memorised form:
    after the unfiltered form is kept, a page filtered on any one of them shows its value."""
    from dossiers.enums import StatutMenage, Vulnerabilite
    from dossiers.filters import MenageFilterSet
    from procedure.enums import Stade

    commune = monde.commune
    valeurs = {
        "q": "Dupont",
        "stade": Stade.values[-1],
        "motif": Motif.values[-1],
        "parc": Parc.values[-1],
        "arrondissement": str(commune.arrondissement_id),
        "epci": str(commune.epci_id),
        "commune": str(commune.pk),
        "vulnerabilite": Vulnerabilite.values[-1],
        "echeance_dans": "30",
        "origine": "caf",
        "statut": StatutMenage.CLOS,
        "tri": "-nom",
    }
    assert set(valeurs) == set(MenageFilterSet.base_filters)  # a new filter joins this test
    client = client_de(monde.secretariat)
    vide = client.get("/menages/").context["formulaire_filtres"]
    for nom, valeur in valeurs.items():
        reponse = client.get("/menages/", {nom: valeur})
        assert reponse.status_code == 200, nom
        memorise = reponse.context["formulaire_filtres"]
        assert memorise != vide, nom
        assert memorise == str(reponse.context["filtres"].form), nom
