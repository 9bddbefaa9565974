"""Commissions and members, sessions and presence, the session sheet (autosave with optimistic
locking, recommendations), the recommendation types, and the dossier page's examinations."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from commission.enums import StatutSeance
from commission.models import (
    Commission,
    MembreCommission,
    ParticipationSeance,
    Preconisation,
    Seance,
    TypePreconisation,
)
from commission.services import seances as services
from dossiers.models import EvenementJournal
from partenaires.enums import Role
from tests.commission.factories import (
    CommissionFactory,
    ExamenFactory,
    MembreCommissionFactory,
    PreconisationFactory,
    SeanceFactory,
    TypePreconisationFactory,
)
from tests.conftest import client_de
from tests.dossiers.factories import MembreFactory
from tests.partenaires.factories import utilisateur_avec_role
from tests.requetes import verifier_requetes_constantes


@pytest.fixture
def secretariat(monde):
    return client_de(monde.secretariat)


@pytest.fixture
def commission(monde):
    commission = CommissionFactory(departement=monde.departement, nom="CCAPEX départementale")
    MembreCommissionFactory(
        commission=commission, organisation=monde.caf, representants=[monde.membre]
    )
    MembreCommissionFactory(commission=commission, organisation=monde.bailleur)
    return commission


# --- Commissions ---------------------------------------------------------------------------


def test_creer_une_commission_locale_et_ses_membres(monde, secretariat):
    from tests.partenaires.factories import ArrondissementFactory

    arrondissement = ArrondissementFactory(departement=monde.departement, nom="Palaiseau")
    reponse = secretariat.post(
        reverse("commission:nouvelle_commission"),
        {"nom": "Commission locale de Palaiseau", "type": "locale", "active": "on"},
    )
    assert "Une commission locale couvre un arrondissement ou un EPCI." in reponse.content.decode()
    assert not Commission.objects.exists()
    secretariat.post(
        reverse("commission:nouvelle_commission"),
        {
            "nom": "Commission locale de Palaiseau",
            "type": "locale",
            "arrondissement": arrondissement.pk,
            "active": "on",
        },
    )
    commission = Commission.objects.get()
    assert commission.departement == monde.departement

    agent_caf = utilisateur_avec_role(Role.MEMBRE, monde.caf)
    url = reverse("commission:commission", args=[commission.pk])
    # A representative of another organisation is refused, nothing is added.
    reponse = secretariat.post(
        url, {"organisation": monde.caf.pk, "representants": [monde.partenaire.pk]}
    )
    assert "Un représentant n’est pas de cette organisation." in reponse.content.decode()
    assert not commission.membres.exists()
    secretariat.post(url, {"organisation": monde.caf.pk, "representants": [agent_caf.pk]})
    membre = commission.membres.get()
    assert list(membre.representants.all()) == [agent_caf]

    secretariat.post(
        reverse("commission:representants_membre", args=[membre.pk]),
        {"representants": [agent_caf.pk, monde.membre.pk]},
    )
    assert membre.representants.count() == 2
    page = secretariat.get(reverse("commission:commissions")).content.decode()
    assert "Commission locale de Palaiseau" in page and str(agent_caf) in page

    secretariat.post(reverse("commission:retirer_membre", args=[membre.pk]))
    assert not MembreCommission.objects.exists()


def test_liste_des_commissions_en_requetes_constantes(monde, secretariat):
    def remplir(n):
        while MembreCommission.objects.count() < n:
            MembreCommissionFactory(
                commission__departement=monde.departement, representants=[monde.membre]
            )

    verifier_requetes_constantes(secretariat, reverse("commission:commissions"), remplir)


# --- Sessions ------------------------------------------------------------------------------


def test_creer_une_seance_invite_les_membres_puis_presences(monde, secretariat, commission):
    reponse = secretariat.post(
        reverse("commission:nouvelle_seance"),
        {
            "commission": commission.pk,
            "date": "2026-12-10T09:30",
            "lieu": "Préfecture, salle 2",
            "type": "dediee",
        },
    )
    seance = Seance.objects.get()
    assert reponse.url == reverse("commission:seance", args=[seance.pk])
    assert timezone.localtime(seance.date).strftime("%d/%m/%Y %H:%M") == "10/12/2026 09:30"
    participations = {p.organisation: p for p in seance.participations.all()}
    assert set(participations) == {monde.caf, monde.bailleur}
    assert all(p.invite and not p.present for p in participations.values())
    assert participations[monde.caf].utilisateur == monde.membre

    # The CAF attended; the landlord was finally not invited.
    secretariat.post(
        reverse("commission:participations", args=[seance.pk]),
        {"invites": [monde.caf.pk], "presents": [monde.caf.pk]},
    )
    caf = ParticipationSeance.objects.get(seance=seance, organisation=monde.caf)
    bailleur = ParticipationSeance.objects.get(seance=seance, organisation=monde.bailleur)
    assert (caf.invite, caf.present) == (True, True)
    assert (bailleur.invite, bailleur.present) == (False, False)
    # An organisation that does not sit in the commission is refused.
    secretariat.post(
        reverse("commission:participations", args=[seance.pk]), {"presents": [monde.prefecture.pk]}
    )
    assert not seance.participations.filter(organisation=monde.prefecture).exists()

    page = secretariat.get(reverse("commission:seance", args=[seance.pk])).content.decode()
    assert "Dédiée (par exemple DALO)" in page and "Préfecture, salle 2" in page


def test_participations_en_requetes_constantes(monde, commission):
    """Inviting 2 or 8 organisations costs the same queries (inserted, then updated, at once)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def compter(seance, organisations):
        ids = {o.pk for o in organisations}
        with CaptureQueriesContext(connection) as creation:
            services.enregistrer_participations(
                seance=seance, invites=ids, presents=set(), par=monde.secretariat
            )
        with CaptureQueriesContext(connection) as presence:
            services.enregistrer_participations(
                seance=seance, invites=set(), presents=ids, par=monde.secretariat
            )
        assert seance.participations.filter(invite=True, present=True).count() == len(ids)
        return len(creation), len(presence)

    peu = compter(SeanceFactory(commission=commission), [monde.caf, monde.bailleur])
    autres = [MembreCommissionFactory(commission=commission).organisation for _ in range(6)]
    beaucoup = compter(SeanceFactory(commission=commission), [monde.caf, monde.bailleur, *autres])
    assert peu == beaucoup


