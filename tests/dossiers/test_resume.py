"""The household's stored summary equals what the pure rules compute, on random histories,
after every service that changes a household, after a merge and after the nightly job."""

import json
import random
from datetime import date, timedelta
from decimal import Decimal

import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from dossiers import resume
from dossiers.enums import LienMembre
from dossiers.models import MembreMenage, Menage, MenageProcedure
from dossiers.models.menage import CHAMPS_RESUME
from dossiers.services import menages as services
from dossiers.tasks.resumes import actualiser_les_resumes
from procedure import services as procedure_services
from procedure.deadlines import prochaine_echeance
from procedure.enums import IssueJugement, Motif, NatureBailleur, Parc, TypeActe
from procedure.models import Procedure
from procedure.stades import stade_de
from procedure.tasks import recalculer_les_echeances
from tests.dossiers.test_plans_liste import noeuds
from tests.partenaires.factories import CommuneFactory

TYPES = [
    TypeActe.SIGNALEMENT_CAF,
    TypeActe.CDP,
    TypeActe.ASSIGNATION,
    TypeActe.JUGEMENT,
    TypeActe.CQL,
    TypeActe.REQUISITION_CFP,
    TypeActe.REFUS_CFP,
    TypeActe.OCTROI_CFP,
    TypeActe.DEPART_VOLONTAIRE,
    TypeActe.PCS_SIGNE,
]
ISSUES = [
    IssueJugement.EXPULSION_ORDONNEE,
    IssueJugement.RADIATION_RENVOI,
    IssueJugement.DELAIS_ACCORDES,
    IssueJugement.DEMANDE_REJETEE,
]

ACTIONS = ["procedure", "acte", "acte", "acte", "dette", "corriger", "supprimer", "modifier"]
ACTIONS += ["membre"]
# Before and after the law of 27 July 2023 (the CDP's delay depends on it), and unknown.
BAUX = [date(2015, 3, 1), date(2024, 1, 1), None]


def calcule(menage: Menage, aujourd_hui: date) -> dict:
    """The summary as the pure rules give it, read object by object (no stored value)."""
    procedures = [
        lien.procedure
        for lien in MenageProcedure.objects.filter(menage=menage).select_related(
            "procedure__commune__departement"
        )
    ]
    membre = MembreMenage.objects.filter(menage=menage).order_by("id").first()
    attendu = {
        "procedure_en_cours": None,
        "stade": "prevention",
        "prochaine_echeance": None,
        "prochaine_echeance_libelle": None,
        "echeance_depassee": False,
        "motif": None,
        "parc": None,
        "numero_rg": None,
        "dette": None,
        "date_dernier_acte": None,
        "nom_reference": membre.nom if membre else None,
        "prenom_reference": membre.prenom if membre else None,
    }
    if procedures:
        procedure = max(procedures, key=lambda p: (p.cree_le, p.pk))
        actes = list(procedure.actes.all())
        dettes = sorted(procedure.dettes.all(), key=lambda d: (d.date, d.id))
        prochaine = prochaine_echeance(procedure.echeances(aujourd_hui))
        attendu.update(
            procedure_en_cours=procedure.pk,
            stade=stade_de(actes),
            prochaine_echeance=prochaine.date if prochaine else None,
            prochaine_echeance_libelle=prochaine.libelle if prochaine else "",
            echeance_depassee=bool(prochaine and prochaine.date < aujourd_hui),
            motif=procedure.motif,
            parc=procedure.parc,
            numero_rg=procedure.numero_rg,
            dette=dettes[-1].montant if dettes else None,
            date_dernier_acte=max((a.date for a in actes), default=None),
        )
    return attendu


def stocke(menage: Menage) -> dict:
    valeurs = Menage.objects.filter(pk=menage.pk).values(*CHAMPS_RESUME).get()
    return valeurs


def verifier(menages, aujourd_hui=None):
    aujourd_hui = aujourd_hui or timezone.localdate()
    for menage in menages:
        assert stocke(menage) == calcule(menage, aujourd_hui), menage.numero


class Membres:
    """What `modifier_menage` reads of a formset: here, members to add."""

    model = MembreMenage

    def __init__(self, objets):
        self.objets, self.deleted_objects = objets, []

    def has_changed(self):
        return True

    def save(self, commit=False):
        return self.objets


