"""Demo households at every stage of the procedure, in bulk (20 000 in about a minute).

Idempotent: the département is topped up to the requested number of households."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import connection, transaction

from ccapex.demo import Demo
from dossiers import journal, recherche, resume
from dossiers.enums import AideLogement, LienMembre, NatureRessource, StatutDLS, Vulnerabilite
from dossiers.models import MembreMenage, Menage, MenageProcedure, Ressource
from dossiers.numerotation import reserver_numeros
from procedure.deadlines import dans_la_treve, prochaine_echeance
from procedure.enums import (
    IssueJugement,
    Motif,
    NatureBailleur,
    Parc,
    Presence,
    SourceActe,
    TypeActe,
)
from procedure.models import ActeProcedure, EtatDette, Procedure, RegleJuridique
from procedure.referentiel import Referentiel
from procedure.services import enregistrer_echeances

NOMS = [
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Vincent", "Fournier", "Morel", "Girard", "André", "Lefebvre", "Mercier", "Dupont",
    "Lambert", "Bonnet", "François", "Martinez", "Diallo", "Traoré", "Benali", "Nguyen",
    "Haddad", "Mendy", "Da Silva", "Koné", "Bouzid", "Camara", "Sylla", "Hamidi",
]  # fmt: skip
PRENOMS = [
    "Nathalie", "Isabelle", "Sylvie", "Catherine", "Sandrine", "Aminata", "Fatoumata", "Nadia",
    "Sophie", "Céline", "Jean", "Philippe", "Michel", "Alain", "Patrick", "Karim", "Mamadou",
    "Mohamed", "Stéphane", "Christophe", "Julien", "Hélène", "Inès", "Léa", "Yasmine", "Kevin",
]  # fmt: skip
RUES = [
    "rue de la République", "avenue Jean-Jaurès", "rue Victor-Hugo", "allée des Tilleuls",
    "rue des Écoles", "place de la Mairie", "rue Pasteur", "résidence Les Peupliers",
    "avenue du Général-de-Gaulle", "rue Jules-Ferry", "chemin des Vignes", "rue du Moulin",
]  # fmt: skip
MOTIFS = [
    (Motif.IMPAYES, 59),
    (Motif.CONGE_VENTE, 8),
    (Motif.CONGE_REPRISE, 4),
    (Motif.OSDNT, 17),
    (Motif.TROUBLES, 4),
    (Motif.AUTRE, 8),
]
# The last act of each household's procedure: a spread over every stage.
STADES = [
    (None, 4), (TypeActe.SIGNALEMENT_CAF, 6), (TypeActe.CDP, 20), (TypeActe.ASSIGNATION, 14),
    (TypeActe.JUGEMENT, 12), (TypeActe.CQL, 12), (TypeActe.REQUISITION_CFP, 12),
    (TypeActe.OCTROI_CFP, 8), (TypeActe.REFUS_CFP, 2), (TypeActe.EXPULSION, 4),
    (TypeActe.DEPART_VOLONTAIRE, 3), (TypeActe.PCS_SIGNE, 3),
]  # fmt: skip
ORDRE = [
    TypeActe.SIGNALEMENT_CAF, TypeActe.CDP, TypeActe.ASSIGNATION, TypeActe.JUGEMENT,
    TypeActe.CQL, TypeActe.REQUISITION_CFP, TypeActe.OCTROI_CFP, TypeActe.EXPULSION,
]  # fmt: skip
# Days between an act and the next, as practice goes.
ECARTS = {
    TypeActe.SIGNALEMENT_CAF: (30, 90), TypeActe.CDP: (60, 150), TypeActe.ASSIGNATION: (45, 90),
    TypeActe.JUGEMENT: (40, 90), TypeActe.CQL: (65, 120), TypeActe.REQUISITION_CFP: (30, 70),
    TypeActe.OCTROI_CFP: (20, 60),
}  # fmt: skip
LOT = 2000
CONCLUSIONS = {
    TypeActe.EXPULSION, TypeActe.REFUS_CFP, TypeActe.DEPART_VOLONTAIRE, TypeActe.PCS_SIGNE,
}  # fmt: skip


def _tirer(rng, ponderes):
    valeurs, poids = zip(*ponderes, strict=True)
    return rng.choices(valeurs, weights=poids)[0]


def peupler(demo: Demo) -> None:
    departement = demo.objets["departement"]
    deja = Menage.objects.filter(departement=departement).count()
    manquants = demo.menages - deja
    if manquants <= 0:
        return
    # The legal rules read once: without them each procedure's deadlines query them again.
    regles = RegleJuridique.objects.referentiel(departement_code=departement.code)
    for debut in range(0, manquants, LOT):
        with transaction.atomic():
            _creer_lot(demo, departement, min(LOT, manquants - debut), regles)
    if manquants > LOT:
        with connection.cursor() as curseur:
            curseur.execute("ANALYZE")  # planner statistics after a bulk load
    # The stored summaries in one set-based pass, once the statistics are known (per chunk,
    # on tables the planner still believed empty, it slowed down chunk after chunk).
    resume.reconstruire(departement_ids=[departement.pk], aujourd_hui=demo.aujourd_hui)
    demo.log(f"ménages : {manquants} créés ({demo.menages} au total)")


def _creer_lot(demo: Demo, departement, nombre: int, regles: Referentiel) -> None:
    rng, aujourd_hui = demo.rng, demo.aujourd_hui
    communes = demo.objets["communes"]
    bailleurs_sociaux = [
        o for o in demo.objets["organisations"].values() if o.type == "bailleur_social"
    ]
    numeros = reserver_numeros(
        departement=departement, annee=aujourd_hui.year, serie="dossier", nombre=nombre
    )
    menages, procedures, plans = [], [], []
    for numero in numeros:
        commune = rng.choice(communes)
        adresse = f"{rng.randint(1, 120)} {rng.choice(RUES)}"
        parc = Parc.SOCIAL if rng.random() < 0.6 else Parc.PRIVE
        vulnerabilites = [v for v in Vulnerabilite.values if rng.random() < 0.12]
        menages.append(
            Menage(
                numero=numero,
                departement=departement,
                adresse=adresse,
                commune=commune,
                telephone=f"06{rng.randint(10000000, 99999999)}",
                organisme_payeur="caf",
                numero_allocataire=str(rng.randint(1000000, 9999999)),
                aide_logement=AideLogement.APL if rng.random() < 0.55 else AideLogement.AUCUNE,
                vulnerabilites=vulnerabilites,
                connu_services_sociaux=rng.random() < 0.47,
                dls_statut=_tirer(
                    rng,
                    [
                        (StatutDLS.ACTIVE, 36),
                        (StatutDLS.AUCUNE, 55),
                        (StatutDLS.RADIEE_NON_RENOUVELLEMENT, 6),
                        (StatutDLS.RADIEE_ATTRIBUTION, 3),
                    ],
                ),
                dalo_depose=(dalo := rng.random() < 0.1),
                dalo_prioritaire=dalo and rng.random() < 0.5,
            )
        )
        loyer = Decimal(rng.randint(380, 1100))
        social = parc == Parc.SOCIAL
        procedures.append(
            Procedure(
                bailleur_organisation=rng.choice(bailleurs_sociaux) if social else None,
                bailleur_nom=""
                if social
                else rng.choice(["SCI du Parc", "M. Roger Blanc", "Immobilière Orge Gestion"]),
                bailleur_nature=NatureBailleur.BAILLEUR_SOCIAL
                if social
                else rng.choice(
                    [
                        NatureBailleur.PERSONNE_PHYSIQUE,
                        NatureBailleur.SCI_FAMILIALE,
                        NatureBailleur.PERSONNE_MORALE,
                    ]
                ),
                locataires="",
                adresse=adresse,
                commune=commune,
                parc=parc,
                motif=_tirer(rng, MOTIFS),
                loyer_hc=loyer,
                charges=Decimal(rng.randint(40, 160)),
                numero_rg=f"{rng.randint(20, 26)}/{rng.randint(1000, 99999):05d}",
            )
        )
        plans.append(_plan_des_actes(rng, aujourd_hui, _tirer(rng, STADES)))
        procedures[-1].date_bail = _date_du_bail(len(procedures), plans[-1])
    Menage.objects.bulk_create(menages)
    membres, ressources = [], []
    for menage, procedure in zip(menages, procedures, strict=True):
        nom = rng.choice(NOMS)
        adultes = [(rng.choice(PRENOMS), LienMembre.DEMANDEUR)]
        if rng.random() < 0.4:
            adultes.append((rng.choice(PRENOMS), LienMembre.CONJOINT))
        for prenom, lien in adultes:
            naissance = aujourd_hui - timedelta(
                days=365 * rng.randint(22, 78) + rng.randint(0, 364)
            )
            membres.append(
                MembreMenage(
                    menage=menage, nom=nom, prenom=prenom, date_naissance=naissance, lien=lien
                )
            )
        for _ in range(rng.choice([0, 0, 1, 2, 3])):
            naissance = aujourd_hui - timedelta(days=rng.randint(200, 365 * 17))
            membres.append(
                MembreMenage(
                    menage=menage,
                    nom=nom,
                    prenom=rng.choice(PRENOMS),
                    date_naissance=naissance,
                    lien=LienMembre.ENFANT,
                )
            )
        ressources.append(
            Ressource(
                menage=menage,
                montant_mensuel=Decimal(rng.randint(500, 2200)),
                nature=rng.choice(
                    [
                        NatureRessource.SALAIRE,
                        NatureRessource.RSA,
                        NatureRessource.CHOMAGE,
                        NatureRessource.AAH,
                        NatureRessource.RETRAITE,
                    ]
                ),
            )
        )
        procedure.locataires = " et ".join(f"{p} {nom}" for p, _ in adultes)
    MembreMenage.objects.bulk_create(membres)
    Ressource.objects.bulk_create(ressources)
    Procedure.objects.bulk_create(procedures)
    MenageProcedure.objects.bulk_create(
        [MenageProcedure(menage=m, procedure=p) for m, p in zip(menages, procedures, strict=True)]
    )
    recherche.actualiser(m.pk for m in menages)
    actes, dettes = [], []
    for procedure, plan in zip(procedures, plans, strict=True):
        # Months of rent owed: mostly a few, sometimes years (debts over 10 000 and 50 000 €).
        mois = rng.choices(
            [rng.randint(2, 5), rng.randint(12, 30), rng.randint(55, 90)], weights=[92, 7, 1]
        )[0]
        dette = Decimal(mois) * procedure.loyer_hc
        for type_, jour, extra in plan:
            actes.append(
                ActeProcedure(
                    procedure=procedure,
                    type=type_,
                    date=jour,
                    source=SourceActe.SECRETARIAT,
                    **extra,
                )
            )
            if type_ in {
                TypeActe.SIGNALEMENT_CAF,
                TypeActe.CDP,
                TypeActe.ASSIGNATION,
                TypeActe.JUGEMENT,
            }:
                dettes.append(EtatDette(procedure=procedure, date=jour, montant=dette))
                dette += Decimal(rng.randint(0, 3)) * procedure.loyer_hc
    ActeProcedure.objects.bulk_create(actes, batch_size=5000)
    EtatDette.objects.bulk_create(dettes, batch_size=5000)
    par_procedure: dict[int, dict] = {p.pk: {"actes": [], "dettes": []} for p in procedures}
    for acte in actes:
        par_procedure[acte.procedure_id]["actes"].append(acte)
    for dette_ in dettes:
        par_procedure[dette_.procedure_id]["dettes"].append(dette_)
    for procedure in procedures:
        procedure._prefetched_objects_cache = par_procedure[procedure.pk]
        prochaine = prochaine_echeance(procedure.echeances(aujourd_hui, regles))
        procedure.prochaine_echeance = prochaine.date if prochaine else None
        procedure.prochaine_echeance_libelle = prochaine.libelle if prochaine else ""
    enregistrer_echeances(procedures)
    journal.ecrire_en_masse(
        journal.ligne(
            journal.TypeEvenement.MENAGE_CREE,
            f"Dossier {m.numero} créé (données de démonstration)",
            menage=m,
        )
        for m in menages
    )


# The 2023 law (6 weeks to pay a CDP) applies to leases signed from this day; leases in
# progress keep their 2 months (Cass., avis 13 June 2024, n° 24-70.002).
LOI_2023 = date(2023, 7, 29)


def _date_du_bail(rang: int, plan: list[tuple]) -> date | None:
    """Leases signed before 29 July 2023 (2 months to pay the CDP), after it (6 weeks), and
    unknown (both dates shown), one in three each, whenever the acts allow it. Drawn from
    the rank, not the random generator, so the rest of the demo stays the same."""
    premier = min((jour for _, jour, _ in plan), default=None)
    if rang % 3 == 0:
        return None
    if rang % 3 == 1 and (premier is None or premier >= LOI_2023 + timedelta(days=400)):
        return LOI_2023 + timedelta(days=30 * (rang % 12))
    ancien = date(2012 + rang % 10, 1 + rang % 12, 1)
    return min(ancien, premier - timedelta(days=365)) if premier else ancien


def _plan_des_actes(rng, aujourd_hui: date, dernier) -> list[tuple]:
    """Acts up to `dernier`, in a legal order and with realistic gaps, ending before today."""
    if dernier is None:
        return []
    finaux = {TypeActe.REFUS_CFP, TypeActe.DEPART_VOLONTAIRE, TypeActe.PCS_SIGNE}
    chaine = ORDRE[: ORDRE.index(dernier) + 1] if dernier not in finaux else None
    if dernier == TypeActe.REFUS_CFP:
        chaine = [*ORDRE[:6], TypeActe.REFUS_CFP]
    elif dernier == TypeActe.DEPART_VOLONTAIRE:
        chaine = [*ORDRE[1:5], TypeActe.DEPART_VOLONTAIRE]
    elif dernier == TypeActe.PCS_SIGNE:
        chaine = [*ORDRE[1:4], TypeActe.PCS_SIGNE]
    if rng.random() < 0.5 and chaine[0] == TypeActe.SIGNALEMENT_CAF:
        chaine = chaine[1:] or [TypeActe.SIGNALEMENT_CAF]
    duree = sum(sum(ECARTS.get(t, (30, 60))) // 2 for t in chaine[:-1])
    # Concluded procedures reach back five years and a third of the others two: the annual
    # balance then has a history to compare with (changes on one and on five years).
    if dernier in CONCLUSIONS:
        recul = rng.randint(5, 5 * 365 if rng.random() < 0.6 else 365)
    else:
        recul = rng.randint(5, 120) + (rng.randint(0, 2 * 365) if rng.random() < 0.3 else 0)
    jour = aujourd_hui - timedelta(days=duree + recul)
    plan = []
    for index, type_ in enumerate(chaine):
        if type_ == TypeActe.EXPULSION:
            while dans_la_treve(jour):  # never during the winter truce
                jour += timedelta(days=7)
        if jour >= aujourd_hui:
            break
        extra = {}
        if type_ == TypeActe.CDP:
            extra["mois_impayes"] = rng.randint(2, 8)
        elif type_ == TypeActe.ASSIGNATION:
            extra["date_notification_prefet"] = jour + timedelta(days=3)
            extra["date_audience"] = jour + timedelta(days=rng.randint(50, 80))
        elif type_ == TypeActe.JUGEMENT:
            ordonnee = TypeActe.CQL in chaine or dernier == TypeActe.PCS_SIGNE
            extra["issue_jugement"] = (
                IssueJugement.EXPULSION_ORDONNEE
                if ordonnee or rng.random() < 0.5
                else IssueJugement.DELAIS_ACCORDES
            )
            extra["presence"] = rng.choice(
                [Presence.PRESENT, Presence.REPRESENTE, Presence.ABSENT, Presence.ABSENT]
            )
        elif type_ == TypeActe.OCTROI_CFP:
            extra["date_expulsion_prevue"] = jour + timedelta(days=rng.randint(15, 90))
        plan.append((type_, jour, extra))
        bas, haut = ECARTS.get(type_, (30, 60))
        if index + 1 < len(chaine):
            jour = jour + timedelta(days=rng.randint(bas, haut))
    return plan