def test_seances_a_venir_et_passees(monde, secretariat, commission):
    SeanceFactory(commission=commission, lieu="Salle du futur")
    SeanceFactory(commission=commission, passee=True, lieu="Salle du passé")
    SeanceFactory(commission__departement=monde.autre_departement, lieu="Ailleurs")
    page = secretariat.get(reverse("commission:seances")).content.decode()
    assert page.index("Salle du futur") < page.index("Passées") < page.index("Salle du passé")
    assert "Ailleurs" not in page


def test_navigation_seances_et_types(monde):
    page = client_de(monde.secretariat).get(reverse("commission:tableau_de_bord")).content.decode()
    assert reverse("commission:seances") in page
    page = client_de(monde.administrateur).get(reverse("partenaires:administration"))
    assert reverse("commission:types_preconisation") in page.content.decode()


# --- Session sheet ----------------------------------------------------------------------------


@pytest.fixture
def examen(monde, commission):
    seance = SeanceFactory(commission=commission, publiee=True)
    return ExamenFactory(seance=seance, avec_nom="Lefèvre")


def donnees_examen(examen, **valeurs):
    return {
        "version": examen.version,
        "question": examen.question,
        "synthese": examen.synthese,
        "informations_membres": examen.informations_membres,
        "avis": examen.avis,
        **valeurs,
    }


