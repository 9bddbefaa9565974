"""The directory of referents and schemes: search, editing rights, yearly campaign."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from ccapex.demo import Demo
from partenaires import demo as demo_partenaires
from partenaires import services_annuaire as services
from partenaires.models import (
    CampagneAnnuaire,
    Commune,
    ConfirmationAnnuaire,
    Dispositif,
    Organisation,
    Referent,
    TypeDispositif,
)
from tests.conftest import client_de
from tests.dossiers.factories import menage_avec_procedure
from tests.partenaires.factories import (
    CommuneFactory,
    DispositifFactory,
    EpciFactory,
    OrganisationFactory,
    ReferentFactory,
    TypeDispositifFactory,
)
from tests.requetes import verifier_requetes_constantes


def noms(reponse, cle):
    return {entree.nom for entree in reponse.context[cle]}


@pytest.fixture
def territoire(monde):
    """Étréchy in its EPCI, a commune of another EPCI, and entries for each kind of territory."""
    vignes = EpciFactory(departement=monde.departement, nom="CC des Vignes")
    etrechy = CommuneFactory(
        departement=monde.departement, nom="Étréchy-les-Vignes", code_postal="96300", epci=vignes
    )
    lardy = CommuneFactory(departement=monde.departement, nom="Lardy", epci=vignes)
    ailleurs = CommuneFactory(departement=monde.departement, nom="Montclair")
    fsl = TypeDispositifFactory(departement=monde.departement, code="fsl", libelle="FSL")
    adil = TypeDispositifFactory(departement=monde.departement, code="adil", libelle="ADIL")

    def dispositif(nom, type_=fsl, epcis=(), communes=(), organisation=monde.caf):
        objet = DispositifFactory(organisation=organisation, nom=nom, type=type_)
        objet.epcis.set(epcis)
        objet.communes.set(communes)
        return objet

    dispositif("Sur la commune", communes=[etrechy])
    dispositif("Sur l’EPCI", epcis=[vignes], type_=adil)
    dispositif("Sur tout le département")
    dispositif("Sur une autre commune", communes=[ailleurs])
    voisin = OrganisationFactory(departement=monde.autre_departement)
    DispositifFactory(organisation=voisin, nom="Autre département")
    referent = ReferentFactory(organisation=monde.bailleur, nom="Élodie Référente")
    referent.communes.set([etrechy])
    referent.types.set([fsl])
    ReferentFactory(organisation=monde.bailleur, nom="Sans territoire")
    return {"etrechy": etrechy, "lardy": lardy, "fsl": fsl, "adil": adil}


class TestRecherche:
    def test_par_commune_sans_accents(self, monde, territoire):
        reponse = client_de(monde.partenaire).get(
            reverse("partenaires:annuaire"), {"commune": "etrechy"}
        )
        assert noms(reponse, "dispositifs") == {
            "Sur la commune",
            "Sur tout le département",
            "Sur l’EPCI",
        }
        assert noms(reponse, "referents") == {"Sans territoire", "Élodie Référente"}
        assert "Étréchy-les-Vignes (96300)" in reponse.content.decode()

    def test_une_autre_commune_de_l_epci(self, monde, territoire):
        reponse = client_de(monde.membre).get(reverse("partenaires:annuaire"), {"commune": "LARDY"})
        assert noms(reponse, "dispositifs") == {"Sur tout le département", "Sur l’EPCI"}
        assert noms(reponse, "referents") == {"Sans territoire"}

    def test_par_besoin(self, monde, territoire):
        reponse = client_de(monde.pilotage).get(
            reverse("partenaires:annuaire"),
            {"commune": "Étréchy", "type": territoire["fsl"].pk},
        )
        assert noms(reponse, "dispositifs") == {"Sur la commune", "Sur tout le département"}
        assert noms(reponse, "referents") == {"Élodie Référente"}

    def test_sans_critere_tout_le_departement_et_lui_seul(self, monde, territoire):
        reponse = client_de(monde.secretariat).get(reverse("partenaires:annuaire"))
        assert "Autre département" not in noms(reponse, "dispositifs")
        assert len(reponse.context["dispositifs"]) == 4

    def test_saisie_invalide_message_et_aucun_resultat(self, monde, territoire):
        reponse = client_de(monde.partenaire).get(reverse("partenaires:annuaire"), {"type": "abc"})
        assert reponse.status_code == 200
        assert "Sélectionnez un choix valide" in reponse.content.decode()
        assert reponse.context["dispositifs"] == []

    def test_une_commune_seule_comme_un_ensemble_de_communes(self, monde, territoire):
        """The household page's SQL form of `couvrant` (one commune) keeps the directory
        search's rule: named commune, its EPCI, or the whole département, never elsewhere."""
        sans_epci = CommuneFactory(departement=monde.departement, epci=None)
        voisine = CommuneFactory(departement=monde.autre_departement)
        attendus = {
            "etrechy": {"Sur la commune", "Sur l’EPCI", "Sur tout le département"},
            "lardy": {"Sur l’EPCI", "Sur tout le département"},
            "sans_epci": {"Sur tout le département"},
            "voisine": {"Autre département"},
        }
        communes = {**territoire, "sans_epci": sans_epci, "voisine": voisine}
        for cle, noms_attendus in attendus.items():
            commune = communes[cle]
            une = Dispositif.objects.couvrant(commune)
            ensemble = Dispositif.objects.couvrant(Commune.objects.filter(pk=commune.pk))
            assert {d.nom for d in une} == {d.nom for d in ensemble} == noms_attendus, cle
            assert set(Referent.objects.couvrant(commune)) == set(
                Referent.objects.couvrant(Commune.objects.filter(pk=commune.pk))
            ), cle
        assert {r.nom for r in Referent.objects.couvrant(territoire["etrechy"])} == {
            "Sans territoire",
            "Élodie Référente",
        }
        assert {r.nom for r in Referent.objects.couvrant(voisine)} == set()
        # Composed with other filters and an order, as the page does.
        assert list(
            Dispositif.objects.visibles()
            .couvrant(territoire["etrechy"])
            .filter(type=territoire["adil"])
            .values_list("nom", flat=True)
        ) == ["Sur l’EPCI"]

    def test_une_commune_seule_territoires_mixtes_et_organisations_fermees(self, monde, territoire):
        """The one-commune SQL and the queryset path agree, commune by commune, on entries that
        name both communes and EPCIs, on a referent of an EPCI, on a closed organisation's
        entry (kept by `couvrant`, dropped by `visibles()`), and composed as the page does
        (joins, order, slice, count, exists)."""
        etrechy, lardy = territoire["etrechy"], territoire["lardy"]
        vignes = etrechy.epci
        sans_epci = CommuneFactory(departement=monde.departement, epci=None)
        autre_epci = CommuneFactory(departement=monde.departement)
        voisine = CommuneFactory(departement=monde.autre_departement)
        fermee = OrganisationFactory(departement=monde.departement, active=False)
        mixte = DispositifFactory(organisation=monde.caf, nom="Une commune et l’EPCI")
        mixte.communes.set([sans_epci])
        mixte.epcis.set([vignes])
        DispositifFactory(organisation=fermee, nom="Organisation fermée")
        DispositifFactory(organisation=fermee, nom="Fermée, sur la commune").communes.set([etrechy])
        ReferentFactory(organisation=monde.bailleur, nom="Référent de l’EPCI").epcis.set([vignes])
        tout = {"Sur tout le département", "Organisation fermée"}
        attendus = {
            etrechy: {"Sur la commune", "Sur l’EPCI", "Une commune et l’EPCI"}
            | tout
            | {"Fermée, sur la commune"},
            lardy: {"Sur l’EPCI", "Une commune et l’EPCI"} | tout,
            sans_epci: {"Une commune et l’EPCI"} | tout,
            autre_epci: tout,
            voisine: {"Autre département"},
        }
        referents = {
            etrechy: {"Sans territoire", "Élodie Référente", "Référent de l’EPCI"},
            lardy: {"Sans territoire", "Référent de l’EPCI"},
            sans_epci: {"Sans territoire"},
            autre_epci: {"Sans territoire"},
            voisine: set(),
        }
        for commune, noms_attendus in attendus.items():
            ensemble = Commune.objects.filter(pk=commune.pk)
            for base in (Dispositif.objects.all(), Dispositif.objects.visibles()):
                une = {d.nom for d in base.couvrant(commune)}
                assert une == {d.nom for d in base.couvrant(ensemble)}, commune
            assert {d.nom for d in Dispositif.objects.couvrant(commune)} == noms_attendus, commune
            assert {d.nom for d in Dispositif.objects.visibles().couvrant(commune)} == (
                noms_attendus - {"Organisation fermée", "Fermée, sur la commune"}
            ), commune
            assert {r.nom for r in Referent.objects.couvrant(commune)} == referents[commune]
            assert {r.nom for r in Referent.objects.couvrant(ensemble)} == referents[commune]
        # As the page composes it: joins, an order across a join, a slice, count, exists.
        page = (
            Dispositif.objects.visibles()
            .couvrant(etrechy)
            .select_related("organisation", "type")
            .order_by("type__ordre", "nom")
        )  # not evaluated: each use below is its own query
        attendue = list(
            Dispositif.objects.visibles()
            .couvrant(Commune.objects.filter(pk=etrechy.pk))
            .select_related("organisation", "type")
            .order_by("type__ordre", "nom")
        )
        assert list(page.all()) == attendue and len(attendue) == 4
        assert list(page.all()[1:3]) == attendue[1:3]
        assert page.count() == 4 and page.all()[:2].count() == 2
        assert page.exists() and not page.filter(nom="Sur une autre commune").exists()
        assert (
            not Dispositif.objects.visibles()
            .couvrant(sans_epci)
            .filter(organisation=fermee)
            .exists()
        )

    def test_une_commune_seule_dans_une_sous_requete(self, monde, territoire):
        """Inside a subquery (`Exists`, `__in`) Django names the entry's table U0: the
        one-commune condition must follow it, not read the outer query's row."""
        etrechy = territoire["etrechy"]
        ensemble = Commune.objects.filter(pk=etrechy.pk)
        referent_caf = ReferentFactory(organisation=monde.caf, nom="Référent de la CAF")
        referent_caf.communes.set([CommuneFactory(departement=monde.departement)])

        def organisations(communes):
            dispositifs = Dispositif.objects.couvrant(communes).filter(organisation=OuterRef("pk"))
            return set(Organisation.objects.filter(Exists(dispositifs)))

        def referents_des_memes_organisations(communes):
            organisations = Dispositif.objects.couvrant(communes).values("organisation")
            return {r.nom for r in Referent.objects.filter(organisation__in=organisations)}

        def dispositifs_des_memes_organisations(communes):
            organisations = Dispositif.objects.couvrant(communes).values("organisation")
            return {d.nom for d in Dispositif.objects.filter(organisation__in=organisations)}

        assert organisations(etrechy) == organisations(ensemble) == {monde.caf}
        assert referents_des_memes_organisations(etrechy) == {"Référent de la CAF"}
        assert referents_des_memes_organisations(ensemble) == {"Référent de la CAF"}
        # Every scheme of the CAF, including the one on another commune.
        tous = {"Sur la commune", "Sur l’EPCI", "Sur tout le département", "Sur une autre commune"}
        assert dispositifs_des_memes_organisations(ensemble) == tous
        assert dispositifs_des_memes_organisations(etrechy) == tous

    def test_nombre_de_requetes_constant(self, monde):
        vignes = EpciFactory(departement=monde.departement)
        communes = [CommuneFactory(departement=monde.departement, epci=vignes) for _ in range(3)]

        def remplir(n):
            for _ in range(n - Dispositif.objects.count()):
                dispositif = DispositifFactory(organisation=monde.caf)
                dispositif.communes.set(communes)
                dispositif.epcis.set([vignes])
                referent = ReferentFactory(organisation=monde.bailleur)
                referent.communes.set(communes)
                referent.types.set([dispositif.type])

        nombre = verifier_requetes_constantes(
            client_de(monde.partenaire),
            reverse("partenaires:annuaire") + f"?commune={communes[0].nom}",
            remplir,
        )
        assert nombre < 20


