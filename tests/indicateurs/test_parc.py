"""The balance restricted to one parc: every family follows the rule of `indicateurs/parc.py`."""

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ccapex.models import Traitement
from commission.enums import SituationLogement
from dossiers.enums import StatutDLS
from dossiers.models import MenageProcedure
from indicateurs import queries
from indicateurs.api import BilanSerializer
from indicateurs.territoires import du_departement
from tests.conftest import client_de
from tests.dossiers.factories import MenageFactory
from tests.dossiers.factories_saisines import saisine_de
from tests.indicateurs.factories import (
    bilan_de,
    courrier_prevention,
    examen_de,
    moment,
    preconisation_de,
    seance_de,
)
from tests.indicateurs.test_queries import remplir
from tests.pdf import texte_pdf
from tests.procedure.factories import ActeFactory, ProcedureFactory


def menage_du_parc(monde, parc, *, avec_procedure=True):
    menage = MenageFactory(
        departement=monde.departement, commune=monde.commune, dls_statut=StatutDLS.ACTIVE
    )
    if avec_procedure:
        procedure = ProcedureFactory(commune=monde.commune, parc=parc)
        MenageProcedure.objects.create(menage=menage, procedure=procedure)
        ActeFactory(procedure=procedure, type="cdp", date=dt.date(2024, 2, 1))
    return menage


def deux_parcs(monde):
    """One household in the social parc, three in the private one (the third known only by
    its referral), each examined in 2024 and reviewed after a 2023 examination; sessions are
    held by parc so that the sessions' count splits too."""
    dep = monde.departement
    social = [menage_du_parc(monde, "social")]
    prive = [
        menage_du_parc(monde, "prive"),
        menage_du_parc(monde, "prive"),
        menage_du_parc(monde, "prive", avec_procedure=False),
    ]
    for parc, menages, mois in (("social", social, 3), ("prive", prive, 6)):
        seance = seance_de(dep, 2024, mois=mois)
        seance_passee = seance_de(dep, 2023, mois=mois)
        for menage in menages:
            saisine_de(
                monde.bailleur,
                commune=monde.commune,
                menage=menage,
                parc=parc,
                soumise_le=moment(2024, 1),
                montant_dette=Decimal(5000 if parc == "social" else 20000),
            )
            examen = examen_de(seance, menage)
            preconisation_de(
                examen, organisation=monde.caf, statut="faite" if parc == "social" else "a_suivre"
            )
            situation = (
                SituationLogement.DANS_LE_LOGEMENT
                if parc == "social"
                else SituationLogement.EXPULSE
            )
            bilan_de(examen_de(seance_passee, menage), situation, fsl_accorde=parc == "social")
            courrier_prevention(menage, 2024, repondu=parc == "social")
    # A referral stating no parc belongs to its procedure's parc.
    saisine_de(
        monde.bailleur,
        commune=monde.commune,
        parc="",
        procedure=ProcedureFactory(commune=monde.commune, parc="prive"),
        soumise_le=moment(2024, 2),
    )


def chiffres(bilan):
    """One figure per family of the balance."""
    return {
        "actes": bilan.acte("cdp").par_annee[2024],
        "seances": bilan.activite.seances_tenues,
        "premiers_examens": bilan.activite.premiers_examens,
        "saisines": bilan.saisines_par("nature").total,
        "dettes": (bilan.dettes.avec_dette, bilan.dettes.plus_10000),
        "preconisations": sum(p.preconisees for p in bilan.preconisations_par_type),
        "realisees": sum(p.realisees for p in bilan.preconisations_par_type),
        "issues": [(x.code, x.n) for x in bilan.issues.repartition.lignes],
        "fsl": bilan.issues.fsl_accorde,
        "dls": bilan.dls.total,
        "courriers": (bilan.courriers.envoyes, bilan.courriers.repondus),
        "taux_cdp_assignation": next(
            o.valeur for o in bilan.objectifs if o.indicateur == "taux_cdp_assignation"
        ),
    }


def test_le_parc_partage_chaque_famille(monde):
    deux_parcs(monde)
    territoire = du_departement(monde.departement)
    tous = chiffres(queries.bilan(2024, territoire))
    social = chiffres(queries.bilan(2024, territoire, "social"))
    prive = chiffres(queries.bilan(2024, territoire, "prive"))
    assert social == {
        "actes": 1,
        "seances": 1,
        "premiers_examens": 1,
        "saisines": 1,
        "dettes": (1, 0),
        "preconisations": 1,
        "realisees": 1,
        "issues": [("dans_le_logement", 1)],
        "fsl": 1,
        "dls": 1,
        "courriers": (1, 1),
        "taux_cdp_assignation": 0.0,
    }
    assert prive == {
        "actes": 2,
        "seances": 1,
        "premiers_examens": 3,
        "saisines": 4,  # three households' referrals and the one without a stated parc
        "dettes": (3, 3),
        "preconisations": 3,
        "realisees": 0,
        "issues": [("expulse", 3)],
        "fsl": 0,
        "dls": 3,
        "courriers": (3, 0),
        "taux_cdp_assignation": 0.0,
    }
    assert tous["actes"] == 3 and tous["seances"] == 2 and tous["premiers_examens"] == 4
    assert tous["saisines"] == 5 and tous["courriers"] == (4, 1)
    assert tous["issues"] == [("dans_le_logement", 1), ("expulse", 3)]


