"""Decisions of the commission: taken, notified (a PDF to the addressee and to the household,
by a job), carried out (the addressee acknowledges), lifted or expired, or replaced.

Every transition is checked against `TRANSITIONS_DECISION` and written to the journal.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from ccapex.courriels import envoyer
from ccapex.formats import date_longue, euros
from ccapex.models import Traitement
from ccapex.pdf import rendre_pdf
from ccapex.traitements import Resultat, lancer
from commission import journal
from commission.destinataires import adresses_de_l_organisation
from commission.enums import TRANSITIONS_DECISION, NatureDecision, StatutDecision, TypeCourrier
from commission.models import Courrier, Decision
from commission.services.courriers import adresse_du_menage, dettes_des_menages, nom_du_menage
from dossiers.models import Menage, MenageProcedure
from dossiers.services.menages import verrouiller_actif
from partenaires.enums import Role
from partenaires.models import Adhesion
from procedure import services as services_procedure
from procedure.deadlines import effet_suspension_aide
from procedure.enums import CleRegle, SourceActe, TypeActe
from procedure.models import RegleJuridique

TYPE_TRAITEMENT = "notification_decision"

CHAMPS_DE_CONTENU = [
    "type",
    "seance",
    "procedure_ecrite",
    "base_legale",
    "motifs",
    "destinataire_organisation",
    "date_effet",
    "date_fin",
]


def _verifier(*, menage: Menage, type, seance, procedure_ecrite, destinataire_organisation):
    """What the form cannot see alone: the session examined this household, the kind and the
    addressee belong to the household's département."""
    erreurs = {}
    if type.departement_id not in (None, menage.departement_id) or not type.actif:
        erreurs["type"] = "Ce type de décision n’est pas disponible dans ce département."
    if destinataire_organisation.departement_id != menage.departement_id:
        erreurs["destinataire_organisation"] = "Le destinataire doit être du même département."
    if seance is not None:
        if procedure_ecrite:
            erreurs["seance"] = (
                "Une décision est prise en séance ou par procédure écrite, l’un ou l’autre."
            )
        elif not seance.examens.filter(menage=menage).exists():
            erreurs["seance"] = (
                f"Le dossier {menage.numero} n’est pas inscrit à l’ordre du jour de cette séance."
            )
        elif seance.date > timezone.now():
            erreurs["seance"] = "Cette séance n’a pas encore eu lieu."
    elif not procedure_ecrite:
        erreurs["seance"] = "Indiquez la séance, ou que la décision est prise par procédure écrite."
    if erreurs:
        raise ValidationError(erreurs)


def _changer_statut(decision: Decision, statut: str) -> None:
    if statut not in TRANSITIONS_DECISION[StatutDecision(decision.statut)]:
        raise ValidationError(
            f"Une décision « {decision.get_statut_display().lower()} » ne peut pas devenir "
            f"« {StatutDecision(statut).label.lower()} »."
        )
    decision.statut = statut


@transaction.atomic
def prendre(*, menage: Menage, par, remplace: Decision | None = None, **champs) -> Decision:
    """Record a decision the commission took (in session or by written procedure).

    A double submit records it once: the household is locked, and an identical decision not
    yet notified (same content, same decision replaced) is returned instead of a copy."""
    champs.setdefault("seance", None)
    champs.setdefault("procedure_ecrite", False)
    Menage.objects.select_for_update().only("pk").get(pk=menage.pk)
    verrouiller_actif(menage)
    identiques = {nom: champs[nom] for nom in CHAMPS_DE_CONTENU if nom in champs}
    doublon = Decision.objects.filter(
        menage=menage, statut=StatutDecision.PRISE, remplace=remplace, **identiques
    ).first()
    if doublon is not None:
        return doublon
    _verifier(
        menage=menage,
        type=champs["type"],
        seance=champs["seance"],
        procedure_ecrite=champs["procedure_ecrite"],
        destinataire_organisation=champs["destinataire_organisation"],
    )
    decision = Decision(menage=menage, prise_par=par, remplace=remplace, **champs)
    decision.full_clean(exclude=["menage", "remplace"])
    decision._history_user = par
    decision.save()
    journal.decision_prise(decision, par=par)
    return decision