class TestDroits:
    def donnees(self, **extra):
        return {"nom": "Agnès Durand", "fonction": "Chargée de contentieux", **extra}

    def test_un_membre_de_l_organisation_ajoute_un_referent(self, monde):
        url = reverse("partenaires:annuaire_nouveau_referent", args=[monde.bailleur.pk])
        reponse = client_de(monde.partenaire).post(
            url, self.donnees(communes=[monde.commune.pk], email="agnes@bailleur.example")
        )
        assert reponse.status_code == 302
        referent = Referent.objects.get()
        assert referent.organisation == monde.bailleur
        assert referent.departement == monde.departement
        assert referent.modifie_par == monde.partenaire
        assert list(referent.communes.all()) == [monde.commune]

    def test_le_formulaire_du_referent_dit_qui_verra_ses_coordonnees(self, monde, client):
        """Personal data of a professional (GDPR art. 14): the person is told who sees it and
        where to exercise their rights."""
        url = reverse("partenaires:annuaire_nouveau_referent", args=[monde.bailleur.pk])
        html = client_de(monde.partenaire).get(url).content.decode()
        assert "Prévenez la personne" in html and "#annuaire" in html
        page = client.get(reverse("donnees_personnelles")).content.decode()
        assert "Annuaire des partenaires" in page and "coordonnées professionnelles" in page

    @pytest.mark.parametrize("acteur", ["partenaire_autre_organisation", "secretariat", "membre"])
    def test_les_autres_lisent_seulement(self, monde, acteur):
        client = client_de(getattr(monde, acteur))
        url = reverse("partenaires:annuaire_nouveau_referent", args=[monde.bailleur.pk])
        assert client.post(url, self.donnees()).status_code == 403
        referent = ReferentFactory(organisation=monde.bailleur)
        supprimer = reverse("partenaires:annuaire_supprimer_referent", args=[referent.pk])
        assert client.post(supprimer).status_code == 403
        assert Referent.objects.get() == referent
        page = client.get(reverse("partenaires:annuaire_organisation", args=[monde.bailleur.pk]))
        assert referent.nom in page.content.decode()
        assert "Ajouter un référent" not in page.content.decode()

    def test_l_administrateur_du_departement_corrige_et_retire(self, monde):
        dispositif = DispositifFactory(organisation=monde.bailleur)
        client = client_de(monde.administrateur)
        url = reverse("partenaires:annuaire_supprimer_dispositif", args=[dispositif.pk])
        assert client.post(url).status_code == 302
        assert not Dispositif.objects.exists()

    def test_une_saisie_invalide_n_enregistre_rien(self, monde):
        url = reverse("partenaires:annuaire_nouveau_referent", args=[monde.bailleur.pk])
        autre = CommuneFactory(departement=monde.autre_departement)
        reponse = client_de(monde.partenaire).post(
            url, self.donnees(email="pas-une-adresse", communes=[autre.pk])
        )
        html = reponse.content.decode()
        assert reponse.status_code == 200
        assert "Le formulaire contient 2 erreurs" in html
        assert "Saisissez une adresse e-mail valide" in html or "adresse électronique" in html
        assert not Referent.objects.exists()

    def test_un_dispositif_avec_son_type(self, monde):
        fsl = TypeDispositifFactory(departement=monde.departement)
        url = reverse("partenaires:annuaire_nouveau_dispositif", args=[monde.bailleur.pk])
        reponse = client_de(monde.partenaire).post(
            url, {"type": fsl.pk, "nom": "FSL maintien", "horaires": "Lundi, 9 h – 12 h"}
        )
        assert reponse.status_code == 302
        assert Dispositif.objects.get().type == fsl

    def test_types_par_defaut_puis_modifiables(self, monde):
        client = client_de(monde.administrateur)
        client.post(reverse("partenaires:annuaire_types_par_defaut"))
        client.post(reverse("partenaires:annuaire_types_par_defaut"))  # nothing twice
        types = TypeDispositif.objects.filter(departement=monde.departement)
        assert types.count() == len(services.TYPES_PAR_DEFAUT)
        clil = types.get(code="clil")
        reponse = client.post(
            reverse("partenaires:annuaire_modifier_type", args=[clil.pk]),
            {"libelle": "CLIL (commission locale)", "code": "clil", "ordre": 5, "actif": "on"},
        )
        assert reponse.status_code == 302
        clil.refresh_from_db()
        assert clil.libelle == "CLIL (commission locale)"