def test_un_parc_inconnu_vaut_tous_les_parcs(monde):
    deux_parcs(monde)
    territoire = du_departement(monde.departement)
    assert chiffres(queries.bilan(2024, territoire, "hlm")) == chiffres(
        queries.bilan(2024, territoire)
    )
    assert queries.bilan(2024, territoire, "hlm").parc == ""


def test_l_api_et_le_tableau_de_bord_sont_d_accord(monde):
    deux_parcs(monde)
    parametres = {"annee": 2024, "territoire": f"D-{monde.departement.code}", "parc": "social"}
    client = client_de(monde.pilotage)
    api = client.get("/api/v1/indicateurs/", parametres).json()
    page = client.get(reverse("indicateurs:accueil"), parametres)
    assert api["parc"] == "social"
    assert api == BilanSerializer(page.context["bilan"]).data
    assert api["activite"]["premiers_examens"] == 1
    assert api["courriers"]["envoyes"] == 1
    html = page.content.decode()
    assert '<option value="social" selected>Parc social</option>' in html
    assert f"Indicateurs 2024 — {monde.departement.nom} — Parc social" in html
    # The links of the page keep the parc.
    assert "parc=social" in html
    refus = client.get("/api/v1/indicateurs/", {**parametres, "parc": "hlm"})
    assert refus.status_code == 400 and "parc" in refus.json()