def test_le_resume_suit_chaque_service_sur_des_histoires_au_hasard(monde):
    rng = random.Random(1212)
    agent = monde.secretariat
    aujourd_hui = timezone.localdate()
    communes = [monde.commune, CommuneFactory(departement=monde.departement)]
    menages = []
    for i in range(6):
        membres = (
            [{"nom": f"Nom{i}", "prenom": "Alex", "lien": LienMembre.DEMANDEUR}]
            if rng.random() < 0.8
            else []
        )
        menages.append(
            services.creer_menage(
                departement=monde.departement,
                par=agent,
                membres=membres,
                adresse=f"{i} rue du Hasard",
                commune=rng.choice(communes),
            )
        )
    verifier(menages)
    for _ in range(80):
        menage = Menage.objects.get(pk=rng.choice(menages).pk)
        procedures = list(menage.procedures.order_by("pk"))
        action = rng.choice(ACTIONS if procedures else ["procedure", "membre"])
        try:
            if action == "procedure":
                services.creer_procedure_du_menage(
                    menage,
                    par=agent,
                    bailleur_nom="SCI du Hasard",
                    bailleur_nature=NatureBailleur.PERSONNE_MORALE,
                    locataires="M. Hasard",
                    adresse="1 rue du Hasard",
                    commune=menage.commune,
                    parc=rng.choice(Parc.values),
                    motif=rng.choice(Motif.values),
                    loyer_hc=Decimal(rng.randint(300, 900)),
                    numero_rg=f"26/{rng.randint(10000, 99999)}",
                    date_bail=aujourd_hui - timedelta(days=rng.randint(400, 4000)),
                )
            elif action == "acte":
                type_ = rng.choice(TYPES)
                services.ajouter_acte(
                    menage,
                    rng.choice(procedures),
                    par=agent,
                    type=type_,
                    date=aujourd_hui - timedelta(days=rng.randint(0, 900)),
                    issue_jugement=rng.choice(ISSUES) if type_ == TypeActe.JUGEMENT else "",
                    montant_dette=Decimal(rng.randint(100, 9000)) if rng.random() < 0.3 else None,
                )
            elif action == "dette":
                services.enregistrer_dette(
                    menage,
                    rng.choice(procedures),
                    par=agent,
                    date=aujourd_hui - timedelta(days=rng.randint(0, 900)),
                    montant=Decimal(rng.randint(0, 9000)),
                )
            elif action in ("corriger", "supprimer"):
                actes = [a for p in procedures for a in p.actes.all()]
                if actes:
                    acte = rng.choice(actes)
                    if action == "supprimer":
                        services.supprimer_acte(menage, acte, par=agent)
                    else:
                        services.corriger_acte(
                            menage,
                            acte,
                            par=agent,
                            version_lue=acte.version,
                            date=acte.date - timedelta(days=rng.randint(1, 60)),
                        )
            elif action == "modifier":
                procedure = rng.choice(procedures)
                services.modifier_procedure(
                    menage,
                    procedure,
                    par=agent,
                    version_lue=procedure.version,
                    motif=rng.choice(Motif.values),
                    parc=rng.choice(Parc.values),
                    numero_rg=f"27/{rng.randint(10000, 99999)}",
                    # The lease's date sets the CDP's delay: the deadline moves with it.
                    date_bail=rng.choice(BAUX),
                )
            else:
                nouveau = MembreMenage(
                    menage=menage, nom=f"Ajout{rng.randint(1, 99)}", lien=LienMembre.ENFANT
                )
                services.modifier_menage(
                    menage,
                    par=agent,
                    version_lue=menage.version,
                    champs={},
                    formsets=[Membres([nouveau])],
                )
        except ValidationError:
            pass  # an impossible sequence is refused: nothing changed, still checked
        verifier(menages)
    assert {m.stade for m in Menage.objects.filter(pk__in=[m.pk for m in menages])} - {
        "prevention"
    }, "the random histories reached no stage at all"


def test_le_resume_suit_un_acte_ajoute_par_une_couche_superieure(monde):
    """The commission records acts through procedure's services directly: the signal keeps
    the household's summary (procedure cannot import dossiers)."""
    menage = services.creer_menage(
        departement=monde.departement, par=monde.secretariat, adresse="1 rue", commune=monde.commune
    )
    procedure = services.creer_procedure_du_menage(
        menage,
        par=monde.secretariat,
        bailleur_nom="SCI",
        bailleur_nature=NatureBailleur.PERSONNE_MORALE,
        locataires="M. X",
        adresse="1 rue",
        commune=monde.commune,
        parc=Parc.PRIVE,
        motif=Motif.IMPAYES,
    )
    jour = timezone.localdate() - timedelta(days=10)
    procedure_services.ajouter_acte(procedure, par=monde.secretariat, type=TypeActe.CDP, date=jour)
    menage.refresh_from_db()
    assert menage.stade == "cdp"
    assert menage.date_dernier_acte == jour
    verifier([menage])


def _menage_avec_cdp(monde, nom, jour, *, cree_le=None):
    menage = services.creer_menage(
        departement=monde.departement,
        par=monde.secretariat,
        membres=[{"nom": nom, "prenom": "A", "lien": LienMembre.DEMANDEUR}],
        adresse=f"{nom} rue",
        commune=monde.commune,
    )
    procedure = services.creer_procedure_du_menage(
        menage,
        par=monde.secretariat,
        bailleur_nom="SCI",
        bailleur_nature=NatureBailleur.PERSONNE_MORALE,
        locataires=nom,
        adresse="1 rue",
        commune=monde.commune,
        parc=Parc.SOCIAL,
        motif=Motif.IMPAYES,
        date_bail=date(2024, 1, 1),
    )
    if cree_le:
        Procedure.objects.filter(pk=procedure.pk).update(cree_le=cree_le)
    services.ajouter_acte(menage, procedure, par=monde.secretariat, type=TypeActe.CDP, date=jour)
    return menage