@transaction.atomic
def corriger(decision: Decision, *, par, **champs) -> Decision:
    """Correct a decision not yet notified. Once notified it is replaced, never edited."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if not decision.modifiable:
        raise ValidationError(
            "Cette décision a été notifiée : elle ne se modifie plus. Prenez une nouvelle "
            "décision qui la remplace."
        )
    if decision.notification_demandee_le is not None:
        # The job may already have written the letters from the current text.
        raise ValidationError(
            "La notification de cette décision est en cours : elle ne se modifie plus."
        )
    for nom, valeur in champs.items():
        setattr(decision, nom, valeur)
    _verifier(
        menage=decision.menage,
        type=decision.type,
        seance=decision.seance,
        procedure_ecrite=decision.procedure_ecrite,
        destinataire_organisation=decision.destinataire_organisation,
    )
    decision.full_clean(exclude=["menage", "remplace"])
    decision._history_user = par
    decision.save()
    return decision


@transaction.atomic
def remplacer(ancienne: Decision, *, par, **champs) -> Decision:
    """A new decision that replaces a notified one; both are kept, the new one points back."""
    ancienne = Decision.objects.select_for_update().get(pk=ancienne.pk)
    if hasattr(ancienne, "remplacee_par"):
        raise ValidationError("Cette décision a déjà été remplacée.")
    if ancienne.modifiable:
        raise ValidationError("Cette décision n’est pas encore notifiée : corrigez-la plutôt.")
    _changer_statut(ancienne, StatutDecision.REMPLACEE)
    nouvelle = prendre(menage=ancienne.menage, par=par, remplace=ancienne, **champs)
    ancienne.terminee_le = timezone.now()
    ancienne.terminee_par = par
    ancienne._history_user = par
    ancienne.save(update_fields=["statut", "terminee_le", "terminee_par"])
    journal.decision_remplacee(ancienne, nouvelle, par=par)
    return nouvelle


# --- notification ------------------------------------------------------------------------


def traitement_de_la_decision(decision: Decision) -> Traitement | None:
    return (
        Traitement.objects.filter(type=TYPE_TRAITEMENT, parametres__decision_id=decision.pk)
        .order_by("-cree_le", "-pk")
        .first()
    )


@transaction.atomic
def notifier(decision: Decision, *, par) -> Traitement:
    """Launch the notification job once: a double click returns the job already launched."""
    decision = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("menage__departement", "type")
        .get(pk=decision.pk)
    )
    if decision.notification_demandee_le is not None:
        existant = traitement_de_la_decision(decision)
        if existant is not None:
            return existant
    if decision.statut != StatutDecision.PRISE:
        raise ValidationError("Cette décision a déjà été notifiée.")
    decision.notification_demandee_le = timezone.now()
    decision.save(update_fields=["notification_demandee_le"])
    return lancer(
        TYPE_TRAITEMENT,
        libelle=f"Notification de la décision « {decision.type} » ({decision.menage.numero})",
        departement=decision.menage.departement,
        par=par,
        parametres={"decision_id": decision.pk},
    )


def organisations_avec_compte(organisation_ids) -> set[int]:
    """Organisations that have at least one active user to read their space."""
    return set(
        Adhesion.objects.actives()
        .filter(organisation_id__in=organisation_ids, utilisateur__is_active=True)
        .values_list("organisation_id", flat=True)
    )


def contexte_de_notification(decision: Decision, *, notifiee_le: date, pour_menage: bool):
    menage = decision.menage
    effet = _date_d_effet(decision, notifiee_le)
    dette = dettes_des_menages([menage.pk]).get(menage.pk)
    return {
        "decision": decision,
        "nature": NatureDecision(decision.type.nature).label,
        "numero": menage.numero,
        "nom_du_menage": nom_du_menage(menage),
        "destinataire": nom_du_menage(menage)
        if pour_menage
        else decision.destinataire_organisation.nom,
        "adresse": adresse_du_menage(menage) if pour_menage else "",
        "departement": menage.departement.nom,
        "date": date_longue(notifiee_le),
        "prise_le": date_longue(timezone.localtime(decision.prise_le).date()),
        "prise_en": decision.prise_en,
        "effet": date_longue(effet),
        "fin": date_longue(decision.date_fin) if decision.date_fin else "",
        "dette": euros(dette) if dette is not None else "",
        "delai_de_recours": _delai_de_recours(decision, notifiee_le),
        "remplace": decision.remplace,
        "lien_confidentialite": settings.SITE_URL + reverse("donnees_personnelles"),
    }


def _delai_de_recours(decision: Decision, notifiee_le: date) -> str:
    """« 2 mois »: the appeal delay in force on the day of notification (dated reference
    data, CJA R421-1)."""
    regles = RegleJuridique.objects.referentiel(decision.menage.departement.code)
    version = regles.version(CleRegle.DELAI_RECOURS_CONTENTIEUX, notifiee_le)
    return version.libelle if version is not None else "deux mois"


def _date_d_effet(decision: Decision, notifiee_le: date) -> date:
    """A suspension of the housing aid takes effect no earlier than the date the law in force
    at notification gives (décret n° 2026-84: first day of the following month). Without such
    a rule it is still never retroactive: an act that takes a right away does not take effect
    before it is notified (principe de non-rétroactivité des actes administratifs)."""
    if decision.type.nature != NatureDecision.AIDE_SUSPENSION:
        return decision.date_effet
    regles = RegleJuridique.objects.referentiel(decision.menage.departement.code)
    effet = effet_suspension_aide(notifiee_le, regles) or notifiee_le
    return max(decision.date_effet, effet)


def produire_notifications(traitement: Traitement, avancer) -> Resultat:
    """The job: the PDF to the addressee and to the household, then the decision is notified.

    Idempotent: a replayed job finds the letters (unique per decision, addressee and
    version) and the decision already notified, and writes nothing twice."""
    decision = Decision.objects.select_related(
        "menage__commune", "menage__departement", "type", "seance", "destinataire_organisation"
    ).get(pk=traitement.parametres["decision_id"])
    if decision.notifiee_le is not None:
        return Resultat(lien=reverse("commission:decision", args=[decision.pk]))
    aujourd_hui = timezone.localdate()
    avancer(0, 2)
    rendus = []
    for fait, pour_menage in enumerate((False, True), start=1):
        contexte = contexte_de_notification(
            decision, notifiee_le=aujourd_hui, pour_menage=pour_menage
        )
        rendus.append((pour_menage, rendre_pdf("commission/pdf/decision.html", contexte)))
        avancer(fait)
    avec_compte = decision.destinataire_organisation_id in organisations_avec_compte(
        [decision.destinataire_organisation_id]
    )
    with transaction.atomic():
        decision = Decision.objects.select_for_update().get(pk=decision.pk)
        if decision.notifiee_le is not None:
            return Resultat(lien=reverse("commission:decision", args=[decision.pk]))
        for pour_menage, pdf in rendus:
            a_poster = pour_menage or not avec_compte
            _attacher(
                decision, pdf, pour_menage=pour_menage, a_poster=a_poster, par=traitement.cree_par
            )
        decision.date_effet = _date_d_effet(decision, aujourd_hui)
        decision.notifiee_le = timezone.now()
        _changer_statut(decision, StatutDecision.NOTIFIEE)
        decision._history_user = traitement.cree_par
        decision.save(update_fields=["date_effet", "notifiee_le", "statut"])
        journal.decision_notifiee(decision, par=traitement.cree_par)
        if decision.type.nature == NatureDecision.SAISINE_SIAO:
            _acte_de_saisine_du_siao(decision, par=traitement.cree_par)
        if avec_compte:
            transaction.on_commit(lambda: _prevenir_le_destinataire(decision))
    return Resultat(lien=reverse("commission:decision", args=[decision.pk]))


def _acte_de_saisine_du_siao(decision: Decision, *, par) -> None:
    """The SIAO referral is an act of the household's current procedure: it closes the
    « saisir le SIAO » alert that a granted CFP opened (procedure/deadlines.py)."""
    lien = (
        MenageProcedure.objects.filter(menage_id=decision.menage_id)
        .order_by("-procedure__cree_le", "-procedure_id")
        .select_related("procedure")
        .first()
    )
    jour = timezone.localtime(decision.notifiee_le).date()
    if lien is None or lien.procedure.actes.filter(type=TypeActe.SAISINE_SIAO, date=jour).exists():
        return
    services_procedure.ajouter_acte(
        lien.procedure, par=par, type=TypeActe.SAISINE_SIAO, date=jour, source=SourceActe.DECISION
    )


def _attacher(decision: Decision, pdf: bytes, *, pour_menage: bool, a_poster: bool, par):
    courrier = Courrier(
        menage=decision.menage,
        decision=decision,
        type=TypeCourrier.DECISION,
        destinataire_organisation=None if pour_menage else decision.destinataire_organisation,
        destinataire_menage=pour_menage,
        a_poster=a_poster,
        genere_par=par,
    )
    nom = f"decision-{decision.pk}-{'menage' if pour_menage else 'destinataire'}"
    courrier.fichier.save(f"{nom}-v1.pdf", ContentFile(pdf), save=False)
    courrier.save()
    journal.courrier_genere(courrier, par=par)
    return courrier


def _prevenir_le_destinataire(decision: Decision) -> None:
    """E-mail a link to the addressee's space (never the decision itself)."""
    organisation_id = decision.destinataire_organisation_id
    adresses = adresses_de_l_organisation([organisation_id], roles=(Role.PARTENAIRE, Role.MEMBRE))[
        organisation_id
    ]
    envoyer(
        "CCAPEX — une décision vous est notifiée",
        "commission/emails/decision_notifiee.txt",
        {"decision": decision, "lien": settings.SITE_URL + reverse("commission:decisions_recues")},
        adresses,
    )