class TestCampagne:
    def lancer(self, monde, capture):
        with capture(execute=True):
            return client_de(monde.secretariat).post(
                reverse("partenaires:annuaire_lancer_campagne")
            )

    def test_courriel_a_chaque_organisation_puis_avancement(
        self, monde, django_capture_on_commit_callbacks
    ):
        reponse = self.lancer(monde, django_capture_on_commit_callbacks)
        campagne = CampagneAnnuaire.objects.get()
        assert reponse.url == reverse("partenaires:annuaire_campagne", args=[campagne.pk])
        assert campagne.annee == timezone.localdate().year
        assert campagne.lancee_par == monde.secretariat
        organisations = monde.departement.organisations.count()
        assert campagne.confirmations.count() == organisations == len(mail.outbox)
        courriel = next(m for m in mail.outbox if monde.partenaire.email in m.to)
        lien = reverse("partenaires:annuaire_organisation", args=[monde.bailleur.pk])
        assert lien in courriel.body
        assert monde.bailleur.email_contact in courriel.to

        # Launched again: nobody is asked twice.
        self.lancer(monde, django_capture_on_commit_callbacks)
        assert len(mail.outbox) == organisations

        page = client_de(monde.partenaire).get(lien)
        assert "Confirmer que nos entrées sont à jour" in page.content.decode()
        client_de(monde.partenaire).post(
            reverse("partenaires:annuaire_confirmer", args=[monde.bailleur.pk])
        )
        avancement = client_de(monde.secretariat).get(reponse.url)
        assert avancement.context["confirmees"] == 1
        assert avancement.context["en_attente"] == organisations - 1
        html = avancement.content.decode()
        assert "Confirmée le" in html and "En attente" in html
        confirmation = ConfirmationAnnuaire.objects.get(organisation=monde.bailleur)
        assert confirmation.confirmee_par == monde.partenaire

    def test_relances_apres_n_jours_aux_seules_organisations_en_attente(self, monde, settings):
        settings.ANNUAIRE_RELANCE_JOURS = 10
        debut = timezone.now().replace(month=3, day=2, hour=10)

        def le(jours: int):
            return time_machine.travel(debut + timedelta(days=jours), tick=False)

        def relancer(jours: int) -> int:
            with le(jours):
                return services.relancer(timezone.localdate())

        with le(0):
            campagne = services.lancer_campagne(departement=monde.departement, annee=debut.year)
            services.envoyer_demandes(campagne.pk)
            services.confirmer(organisation=monde.caf, par=monde.membre)
        mail.outbox.clear()
        assert relancer(9) == 0
        relancees = relancer(10)
        assert relancees == monde.departement.organisations.count() - 1
        assert all("relance" in m.subject for m in mail.outbox)
        assert not any(monde.membre.email in m.to for m in mail.outbox)
        # The same day again: nothing; N days after the reminder: the next one; three at most.
        assert relancer(10) == 0
        assert relancer(20) == relancees
        assert relancer(30) == relancees
        assert relancer(40) == 0

    def test_le_planning_lance_a_la_date_configuree_une_fois(self, monde, settings):
        settings.ANNUAIRE_CAMPAGNE_DATE = "03-01"

        def du_jour(jour: date) -> dict:
            with time_machine.travel(jour, tick=False):
                return services.campagnes_du_jour(jour)

        assert du_jour(date(2027, 2, 28))["lancees"] == 0
        premier = du_jour(date(2027, 3, 1))
        assert premier["lancees"] == 2  # both départements of the cast
        assert premier["demandes"] == ConfirmationAnnuaire.objects.count() == len(mail.outbox)
        assert du_jour(date(2027, 3, 2)) == {"lancees": 0, "demandes": 0, "relances": 0}
        assert len(mail.outbox) == premier["demandes"]

    def test_avancement_en_requetes_constantes(self, monde):
        campagne = services.lancer_campagne(departement=monde.departement, annee=2026)

        def remplir(n):
            for _ in range(n - campagne.confirmations.count()):
                organisation = OrganisationFactory(departement=monde.departement)
                ReferentFactory(organisation=organisation)
                DispositifFactory(organisation=organisation)
            services.lancer_campagne(departement=monde.departement, annee=2026)

        verifier_requetes_constantes(
            client_de(monde.secretariat),
            reverse("partenaires:annuaire_campagne", args=[campagne.pk]),
            remplir,
        )