def test_le_resume_apres_une_fusion(monde):
    jour = timezone.localdate() - timedelta(days=20)
    garde = _menage_avec_cdp(monde, "Garde", jour, cree_le=timezone.now() - timedelta(days=5))
    absorbe = _menage_avec_cdp(monde, "Absorbe", jour - timedelta(days=3))
    venue = absorbe.procedures.get()
    services.fusionner(garde, absorbe, par=monde.secretariat)
    verifier([garde, absorbe])
    garde.refresh_from_db()
    # The duplicate's procedure, created later, is now the kept dossier's current one.
    assert garde.procedure_en_cours_id == venue.pk
    assert Menage.objects.get(pk=absorbe.pk).procedure_en_cours_id is None


def test_le_resume_apres_le_travail_de_nuit(monde):
    """A deadline becomes past with the date alone: the nightly jobs bring the stored
    summary back to what the rules say that day (and change nothing when run again)."""
    jour = timezone.localdate() - timedelta(days=10)
    menages = [_menage_avec_cdp(monde, f"Nuit{i}", jour - timedelta(days=i)) for i in range(3)]
    verifier(menages)
    assert not any(Menage.objects.values_list("echeance_depassee", flat=True))
    plus_tard = timezone.now() + timedelta(days=120)
    with time_machine.travel(plus_tard, tick=False):
        assert actualiser_les_resumes() == 3  # the deadlines are now past
        assert all(Menage.objects.values_list("echeance_depassee", flat=True))
        recalculer_les_echeances()
        actualiser_les_resumes()
        verifier(menages, timezone.localdate())
        assert all(Menage.objects.values_list("echeance_depassee", flat=True))
        assert actualiser_les_resumes() == 0


def test_la_reconstruction_rend_le_resume_efface(monde):
    jour = timezone.localdate() - timedelta(days=10)
    menages = [_menage_avec_cdp(monde, f"Rec{i}", jour) for i in range(3)]
    Menage.objects.update(stade="prevention", nom_reference=None, procedure_en_cours=None)
    assert resume.reconstruire(lot=2) == 3
    verifier(menages)


def test_changer_la_date_du_bail_recalcule_l_echeance(monde):
    """Editing a procedure's lease date moves the CDP's deadline at once, not at night."""
    agent = monde.secretariat
    menage = services.creer_menage(
        departement=monde.departement,
        par=agent,
        membres=[{"nom": "Bail", "prenom": "Ana", "lien": LienMembre.DEMANDEUR}],
        adresse="3 rue du Bail",
        commune=monde.commune,
    )
    procedure = services.creer_procedure_du_menage(
        menage,
        par=agent,
        bailleur_nom="SCI du Bail",
        bailleur_nature=NatureBailleur.PERSONNE_MORALE,
        locataires="Mme Bail",
        adresse="3 rue du Bail",
        commune=monde.commune,
        parc=Parc.PRIVE,
        motif=Motif.IMPAYES,
        loyer_hc=Decimal(600),
        date_bail=date(2015, 3, 1),
    )
    services.ajouter_acte(
        menage, procedure, par=agent, type=TypeActe.CDP, date=timezone.localdate()
    )
    avant = Menage.objects.get(pk=menage.pk).prochaine_echeance
    procedure.refresh_from_db()
    services.modifier_procedure(
        menage, procedure, par=agent, version_lue=procedure.version, date_bail=date(2024, 1, 1)
    )
    procedure.refresh_from_db()
    apres = Menage.objects.get(pk=menage.pk).prochaine_echeance
    assert avant != apres
    assert procedure.prochaine_echeance == apres
    verifier([menage])


def test_chaque_sous_requete_du_resume_est_calculee_une_fois(db):
    """The stage, the latest debt and the latest act's date are sub-selects of `calcul`;
    inlined into the UPDATE, PostgreSQL planned each of them twice (in the IS DISTINCT FROM
    test and in SET) and ran both for every changed household."""
    sql = resume._MISE_A_JOUR.format(
        condition="m.id = ANY(%(ids)s)", condition_t="t.id = ANY(%(ids)s)"
    )
    with connection.cursor() as curseur:
        curseur.execute(
            "EXPLAIN (FORMAT JSON) " + sql, {"ids": [1, 2], "aujourd_hui": date(2026, 1, 1)}
        )
        (plan,) = curseur.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)

    sous_plans = [
        n["Subplan Name"] for n in noeuds(plan["Plan"]) if n.get("Parent Relationship") == "SubPlan"
    ]
    # Stage, latest debt, latest act's date (its MAX is an InitPlan inside a SubPlan).
    assert len(sous_plans) == 3, sous_plans