def test_enregistrement_automatique_et_verrou_optimiste(monde, secretariat, examen):
    url = reverse("commission:enregistrer_examen", args=[examen.pk])
    reponse = secretariat.post(
        url, donnees_examen(examen, synthese="Dette en baisse."), HTTP_HX_REQUEST="true"
    )
    html = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Enregistré à" in html
    assert 'value="2"' in html and 'hx-swap-oob="true"' in html  # the next save carries v2
    examen.refresh_from_db()
    assert (examen.synthese, examen.version) == ("Dette en baisse.", 2)

    # A second tab still holding version 1: refused, nothing overwritten.
    perime = donnees_examen(examen, synthese="Ancienne saisie.", version=1)
    html = secretariat.post(url, perime, HTTP_HX_REQUEST="true").content.decode()
    assert "pendant que vous les éditiez" in html
    examen.refresh_from_db()
    assert examen.synthese == "Dette en baisse."

    # Without JavaScript: the Save button posts the form and comes back to the sheet.
    reponse = secretariat.post(url, donnees_examen(examen, avis="Favorable.", a_reexaminer="on"))
    assert reponse.status_code == 302
    assert reponse.url.endswith(f"#examen-{examen.pk}")
    examen.refresh_from_db()
    assert (examen.avis, examen.a_reexaminer, examen.version) == ("Favorable.", True, 3)


def test_feuille_de_seance_en_requetes_constantes(monde, secretariat, commission):
    seance = SeanceFactory(commission=commission)

    def remplir(n):
        while seance.examens.count() < n:
            ExamenFactory(seance=seance, avec_nom="Martin", avec_preconisations=2)

    verifier_requetes_constantes(
        secretariat, reverse("commission:feuille_de_seance", args=[seance.pk]), remplir
    )
    page = secretariat.get(reverse("commission:feuille_de_seance", args=[seance.pk]))
    html = page.content.decode()
    assert 'hx-trigger="input changed delay:800ms, change"' in html
    assert "Enregistrer" in html