def test_la_page_du_dossier_suggere_l_annuaire_de_la_commune(monde):
    menage = menage_avec_procedure(monde.departement, commune=monde.commune)
    ici = DispositifFactory(organisation=monde.caf, nom="Équipe mobile du secteur")
    ici.communes.set([monde.commune])
    ailleurs = DispositifFactory(organisation=monde.caf, nom="Permanence d’une autre commune")
    ailleurs.communes.set([CommuneFactory(departement=monde.departement)])
    referent = ReferentFactory(organisation=monde.bailleur, nom="Paul Référent")
    referent.epcis.set([monde.commune.epci])

    reponse = client_de(monde.secretariat).get(reverse("dossiers:menage", args=[menage.numero]))
    html = reponse.content.decode()
    assert f"Qui contacter à {monde.commune.nom}" in html
    assert "Équipe mobile du secteur" in html
    assert "Paul Référent" in html
    assert "Permanence d’une autre commune" not in html
    assert f"{reverse('partenaires:annuaire')}?commune={monde.commune.code_insee}" in html


def test_donnees_de_demonstration_sans_doublon(db):
    demo_partenaires.peupler(Demo())
    compte = (Referent.objects.count(), Dispositif.objects.count(), TypeDispositif.objects.count())
    demo_partenaires.peupler(Demo())
    assert compte == (
        Referent.objects.count(),
        Dispositif.objects.count(),
        TypeDispositif.objects.count(),
    )
    assert compte[0] >= 5 and compte[1] >= 5
    assert Dispositif.objects.filter(communes__isnull=False).exists()
