"""Demo decisions of the commission: every nature and every status, a suspension of the
housing aid notified with its letters, a decision replaced by one taken by written
procedure, FSL and SIAO referrals, and bailiffs' reports oriented by decision.

Idempotent: a département that already has decisions gets none. Rows go in bulk; the
notification letters of a handful of decisions are real PDFs rendered by the decisions
service, the others share one demo PDF (speed). Decisions are taken in the past sessions that
examined the household, or by written procedure when the demo has too few sessions.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from ccapex.demo import Demo
from ccapex.pdf import rendre_pdf
from commission.enums import NatureDecision, NatureExamen, StatutSeance, TypeCourrier
from commission.enums import StatutDecision as S
from commission.models import Courrier, Decision, Examen, TypeDecision
from commission.services.decisions import contexte_de_notification, organisations_avec_compte
from dossiers.enums import CanalSaisine, NatureSaisine, StatutSaisine
from dossiers.journal import TypeEvenement, ecrire_en_masse, ligne
from dossiers.models import Menage, Saisine
from dossiers.numerotation import reserver_numeros
from partenaires.enums import OrigineSaisine, TypeOrganisation
from partenaires.models import Utilisateur
from procedure.calendrier import ajouter_mois

PARIS = ZoneInfo("Europe/Paris")
N = NatureDecision

DESTINATAIRES = {
    N.AIDE_MAINTIEN: TypeOrganisation.CAF,
    N.AIDE_SUSPENSION: TypeOrganisation.CAF,
    N.AIDE_REPRISE: TypeOrganisation.CAF,
    N.SAISINE_FSL: TypeOrganisation.CONSEIL_DEPARTEMENTAL,
    N.SAISINE_SIAO: TypeOrganisation.SIAO,
    N.AUTRE: TypeOrganisation.SERVICE_SOCIAL,
}
# Who bailiffs' reports are oriented to, in turn.
ORIENTATIONS = [
    TypeOrganisation.SERVICE_SOCIAL,
    TypeOrganisation.CCAS,
    TypeOrganisation.ADIL,
    TypeOrganisation.SERVICE_SOCIAL,
    TypeOrganisation.ASSOCIATION,
]
# Shown whatever the size of the demo, on the most recent examinations at least 90 days old:
# the first one gets real notification letters; the « remplacée » one is replaced by a
# resumption of the aid taken by written procedure.
GARANTIES = [
    (N.AIDE_SUSPENSION, S.NOTIFIEE),
    (N.AIDE_SUSPENSION, S.REMPLACEE),
    (N.AIDE_MAINTIEN, S.EXECUTEE),
    (N.AIDE_SUSPENSION, S.LEVEE),
    (N.AIDE_MAINTIEN, S.EXPIREE),
    (N.SAISINE_FSL, S.EXECUTEE),
    (N.SAISINE_FSL, S.NOTIFIEE),
    (N.SAISINE_SIAO, S.EXECUTEE),
    (N.SAISINE_SIAO, S.NOTIFIEE),
    (N.AUTRE, S.EXECUTEE),
]
# The other examinations: one in three gets a decision of one of these natures (a
# resumption of the aid only follows a suspension: see the replaced decision).
AU_HASARD = [N.AIDE_MAINTIEN, N.AIDE_SUSPENSION, N.SAISINE_FSL, N.SAISINE_SIAO]
MOTIFS = {
    N.AIDE_MAINTIEN: "Reprise du paiement du loyer courant et plan d’apurement respecté.",
    N.AIDE_SUSPENSION: "Aucun paiement depuis six mois malgré le plan d’apurement proposé.",
    N.AIDE_REPRISE: "Le ménage a repris le paiement du loyer et respecte le plan d’apurement.",
    N.SAISINE_FSL: "Dette apurable avec une aide du fonds ; ménage de bonne foi.",
    N.SAISINE_SIAO: "Expulsion prochaine sans solution de relogement identifiée.",
    N.ORIENTATION: "Ménage inconnu des services ; premier contact à établir.",
    N.AUTRE: "Situation à évaluer avant tout examen en commission.",
}
AUTRE = ("diagnostic_social", "Demande d’un diagnostic social et financier")
LETTRES_REELLES = 2  # decisions whose letters are real PDFs
NOMBRE_ORIENTATIONS = 8


def peupler(demo: Demo) -> None:
    departement = demo.objets["departement"]
    # Orientation decisions come from the orientation demo (rules applied to the reports).
    faites = Decision.objects.filter(menage__departement=departement).exclude(
        type__code="orientation_signalement", saisine__isnull=False
    )
    if faites.exists():
        demo.log("décisions : déjà présentes")
        return
    menages = list(
        Menage.objects.filter(departement=departement).order_by("pk").values_list("pk", flat=True)
    )
    if not menages:
        demo.log("décisions : aucun ménage, aucune créée")
        return
    with transaction.atomic():
        decisions = _decisions(demo, departement, menages)
    demo.log(f"décisions : {decisions} prises, notifiées, exécutées, levées ou remplacées")


def _moment(jour: date, heure: int = 10) -> datetime:
    return datetime.combine(jour, time(heure), tzinfo=PARIS)


class _Atelier:
    """What the demo needs to build a decision and its sequel."""

    def __init__(self, demo: Demo, departement):
        self.demo = demo
        self.aujourd_hui = demo.aujourd_hui
        self.secretariat = Utilisateur.objects.filter(email="secretariat@ccapex.example").first()
        par_type = {}
        for organisation in sorted(demo.objets["organisations"].values(), key=lambda o: o.nom):
            par_type.setdefault(organisation.type, organisation)
        self.par_type = par_type
        TypeDecision.objects.get_or_create(
            departement=departement,
            code=AUTRE[0],
            defaults={
                "libelle": AUTRE[1],
                "nature": N.AUTRE,
                "base_legale": "Loi n° 90-449 du 31 mai 1990, art. 7-2 ; règlement intérieur",
                "ordre": 10,
            },
        )
        self.types = {}
        for type_ in TypeDecision.objects.du_departement(departement.pk).order_by(
            "departement_id", "ordre"
        ):
            self.types.setdefault(type_.nature, type_)

    def decision(self, *, menage_id, nature, statut, prise_le, seance=None, destinataire=None):
        """An unsaved decision taken at `prise_le`, notified two days later unless `statut`
        is « prise », then carried out, lifted or expired as `statut` says."""
        type_ = self.types[nature]
        organisation = destinataire or self.par_type[DESTINATAIRES[nature]]
        decision = Decision(
            menage_id=menage_id,
            type=type_,
            seance=seance,
            procedure_ecrite=seance is None,
            base_legale=type_.base_legale or "Loi n° 90-449 du 31 mai 1990, art. 7-2",
            motifs=MOTIFS[nature],
            destinataire_organisation=organisation,
            date_effet=prise_le.date(),
            statut=statut,
            prise_le=prise_le,
            prise_par=self.secretariat,
        )
        if statut == S.PRISE:
            return decision
        notifiee = prise_le + timedelta(days=2)
        decision.notification_demandee_le = prise_le + timedelta(hours=1)
        decision.notifiee_le = notifiee
        decision.date_effet = (
            ajouter_mois(notifiee.date().replace(day=1), 1)
            if nature == N.AIDE_SUSPENSION
            else notifiee.date()
        )
        if statut == S.EXECUTEE:
            decision.executee_le = notifiee + timedelta(days=10)
        elif statut == S.LEVEE:
            decision.terminee_le = notifiee + timedelta(days=45)
            decision.terminee_par = self.secretariat
            decision.motif_fin = "Le ménage a soldé sa dette."
        elif statut == S.EXPIREE:
            decision.date_fin = decision.date_effet + timedelta(days=30)
            decision.terminee_le = _moment(decision.date_fin + timedelta(days=1), 2)
        return decision

    def issue_au_hasard(self, prise_le: datetime):
        """An outcome the time since the decision allows (nothing ends in the future)."""
        age = (self.aujourd_hui - prise_le.date()).days
        tirage = self.demo.rng.random()
        if age < 5:
            return S.PRISE
        if age > 90 and tirage < 0.1:
            return S.LEVEE
        if age > 90 and tirage < 0.2:
            return S.EXPIREE
        return S.EXECUTEE if age > 15 and tirage < 0.7 else S.NOTIFIEE


def _decisions(demo: Demo, departement, menages: list[int]) -> int:
    atelier = _Atelier(demo, departement)
    rng, aujourd_hui = demo.rng, demo.aujourd_hui
    examens = list(
        Examen.objects.filter(
            seance__commission__departement=departement,
            seance__statut=StatutSeance.CLOSE,
            nature=NatureExamen.PREMIER_EXAMEN,
        )
        .select_related("seance")
        .order_by("-seance__date", "pk")
    )
    anciens = [e for e in examens if (aujourd_hui - e.seance.date.date()).days >= 90]
    decisions = []
    for rang, (nature, statut) in enumerate(GARANTIES):
        if rang < len(anciens):
            examen = anciens[rang]
            menage_id, seance, prise_le = examen.menage_id, examen.seance, examen.seance.date
        else:  # too few sessions: by written procedure, in the last months
            menage_id, seance = menages[rang % len(menages)], None
            prise_le = _moment(aujourd_hui - timedelta(days=100 + 7 * rang))
        decisions.append(
            atelier.decision(
                menage_id=menage_id,
                nature=nature,
                statut=statut,
                prise_le=prise_le,
                seance=seance,
            )
        )
    # One taken at the latest session (or three days ago), still to notify.
    recent = examens[0] if examens else None
    decisions.append(
        atelier.decision(
            menage_id=recent.menage_id if recent else menages[-1],
            nature=N.SAISINE_FSL,
            statut=S.PRISE,
            prise_le=recent.seance.date if recent else _moment(aujourd_hui - timedelta(days=3)),
            seance=recent.seance if recent else None,
        )
    )
    for examen in examens[1:]:
        if examen in anciens[: len(GARANTIES)] or rng.random() > 1 / 3:
            continue
        decisions.append(
            atelier.decision(
                menage_id=examen.menage_id,
                nature=rng.choice(AU_HASARD),
                statut=atelier.issue_au_hasard(examen.seance.date),
                prise_le=examen.seance.date,
                seance=examen.seance,
            )
        )
    # The replaced suspension ends when the resumption that replaces it is taken.
    ancienne = decisions[1]
    remplacee_le = ancienne.notifiee_le + timedelta(days=30)
    ancienne.terminee_le, ancienne.terminee_par = remplacee_le, atelier.secretariat
    decisions = bulk_create_with_history(decisions, Decision, default_user=atelier.secretariat)
    nouvelle = atelier.decision(
        menage_id=ancienne.menage_id,
        nature=N.AIDE_REPRISE,
        statut=S.EXECUTEE,
        prise_le=remplacee_le,
    )
    nouvelle.remplace = decisions[1]
    orientations = _orientations(atelier, departement, menages)
    suites = bulk_create_with_history(
        [nouvelle, *orientations], Decision, default_user=atelier.secretariat
    )
    decisions += suites
    _saisines_orientees(atelier, departement, suites[1:])
    _notifications(atelier, decisions)
    _journal(decisions, atelier.secretariat)
    return len(decisions)


def _orientations(atelier: _Atelier, departement, menages: list[int]) -> list[Decision]:
    """Bailiffs' reports oriented by written procedure: the report received 3 to 40 days
    before the decision, spread over the last 13 months (the balance's median delay)."""
    rng, aujourd_hui = atelier.demo.rng, atelier.aujourd_hui
    deja = set(
        Saisine.objects.filter(canal=CanalSaisine.CDP, menage_id__in=menages).values_list(
            "menage_id", flat=True
        )
    )
    libres = [pk for pk in reversed(menages) if pk not in deja][:NOMBRE_ORIENTATIONS]
    decisions = []
    for rang, menage_id in enumerate(libres):
        prise_le = _moment(aujourd_hui - timedelta(days=20 + rang * 390 // NOMBRE_ORIENTATIONS))
        decision = atelier.decision(
            menage_id=menage_id,
            nature=N.ORIENTATION,
            statut=S.EXECUTEE if rang % 2 else S.NOTIFIEE,
            prise_le=prise_le,
            destinataire=atelier.par_type[ORIENTATIONS[rang % len(ORIENTATIONS)]],
        )
        decision.recu_le = prise_le - timedelta(days=rng.randint(3, 40))
        decisions.append(decision)
    return decisions


def _saisines_orientees(atelier: _Atelier, departement, orientations: list[Decision]) -> None:
    """The reports themselves, already oriented to the decision's addressee."""
    menages = Menage.objects.filter(pk__in=[d.menage_id for d in orientations]).avec_resume()
    resumes = {m.pk: m for m in menages}
    par_annee: dict[int, list[Decision]] = {}
    for decision in orientations:
        par_annee.setdefault(decision.recu_le.year, []).append(decision)
    saisines = []
    for annee, lignes in sorted(par_annee.items()):
        numeros = reserver_numeros(
            departement=departement, annee=annee, serie="saisine", nombre=len(lignes)
        )
        for numero, decision in zip(numeros, lignes, strict=True):
            menage = resumes[decision.menage_id]
            saisines.append(
                Saisine(
                    departement=departement,
                    numero=numero,
                    nature=NatureSaisine.ADMINISTRATIVE,
                    canal=CanalSaisine.CDP,
                    origine=OrigineSaisine.PREFECTURE,
                    statut=StatutSaisine.ORIENTEE,
                    reference_source=f"DEMO-ORIENTATION-{decision.pk}",
                    nom=menage.nom_reference or "",
                    prenom=menage.prenom_reference or "",
                    adresse=menage.adresse,
                    commune_id=menage.commune_id,
                    stade_declare="cdp",
                    actes_connus=[{"type": "cdp", "date": decision.recu_le.date().isoformat()}],
                    menage_id=menage.pk,
                    orientee_vers=decision.destinataire_organisation,
                    orientee_le=decision.notifiee_le,
                    soumise_le=decision.recu_le,
                    traitee_le=decision.prise_le,
                )
            )
    Saisine.objects.bulk_create(saisines)


def _notifications(atelier: _Atelier, decisions: list[Decision]) -> None:
    """The two letters of every notified decision: real PDFs for the first ones (among them
    the suspension), still to post; one shared demo PDF for the others, posted."""
    notifiees = [d for d in decisions if d.notifiee_le is not None]
    reelles = {d.pk for d in notifiees[:LETTRES_REELLES]}
    pdf_demo = default_storage.save(
        "courriers/demo/notification-de-demonstration.pdf",
        ContentFile(
            rendre_pdf(
                "commission/pdf/courrier.html",
                {
                    "objet": "Exemplaire de démonstration",
                    "corps": "Notification de démonstration : les données sont fictives.",
                    "destinataire": "Démonstration",
                    "adresse": "",
                    "numero": "—",
                    "date": "",
                    "departement": atelier.demo.objets["departement"].nom,
                    "commission": "CCAPEX",
                },
            )
        ),
    )
    completes = {
        d.pk: d
        for d in Decision.objects.filter(pk__in=reelles).select_related(
            "menage__commune", "menage__departement", "type", "seance", "destinataire_organisation"
        )
    }
    avec_compte = organisations_avec_compte({d.destinataire_organisation_id for d in notifiees})
    courriers = []
    for decision in notifiees:
        for pour_menage in (False, True):
            # As the job does: posted to the household, and to an addressee with no account.
            a_poster = pour_menage or decision.destinataire_organisation_id not in avec_compte
            courrier = Courrier(
                menage_id=decision.menage_id,
                decision=decision,
                type=TypeCourrier.DECISION,
                destinataire_organisation=None
                if pour_menage
                else decision.destinataire_organisation,
                destinataire_menage=pour_menage,
                a_poster=a_poster,
                genere_le=decision.notifiee_le,
                genere_par=atelier.secretariat,
            )
            if decision.pk in reelles:
                contexte = contexte_de_notification(
                    completes[decision.pk],
                    notifiee_le=decision.notifiee_le.date(),
                    pour_menage=pour_menage,
                )
                nom = f"decision-{decision.pk}-{'menage' if pour_menage else 'destinataire'}-v1"
                courrier.fichier.save(
                    f"{nom}.pdf",
                    ContentFile(rendre_pdf("commission/pdf/decision.html", contexte)),
                    save=False,
                )
            else:
                courrier.fichier.name = pdf_demo
                courrier.envoye_le = decision.notifiee_le + timedelta(days=1) if a_poster else None
            courriers.append(courrier)
    Courrier.objects.bulk_create(courriers)


def _journal(decisions: list[Decision], par) -> None:
    lignes = []
    for d in decisions:
        cible = {"menage_id": d.menage_id, "par": par, "donnees": {"decision_id": d.pk}}
        lignes.append(
            ligne(
                TypeEvenement.DECISION_PRISE,
                f"Décision « {d.type} » {d.prise_en}",
                quand=d.prise_le,
                **cible,
            )
        )
        if d.notifiee_le:
            lignes.append(
                ligne(
                    TypeEvenement.DECISION_NOTIFIEE,
                    f"Décision « {d.type} » notifiée à {d.destinataire_organisation.nom} et au "
                    f"ménage, effet au {d.date_effet:%d/%m/%Y}",
                    quand=d.notifiee_le,
                    **cible,
                )
            )
        if d.executee_le:
            lignes.append(
                ligne(
                    TypeEvenement.DECISION_EXECUTEE,
                    f"{d.destinataire_organisation.nom} accuse l’exécution de la décision "
                    f"« {d.type} »",
                    quand=d.executee_le,
                    **cible,
                )
            )
        if d.statut in (S.LEVEE, S.EXPIREE, S.REMPLACEE):
            type_ = (
                TypeEvenement.DECISION_REMPLACEE
                if d.statut == S.REMPLACEE
                else TypeEvenement.DECISION_TERMINEE
            )
            lignes.append(
                ligne(
                    type_,
                    f"Décision « {d.type} » {d.get_statut_display().lower()}",
                    quand=d.terminee_le,
                    **cible,
                )
            )
    ecrire_en_masse(lignes)