def test_les_fichiers_suivent_le_parc(monde):
    deux_parcs(monde)
    client = client_de(monde.pilotage)
    parametres = {"annee": 2024, "territoire": f"D-{monde.departement.code}", "parc": "prive"}
    reponse = client.get(reverse("indicateurs:export_tableau", args=["nature", "csv"]), parametres)
    assert reponse["Content-Disposition"].endswith(
        f'nature-D-{monde.departement.code}-2024-prive.csv"'
    )
    lignes = list(csv.reader(io.StringIO(reponse.content.decode("utf-8-sig")), delimiter=";"))
    assert lignes[1][:2] == ["Dossiers signalés (examen en commission)", "4"]
    donnees = client.get(reverse("indicateurs:export_donnees", args=["csv"]), parametres)
    rangees = list(csv.reader(io.StringIO(donnees.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rangees) == 1 + 4
    assert {r[6] for r in rangees[1:]} == {"prive", ""}


@pytest.mark.parametrize("parc, titre", [("social", "Parc social"), ("prive", "Parc privé")])
def test_le_bilan_pdf_dit_son_parc(monde, django_capture_on_commit_callbacks, parc, titre):
    deux_parcs(monde)
    client = client_de(monde.pilotage)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("indicateurs:generer_bilan"),
            {"annee": 2024, "territoire": f"D-{monde.departement.code}", "parc": parc},
        )
    traitement = Traitement.objects.get(type="bilan_annuel")
    assert traitement.parametres["parc"] == parc
    assert traitement.libelle.endswith(titre)
    fichier = client.get(reverse("ccapex:fichier_traitement", args=[traitement.pk]))
    # The storage may add a suffix when a file of that name exists already.
    nom = rf"bilan-ccapex-D-{monde.departement.code}-2024-{parc}(_\w+)?\.pdf"
    assert re.search(nom, fichier["Content-Disposition"])
    texte = re.sub(r"\s+", " ", texte_pdf(traitement.fichier.open("rb").read()))
    assert f"Bilan annuel 2024 {monde.departement.nom} {titre}" in texte
    assert "Bilan restreint au parc" in texte


def test_nombre_de_requetes_borne_par_parc(monde):
    """Restricting to a parc adds sub-selects, not queries: 5 rows cost what 50 cost."""
    territoire = du_departement(monde.departement)

    def compter(parc):
        with CaptureQueriesContext(connection) as contexte:
            queries.bilan(2024, territoire, parc)
        return len(contexte.captured_queries)

    remplir(monde, 5)
    avec_peu = compter("social")
    remplir(monde, 45)
    assert compter("social") == avec_peu == compter("prive")
    assert compter("") >= avec_peu  # the declared figures' query is skipped for one parc


def test_le_bilan_lance_depuis_le_tableau_de_bord_rend_son_etat(monde):
    """htmx: the job's state fragment, or a message, replaces the placeholder in place."""
    client = client_de(monde.pilotage)
    url = reverse("indicateurs:generer_bilan")
    entetes = {"HX-Request": "true"}
    reponse = client.post(
        url, {"annee": 2024, "territoire": "D-96", "parc": "prive"}, headers=entetes
    )
    html = reponse.content.decode()
    assert reponse.status_code == 200 and "Bilan annuel 2024" in html and "Parc privé" in html
    assert 'id="traitement-' in html
    refus = client.post(url, {"annee": "x", "territoire": "D-96"}, headers=entetes)
    assert refus.status_code == 200
    assert "Choisissez une année et un territoire du département." in refus.content.decode()
    assert Traitement.objects.count() == 1


def test_le_filtre_par_parc_suit_la_regle_sur_des_menages_au_hasard(monde):
    """`filtre_menage` reads the stored summary and, without a procedure, the referrals: the
    same households as the rule itself (`parc_du_menage`), whatever their history."""
    import random

    from dossiers import resume
    from dossiers.models import Menage
    from indicateurs.parc import filtre_menage, parc_du_menage

    rng = random.Random(7)
    parcs = ["social", "prive", ""]
    for _ in range(40):
        menage = MenageFactory(departement=monde.departement, commune=monde.commune)
        for _ in range(rng.randint(0, 2)):
            procedure = ProcedureFactory(commune=monde.commune, parc=rng.choice(parcs[:2]))
            MenageProcedure.objects.create(menage=menage, procedure=procedure)
        for _ in range(rng.randint(0, 2)):
            saisine_de(
                monde.bailleur,
                commune=monde.commune,
                menage=menage,
                parc=rng.choice(parcs),
                soumise_le=moment(2024, rng.randint(1, 12)),
                statut=rng.choice(["soumise", "brouillon"]),
            )
    resume.actualiser(Menage.objects.values_list("pk", flat=True))
    selon_la_regle = Menage.objects.annotate(p=parc_du_menage())
    for parc in ("social", "prive"):
        attendu = set(selon_la_regle.filter(p=parc).values_list("pk", flat=True))
        assert attendu, parc
        assert set(Menage.objects.filter(filtre_menage(parc, "")).values_list("pk", flat=True)) == (
            attendu
        ), parc
    sans_procedure = Menage.objects.filter(procedure_en_cours__isnull=True)
    assert selon_la_regle.filter(pk__in=sans_procedure, p__isnull=False).exists()


def test_le_filtre_par_parc_suit_la_regle_avec_egalites_fusions_archives_et_saisines_seules(
    monde,
):
    """The cases the random test above does not draw: procedures created at the same instant
    (the rule and the summary both break the tie by the highest id), merged and archived
    households, and referrals without a household (`filtre_saisine` then falls to nothing)."""
    import random

    from django.db.models import Q
    from django.utils import timezone

    from dossiers import resume
    from dossiers.enums import StatutMenage
    from dossiers.models import Menage, Saisine
    from indicateurs.parc import filtre_menage, filtre_saisine, parc_du_menage
    from procedure.models import Procedure

    rng = random.Random(11)
    instant = timezone.now()
    garde = MenageFactory(departement=monde.departement, commune=monde.commune)
    for n in range(30):
        menage = MenageFactory(departement=monde.departement, commune=monde.commune)
        for _ in range(rng.randint(0, 3)):
            procedure = ProcedureFactory(
                commune=monde.commune, parc=rng.choice(["social", "prive"])
            )
            MenageProcedure.objects.create(menage=menage, procedure=procedure)
            # Every procedure of a household created at the same instant: only the id decides.
            Procedure.objects.filter(pk=procedure.pk).update(cree_le=instant)
        for _ in range(rng.randint(0, 2)):
            saisine_de(
                monde.bailleur,
                commune=monde.commune,
                menage=rng.choice([menage, None]),
                parc=rng.choice(["social", "prive", ""]),
                soumise_le=moment(2024, rng.randint(1, 12)),
            )
        if n % 5 == 1:
            Menage.objects.filter(pk=menage.pk).update(
                statut=StatutMenage.FUSIONNE, fusionne_dans=garde
            )
        elif n % 5 == 2:
            Menage.objects.filter(pk=menage.pk).update(archive_le=instant)
    resume.actualiser(Menage.objects.values_list("pk", flat=True))
    selon_la_regle = Menage.objects.annotate(p=parc_du_menage())
    assert (
        MenageProcedure.objects.values("menage").annotate(n=models.Count("pk")).filter(n__gte=2)
    ), "some household must have tied procedures"
    assert Saisine.objects.filter(menage__isnull=True).exists()
    for parc in ("social", "prive"):
        attendu = set(selon_la_regle.filter(p=parc).values_list("pk", flat=True))
        assert set(Menage.objects.filter(filtre_menage(parc, "")).values_list("pk", flat=True)) == (
            attendu
        ), parc
        # A referral's rule, with the household's parc taken from the rule itself.
        regle_saisine = Q(parc=parc) | Q(parc="") & (
            Q(procedure__parc=parc) | Q(procedure__isnull=True) & Q(menage__in=attendu)
        )
        assert set(Saisine.objects.filter(filtre_saisine(parc)).values_list("pk", flat=True)) == (
            set(Saisine.objects.filter(regle_saisine).values_list("pk", flat=True))
        ), parc