# --- after notification ---------------------------------------------------------------------


@transaction.atomic
def accuser_execution(decision: Decision, *, par) -> bool:
    """The addressee says it carried the decision out. False when it already had."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.statut == StatutDecision.EXECUTEE:
        return False
    _changer_statut(decision, StatutDecision.EXECUTEE)
    decision.executee_le = timezone.now()
    decision.executee_par = par
    decision._history_user = par
    decision.save(update_fields=["statut", "executee_le", "executee_par"])
    journal.decision_executee(decision, par=par)
    return True


@transaction.atomic
def lever(decision: Decision, *, motif: str, par) -> Decision:
    """The commission lifts a decision in force (a suspension ends, a referral is withdrawn)."""
    motif = motif.strip()
    if not motif:
        raise ValidationError({"motif": "Indiquez le motif de la levée."})
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    _changer_statut(decision, StatutDecision.LEVEE)
    decision.terminee_le = timezone.now()
    decision.terminee_par = par
    decision.motif_fin = motif
    decision._history_user = par
    decision.save(update_fields=["statut", "terminee_le", "terminee_par", "motif_fin"])
    journal.decision_terminee(decision, par=par)
    return decision


@transaction.atomic
def expirer_les_decisions(aujourd_hui: date) -> int:
    """Nightly: decisions in force whose end date has passed expire. Idempotent."""
    decisions = list(
        Decision.objects.en_vigueur()
        .filter(date_fin__lt=aujourd_hui)
        .select_for_update(of=("self",), skip_locked=True)
        .select_related("type", "menage")
    )
    maintenant = timezone.now()
    for decision in decisions:
        _changer_statut(decision, StatutDecision.EXPIREE)
        decision.terminee_le = maintenant
    bulk_update_with_history(decisions, Decision, ["statut", "terminee_le"], batch_size=500)
    journal.decisions_expirees(decisions)
    return len(decisions)
