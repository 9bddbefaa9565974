"""The dated reference data in the database: seeded with their sources, read by all,
corrected by the administrator with history, and what the dossier page applies."""

from datetime import date
from decimal import Decimal
from importlib import import_module

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from procedure.enums import CleRegle, IssueJugement, TypeActe, Unite
from procedure.models import ActeProcedure, Procedure, RegleJuridique
from procedure.referentiel import UNITES_PAR_CLE, VERSIONS_INITIALES
from tests.conftest import client_de
from tests.dossiers.factories import menage_avec_procedure
from tests.procedure.factories import semer_les_regles
from tests.requetes import verifier_requetes_constantes


@pytest.fixture(autouse=True)
def regles_semees(db):
    semer_les_regles()


def version_2023(cle=CleRegle.DELAI_CDP):
    return RegleJuridique.objects.get(cle=cle, departement_code="", valide_du=date(2023, 7, 29))


def test_donnees_semees_egales_au_referentiel_par_defaut(db):
    """Migrations 0003 and `*_conservation` and `VERSIONS_INITIALES` hold the same rows,
    each with its source."""
    from pathlib import Path

    import procedure.migrations

    dossier = Path(procedure.migrations.__file__).parent
    semees = import_module("procedure.migrations.0003_regles_juridiques_initiales").VERSIONS
    for fichier in dossier.glob("*_conservation.py"):
        semees = semees + import_module(f"procedure.migrations.{fichier.stem}").VERSIONS
    ecrites = {
        (
            ligne["cle"],
            ligne["departement_code"],
            ligne["valeur"] and Decimal(ligne["valeur"]),
            ligne["unite"],
            ligne["texte"],
            date.fromisoformat(ligne["valide_du"]),
            ligne["valide_jusqu_au"] and date.fromisoformat(ligne["valide_jusqu_au"]),
            ligne["source"],
            ligne["a_verifier"],
        )
        for ligne in semees
    }
    attendues = {
        (
            v.cle,
            v.departement_code,
            v.valeur,
            v.unite,
            v.texte,
            v.valide_du,
            v.valide_jusqu_au,
            v.source,
            v.a_verifier,
        )
        for v in VERSIONS_INITIALES
    }
    assert ecrites == attendues
    en_base = set(RegleJuridique.objects.referentiel().versions)
    nationales = {v for v in VERSIONS_INITIALES if not v.departement_code}
    assert en_base == nationales
    du_93 = set(RegleJuridique.objects.referentiel("93").versions)
    assert du_93 == set(VERSIONS_INITIALES)
    assert all(v.source for v in VERSIONS_INITIALES)
    assert set(UNITES_PAR_CLE) == set(CleRegle.values) == {v.cle for v in VERSIONS_INITIALES}
    assert all(v.unite in UNITES_PAR_CLE[v.cle] for v in VERSIONS_INITIALES)
    a_verifier = {v.cle for v in VERSIONS_INITIALES if v.a_verifier}
    assert {
        CleRegle.BAIL_RENOUVELE,
        CleRegle.DECISION_CCAPEX_AL_DELAI,
        CleRegle.DECISION_CCAPEX_AL_CANAL,
    } <= a_verifier


def test_periodes_qui_se_chevauchent_refusees(db):
    nouvelle = RegleJuridique(
        cle=CleRegle.DELAI_CDP,
        valeur=Decimal(5),
        unite=Unite.SEMAINES,
        valide_du=date(2026, 1, 1),
        source="Essai",
    )
    with pytest.raises(ValidationError, match="chevauche la version en vigueur du 29/07/2023"):
        nouvelle.full_clean()
    en_euros = version_2023()
    en_euros.unite = Unite.EUROS
    with pytest.raises(ValidationError, match="l’unité est"):
        en_euros.full_clean()
    mauvais_reglage = version_2023(CleRegle.BAIL_RENOUVELE)
    mauvais_reglage.texte = "au hasard"
    with pytest.raises(ValidationError, match="le réglage vaut"):
        mauvais_reglage.full_clean()


def test_liste_lisible_par_tous_et_correction_par_l_administrateur(monde):
    liste = client_de(monde.partenaire).get(reverse("procedure:regles"))
    html = liste.content.decode()
    assert liste.status_code == 200 and "6 semaines" in html and "24-70.002" in html
    assert "À vérifier" in html and "Nouvelle version" not in html

    regle = version_2023()
    url = reverse("procedure:modifier_regle", args=[regle.pk])
    admin = client_de(monde.administrateur)
    reponse = admin.post(
        url,
        {
            "valeur": "7",
            "unite": Unite.SEMAINES,
            "texte": "",
            "valide_du": "2023-07-29",
            "valide_jusqu_au": "",
            "source": regle.source,
        },
    )
    assert reponse.status_code == 302, reponse.context["form"].errors
    regle.refresh_from_db()
    assert regle.valeur == 7 and regle.cle == CleRegle.DELAI_CDP
    page = client_de(monde.membre).get(reverse("procedure:regle", args=[regle.pk]))
    html = page.content.decode()
    # History: the seeded version and the administrator's correction.
    assert str(monde.administrateur) in html and "Données initiales" in html
    assert [h.valeur for h in regle.history.all()] == [Decimal(7), Decimal(6)]


