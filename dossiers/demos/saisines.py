"""Demo referrals and administrative reports: partners' accounts, one complex referral at
every status, imported reports (CDP, CAF, prior referrals) from generated files in the
documented format, dispatched by saved rules, some acknowledged.

Idempotent: referrals carry fixed keys, reports fixed source references (the import skips
them the second time), rules are looked up by name."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from ccapex.demo import MOT_DE_PASSE_DEMO, Demo
from dossiers import journal
from dossiers.enums import CanalSaisine, NatureSaisine, StatutSaisine, TypeMessage
from dossiers.imports.exemples import en_csv, generer
from dossiers.imports.formats import FORMATS
from dossiers.imports.service import importer
from dossiers.models import Menage, MessageSaisine, Saisine
from dossiers.numerotation import reserver_numeros
from partenaires.enums import OrigineSaisine, Role
from partenaires.models import Adhesion, Utilisateur

COMPTES = [
    ("Partenaire (CCAS)", "ccas@ccapex.example", "Leïla", "Haddad", "CCAS de Grigny-le-Haut"),
    ("Partenaire (association)", "association@ccapex.example", "Marc", "Petit",
     "Association Droit au Toit 96"),
    ("Partenaire (MDS Montclair)", "mds-montclair@ccapex.example", "Awa", "Camara",
     "MDS de Montclair-la-Forêt"),
]  # fmt: skip

# (status, what the partner asks) — orientée and prise en charge are the reports' statuses.
SAISINES = [
    (StatutSaisine.BROUILLON, "Brouillon : à compléter avant l’envoi."),
    (StatutSaisine.SOUMISE, "Demande de délais de paiement et d’une aide du FSL."),
    (StatutSaisine.INCOMPLETE, "Examen de la situation avant l’audience."),
    (StatutSaisine.COMPLETEE, "Relogement adapté : la famille a déposé une demande DALO."),
    (StatutSaisine.RECEVABLE, "Plan d’apurement non respecté, audience dans deux mois."),
    (StatutSaisine.IRRECEVABLE, "Demande de relogement sans procédure en cours."),
]

# Saved dispatch rules: (name, criteria, organisation name).


def peupler(demo: Demo) -> None:
    _comptes(demo)
    with transaction.atomic():
        _saisines_a_chaque_statut(demo)
    _signalements_importes(demo)


def _comptes(demo: Demo) -> None:
    organisations = demo.objets["organisations"]
    for label, email, prenom, nom, organisation in COMPTES:
        user = Utilisateur.objects.filter(email=email).first()
        if user is None:
            user = Utilisateur.objects.create_user(
                email=email, password=MOT_DE_PASSE_DEMO, prenom=prenom, nom=nom
            )
        Adhesion.objects.get_or_create(
            utilisateur=user, organisation=organisations[organisation], role=Role.PARTENAIRE
        )
        demo.comptes.append((label, email))


def _cle(statut: str) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"https://ccapex.example/demo/saisine/{statut}")


def _saisines_a_chaque_statut(demo: Demo) -> None:
    departement = demo.objets["departement"]
    bailleur = demo.objets["organisations"]["Orge Habitat (OPH)"]
    auteur = Utilisateur.objects.filter(email="partenaire@ccapex.example").first()
    secretariat = Utilisateur.objects.filter(email="secretariat@ccapex.example").first()
    existantes = set(
        Saisine.objects.filter(cle_idempotence__in=[_cle(s) for s, _ in SAISINES]).values_list(
            "cle_idempotence", flat=True
        )
    )
    a_creer = [(s, d) for s, d in SAISINES if _cle(s) not in existantes]
    if not a_creer:
        return
    rng, maintenant = demo.rng, timezone.now()
    communes = demo.objets["communes"]
    menage = (
        Menage.objects.filter(departement=departement, menageprocedure__isnull=False)
        .order_by("numero")
        .first()
    )
    envoyees = [s for s, _ in a_creer if s != StatutSaisine.BROUILLON]
    numeros = iter(
        reserver_numeros(
            departement=departement,
            annee=demo.aujourd_hui.year,
            serie="saisine",
            nombre=len(envoyees),
        )
        if envoyees
        else []
    )
    saisines = []
    for rang, (statut, demande) in enumerate(a_creer):
        envoyee = statut != StatutSaisine.BROUILLON
        jour = demo.aujourd_hui - timedelta(days=40 - 5 * rang)
        saisine = Saisine(
            cle_idempotence=_cle(statut),
            departement=departement,
            nature=NatureSaisine.COMPLEXE,
            canal=CanalSaisine.FORMULAIRE_PARTENAIRE,
            origine=OrigineSaisine.BAILLEURS,
            organisation=bailleur,
            deposee_par=auteur,
            statut=statut,
            numero=next(numeros) if envoyee else None,
            nom=rng.choice(["Traoré", "Lambert", "Roux", "Mercier", "Nguyen", "Sylla"]),
            prenom=rng.choice(["Aminata", "Céline", "Patrick", "Inès", "Mohamed"]),
            date_naissance=date(1970 + rang, 3, 12),
            telephone="0612345678",
            adresse=f"{10 + rang} rue de la République",
            commune=communes[rang % len(communes)],
            nb_adultes=1,
            nb_enfants=rang % 3,
            bailleur_organisation=bailleur,
            bailleur_nom=bailleur.nom,
            bailleur_nature="bailleur_social",
            parc="social",
            motif="impayes",
            stade_declare="cdp",
            actes_connus=[{"type": "cdp", "date": (jour - timedelta(days=30)).isoformat()}],
            loyer_hc=480 + 20 * rang,
            montant_dette=2400 + 300 * rang,
            date_dette=jour,
            mois_impayes=4,
            demande=demande,
            consentement_saisine=True,
            consentement_partage=True,
            consentement_recueilli_par="Sophie Lemaire",
            consentement_date=jour,
            consentement_mode="ecrit",
            soumise_le=maintenant - timedelta(days=40 - 5 * rang) if envoyee else None,
        )
        if statut == StatutSaisine.RECEVABLE and menage is not None:
            saisine.menage = menage
            saisine.procedure = menage.procedures.first()
        if statut in (StatutSaisine.RECEVABLE, StatutSaisine.IRRECEVABLE):
            saisine.traitee_par, saisine.traitee_le = secretariat, maintenant
        if statut == StatutSaisine.IRRECEVABLE:
            saisine.motif_irrecevabilite = "Aucune procédure d’expulsion n’est engagée."
        saisines.append(saisine)
    Saisine.objects.bulk_create(saisines)
    messages = []
    for saisine in saisines:
        if saisine.statut in (StatutSaisine.INCOMPLETE, StatutSaisine.COMPLETEE):
            messages.append(
                MessageSaisine(
                    saisine=saisine,
                    type=TypeMessage.DEMANDE_COMPLEMENT,
                    auteur=secretariat,
                    texte="Merci de joindre le décompte de la dette et le commandement de payer.",
                )
            )
        if saisine.statut == StatutSaisine.COMPLETEE:
            messages.append(
                MessageSaisine(
                    saisine=saisine,
                    type=TypeMessage.REPONSE,
                    auteur=auteur,
                    texte="Le décompte est joint à la saisine.",
                )
            )
    MessageSaisine.objects.bulk_create(messages)
    journal.ecrire_en_masse(
        journal.ligne(
            journal.TypeEvenement.SAISINE_RECUE,
            f"Saisine {s.numero} reçue (données de démonstration)",
            par=auteur,
            menage=s.menage,
            saisine=s,
        )
        for s in saisines
        if s.numero
    )


def _signalements_importes(demo: Demo) -> None:
    """Reports generated in the documented format and imported like a real file; a few
    carry the CAF number of a demo household, so that they are matched to it."""
    departement = demo.objets["departement"]
    codes = [c.code_insee for c in demo.objets["communes"]]
    allocataires = list(
        Menage.objects.filter(departement=departement)
        .exclude(numero_allocataire="")
        .order_by("numero")
        .values_list("numero_allocataire", flat=True)[:50]
    )
    secretariat = Utilisateur.objects.filter(email="secretariat@ccapex.example").first()
    for type_, part in (("cdp", 2), ("caf", 5), ("prealable", 10)):
        nombre = max(5, demo.menages // part)
        lignes = generer(
            type_,
            nombre,
            codes_communes=codes,
            aujourd_hui=demo.aujourd_hui,
            graine=demo.graine,
            prefixe="DEMO-",
        )
        for rang, numero in enumerate(allocataires[: nombre // 10]):
            lignes[rang * 10]["numero_allocataire"] = numero
        rapport = importer(
            en_csv(type_, lignes),
            "csv",
            spec=FORMATS[type_],
            departement=departement,
            par=secretariat,
            simulation=False,
            aujourd_hui=demo.aujourd_hui,
        )
        c = rapport.compteurs
        if c["creee"] or c["rapprochee"]:
            demo.log(
                f"signalements {type_} : {c['creee'] + c['rapprochee']} importés "
                f"(dont {c['rapprochee']} rattachés à un dossier)"
            )