def test_ajouter_une_preconisation(monde, secretariat, examen):
    type_fsl = TypePreconisationFactory(departement=monde.departement, libelle="Solliciter le FSL")
    url = reverse("commission:ajouter_preconisation", args=[examen.pk])
    echeance = (timezone.localdate() + timedelta(days=60)).isoformat()
    # No addressee: a French message, nothing created.
    html = secretariat.post(
        url, {"type": type_fsl.pk, "destinataire": "", "echeance": echeance}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Ce champ est obligatoire" in html
    assert not Preconisation.objects.exists()

    html = secretariat.post(
        url,
        {
            "type": type_fsl.pk,
            "destinataire": monde.caf.pk,
            "texte": "Dossier FSL maintien.",
            "echeance": echeance,
        },
        HTTP_HX_REQUEST="true",
    ).content.decode()
    preconisation = Preconisation.objects.get()
    assert preconisation.destinataire_organisation == monde.caf
    assert not preconisation.destinataire_menage
    assert "Solliciter le FSL" in html and "CAF" in html
    assert EvenementJournal.objects.filter(
        menage=examen.menage, type="preconisation_emise"
    ).exists()

    secretariat.post(url, {"type": type_fsl.pk, "destinataire": "menage"})
    assert Preconisation.objects.filter(destinataire_menage=True).count() == 1

    # A closed session's recommendations no longer change.
    Seance.objects.filter(pk=examen.seance_id).update(statut=StatutSeance.CLOSE)
    secretariat.post(url, {"type": type_fsl.pk, "destinataire": "menage"})
    secretariat.post(reverse("commission:supprimer_preconisation", args=[preconisation.pk]))
    assert Preconisation.objects.count() == 2


def test_un_type_d_un_autre_departement_est_refuse(monde, examen):
    ailleurs = TypePreconisationFactory(departement=monde.autre_departement)
    with pytest.raises(Exception, match="pas disponible"):
        services.ajouter_preconisation(
            examen=examen,
            type=ailleurs,
            destinataire_organisation=None,
            destinataire_menage=True,
            texte="",
            echeance=None,
            par=monde.secretariat,
        )


# --- Recommendation types ---------------------------------------------------------------------


def test_types_de_preconisation_par_l_administrateur(monde):
    client = client_de(monde.administrateur)
    client.post(reverse("commission:types_preconisation_par_defaut"))
    codes = set(
        TypePreconisation.objects.filter(departement=monde.departement).values_list(
            "code", flat=True
        )
    )
    assert {"reprise_paiement", "actualiser_dls", "surendettement", "fsl", "delais_juge"} <= codes
    assert {"suspendre_procedure", "relogement_contingent", "mutation", "pcs", "siao"} <= codes
    assert {"masp", "maintien_aide_logement", "suspension_aide_logement"} <= codes
    # Twice: nothing duplicated.
    client.post(reverse("commission:types_preconisation_par_defaut"))
    assert TypePreconisation.objects.count() == len(codes)

    reponse = client.post(
        reverse("commission:nouveau_type_preconisation"),
        {"libelle": "Autre FSL", "code": "fsl", "ordre": "5", "actif": "on"},
    )
    assert "Un type de préconisation porte déjà ce code." in reponse.content.decode()
    client.post(
        reverse("commission:nouveau_type_preconisation"),
        {"libelle": "Saisir la COMED", "code": "comed", "ordre": "5", "actif": "on"},
    )
    comed = TypePreconisation.objects.get(code="comed")
    client.post(
        reverse("commission:modifier_type_preconisation", args=[comed.pk]),
        {"libelle": "Saisir la commission de médiation", "code": "autre-code", "ordre": "6"},
    )
    comed.refresh_from_db()
    assert (comed.libelle, comed.code, comed.actif) == (
        "Saisir la commission de médiation",
        "comed",
        False,
    )
    page = client.get(reverse("commission:types_preconisation")).content.decode()
    assert "Saisir la commission de médiation" in page and "Désactivé" in page


def test_migration_donne_la_liste_par_defaut():
    """The data migration seeds the list: the same codes as the service's constant."""
    from importlib import import_module

    migration = import_module("dossiers.migrations.0003_seances")
    assert migration.TYPES == services.TYPES_PRECONISATION_PAR_DEFAUT


def test_la_demo_emploie_la_liste_par_defaut():
    """The demo holds no third copy of the list: only addressees for the default codes."""
    from commission.demos import seances as demo_seances

    codes = {code for code, _ in services.TYPES_PRECONISATION_PAR_DEFAUT}
    assert set(demo_seances.DESTINATAIRES) <= codes


# --- Dossier page ---------------------------------------------------------------------------------


def test_page_du_dossier_liste_examens_et_preconisations(monde, secretariat, commission):
    premier = ExamenFactory(
        seance=SeanceFactory(commission=commission, close=True),
        examine=True,
        avec_preconisations=1,
    )
    MembreFactory(menage=premier.menage, nom="Lefèvre")
    PreconisationFactory(examen=premier, organisation=monde.caf, texte="Maintenir l’APL.")
    url = reverse("dossiers:menage", args=[premier.menage.numero])
    html = secretariat.get(url).content.decode()
    assert "Favorable au maintien dans les lieux" in html
    assert "Maintenir l’APL." in html and "Le ménage" in html

    def remplir(n):
        while premier.menage.examens.count() < n:
            ExamenFactory(
                seance=SeanceFactory(commission=commission, close=True),
                menage=premier.menage,
                avec_preconisations=2,
            )

    verifier_requetes_constantes(secretariat, url, remplir)


def test_modifier_une_seance_et_page_en_requetes_constantes(monde, secretariat, commission):
    seance = SeanceFactory(commission=commission)
    secretariat.post(
        reverse("commission:modifier_seance", args=[seance.pk]),
        {"date": "2026-12-17T10:00", "lieu": "Sous-préfecture d’Étampes", "type": "restreinte"},
    )
    seance.refresh_from_db()
    assert (seance.lieu, seance.type) == ("Sous-préfecture d’Étampes", "restreinte")
    assert timezone.localtime(seance.date).strftime("%d/%m %H:%M") == "17/12 10:00"

    def remplir(n):
        while seance.examens.count() < n:
            examen = ExamenFactory(seance=seance, avec_nom="Martin")
            membre = MembreCommissionFactory(commission=commission, representants=[monde.membre])
            seance.participations.create(
                organisation=membre.organisation, utilisateur=monde.membre, present=True
            )
            assert examen

    verifier_requetes_constantes(
        secretariat, reverse("commission:seance", args=[seance.pk]), remplir
    )
    html = secretariat.get(
        reverse("commission:feuille_de_seance", args=[seance.pk])
    ).content.decode()
    assert "À réexaminer lors d’une prochaine séance" in html