def test_correction_appliquee_sur_la_page_du_dossier(monde):
    """Views read the table: an administrator's correction takes effect at once."""
    menage = menage_avec_procedure(monde.departement, actes=[(TypeActe.CDP, date(2026, 2, 20))])
    Procedure.objects.filter(menages=menage).update(date_bail=date(2024, 1, 1))
    url = reverse("dossiers:menage", args=[menage.numero])
    agent = client_de(monde.secretariat)
    html = agent.get(url).content.decode()
    assert "Bail signé le 01/01/2024 : délai de 6 semaines" in html
    RegleJuridique.objects.filter(pk=version_2023().pk).update(valeur=8)
    html = agent.get(url).content.decode()
    assert "Bail signé le 01/01/2024 : délai de 8 semaines" in html
    assert "Fin du délai de 8 semaines du commandement de payer" in html


def test_page_du_dossier_date_d_expulsion_au_plus_tot_et_regle_du_bail(monde):
    menage = menage_avec_procedure(
        monde.departement,
        actes=[
            (TypeActe.CDP, date(2025, 3, 3)),
            (TypeActe.ASSIGNATION, date(2025, 6, 2)),
            (TypeActe.JUGEMENT, date(2025, 7, 1), IssueJugement.EXPULSION_ORDONNEE),
            (TypeActe.CQL, date(2025, 8, 31)),
        ],
    )
    html = client_de(monde.secretariat).get(reverse("dossiers:menage", args=[menage.numero]))
    html = html.content.decode()
    assert "Expulsion possible au plus tôt" in html and "le 01/04/2026" in html
    assert "Trêve hivernale du 01/11/2025 au 31/03/2026" in html
    assert "Date du bail inconnue" in html and "date de signature inconnue" in html

    ActeProcedure.objects.filter(type=TypeActe.CQL).update(motif_exception_treve="relogement")
    Procedure.objects.filter(menages=menage).update(date_bail=date(2023, 7, 28))
    html = client_de(monde.secretariat).get(reverse("dossiers:menage", args=[menage.numero]))
    html = html.content.decode()
    assert "le 01/11/2025" in html and "Trêve hivernale écartée : Relogement assuré" in html
    assert "Bail signé le 28/07/2023 : délai de 2 mois" in html


def test_formulaires_acceptent_les_nouveaux_champs(monde):
    menage = menage_avec_procedure(
        monde.departement,
        actes=[
            (TypeActe.ASSIGNATION, date(2025, 6, 2)),
            (TypeActe.JUGEMENT, date(2025, 7, 1), IssueJugement.EXPULSION_ORDONNEE),
        ],
    )
    procedure = menage.procedures.get()
    prefixe = f"acte-{procedure.pk}"
    agent = client_de(monde.secretariat)
    reponse = agent.post(
        reverse("dossiers:ajouter_acte", args=[menage.numero, procedure.pk]),
        {
            f"{prefixe}-type": TypeActe.DELAI_GRACE,
            f"{prefixe}-date": "2025-09-01",
            f"{prefixe}-delai_grace_mois": "13",
        },
        headers={"HX-Request": "true"},
    )
    assert "de 1 mois à 1 an" in reponse.content.decode()
    reponse = agent.post(
        reverse("dossiers:ajouter_acte", args=[menage.numero, procedure.pk]),
        {
            f"{prefixe}-type": TypeActe.DELAI_GRACE,
            f"{prefixe}-date": "2025-09-01",
            f"{prefixe}-delai_grace_mois": "6",
        },
        headers={"HX-Request": "true"},
    )
    assert procedure.actes.get(type=TypeActe.DELAI_GRACE).delai_grace_mois == 6
    formulaire = agent.get(
        reverse("dossiers:modifier_procedure", args=[menage.numero, procedure.pk])
    )
    html = formulaire.content.decode()
    assert "date_bail" in html and "date_renouvellement_bail" in html


def test_nombre_de_requetes_constant_de_la_liste_et_de_l_historique(monde):
    regle = RegleJuridique.objects.get(cle=CleRegle.DECISION_CCAPEX_AL_DELAI)
    agent = client_de(monde.secretariat)

    def remplir(n):
        # n versions in the table, and n history rows for one of them.
        while RegleJuridique.objects.count() < n + 25:
            annee = 1900 + RegleJuridique.objects.filter(departement_code="96").count()
            RegleJuridique.objects.create(
                cle=CleRegle.DELAI_CQL,
                departement_code="96",
                valeur=2,
                unite=Unite.MOIS,
                valide_du=date(annee, 1, 1),
                valide_jusqu_au=date(annee, 12, 31),
                source="Essai",
            )
        while regle.history.count() < n:
            regle.a_verifier = not regle.a_verifier
            regle.save()

    verifier_requetes_constantes(agent, reverse("procedure:regles"), remplir)
    verifier_requetes_constantes(agent, reverse("procedure:regle", args=[regle.pk]), remplir)


def test_date_de_l_impaye_sur_la_page_du_dossier(monde):
    menage = menage_avec_procedure(monde.departement, dettes=[(date(2027, 2, 1), Decimal("600"))])
    Procedure.objects.filter(menages=menage).update(date_premier_impaye=date(2027, 1, 20))
    html = client_de(monde.secretariat).get(reverse("dossiers:menage", args=[menage.numero]))
    assert "Impayé (aide au logement)" in html.content.decode()
    assert "constitué le 01/02/2027 (décret n° 2026-84)" in html.content.decode()
