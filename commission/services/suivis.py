"""Follow-up after a session: the 6-month question to each recommendation's addressee, its
reminders, the 12-month review, and changes of situation reported by partners.

Dates come from the pure rules of `echeances_suivi`; the daily task calls
`envoyer_suivis_dus`, which is idempotent (what was sent is marked, one organisation at a time).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from ccapex.courriels import envoyer, envoyer_apres_commit
from ccapex.formats import date_longue
from commission import journal
from commission.destinataires import adresses_de_l_organisation
from commission.echeances_suivi import (
    JOURS_AVANT_RELANCE,
    RELANCES_MAX,
    date_du_bilan,
    date_du_suivi,
    fin_des_signalements,
    relance_due,
    signalement_ouvert,
)
from commission.enums import REPONSES_SUIVI, NatureExamen, StatutPreconisation, StatutSeance
from commission.models import Bilan, Examen, Preconisation, Seance, SignalementChangement
from commission.models import SuiviPreconisation as Suivi


def _jour(seance: Seance) -> date:
    return timezone.localtime(seance.date).date()


def planifier_suivis(seance: Seance) -> None:
    """Create the follow-up of each recommendation and the review of each dossier (once)."""
    planifier_suivis_des_seances([seance.pk])


def planifier_suivis_des_seances(seance_ids: list[int]) -> None:
    """The same for several sessions, in four queries whatever their number."""

    def jour(quand) -> date:
        return timezone.localtime(quand).date()

    preconisations = Preconisation.objects.filter(examen__seance__in=seance_ids, suivi__isnull=True)
    Suivi.objects.bulk_create(
        [Suivi(preconisation_id=pk, echeance=date_du_suivi(jour(quand))) for pk, quand in
         preconisations.values_list("pk", "examen__seance__date")],
        ignore_conflicts=True,
    )  # fmt: skip
    examens = Examen.objects.filter(seance__in=seance_ids, bilan__isnull=True).exclude(
        nature=NatureExamen.BILAN
    )
    Bilan.objects.bulk_create(
        [Bilan(examen_id=pk, echeance=date_du_bilan(jour(quand))) for pk, quand in
         examens.values_list("pk", "seance__date")],
        ignore_conflicts=True,
    )  # fmt: skip


def envoyer_suivis_dus(aujourd_hui: date) -> dict:
    """Daily: ask addressees whose follow-up is due, remind those late. Runs twice: sends once."""
    a_planifier = Seance.objects.filter(
        statut=StatutSeance.CLOSE, examens__preconisations__suivi__isnull=True
    )
    planifier_suivis_des_seances(list(a_planifier.values_list("pk", flat=True).distinct()))

    lien = settings.SITE_URL + reverse("commission:suivis_partenaire")
    dus = list(
        Suivi.objects.filter(
            echeance__lte=aujourd_hui,
            demande_le__isnull=True,
            preconisation__examen__seance__statut=StatutSeance.CLOSE,
        ).select_related("preconisation__examen__menage", "preconisation__type")
    )
    # Household recommendations: the secretariat records the answer; nothing to e-mail.
    au_menage = [s.pk for s in dus if s.preconisation.destinataire_menage]
    Suivi.objects.filter(pk__in=au_menage).update(demande_le=timezone.now())
    par_organisation: dict[int, list[Suivi]] = {}
    for suivi in dus:
        if not suivi.preconisation.destinataire_menage:
            par_organisation.setdefault(suivi.preconisation.destinataire_organisation_id, [])
            par_organisation[suivi.preconisation.destinataire_organisation_id].append(suivi)

    limite = aujourd_hui - timedelta(days=JOURS_AVANT_RELANCE)
    candidats = Suivi.objects.filter(
        reponse="",
        demande_le__date__lte=limite,
        nb_relances__lt=RELANCES_MAX,
        preconisation__destinataire_menage=False,
    ).select_related("preconisation__examen__menage", "preconisation__type")
    a_relancer: dict[int, list[Suivi]] = {}
    for suivi in candidats:
        if relance_due(
            demande_le=timezone.localtime(suivi.demande_le).date(),
            relance_le=timezone.localtime(suivi.relance_le).date() if suivi.relance_le else None,
            nb_relances=suivi.nb_relances,
            repondu=bool(suivi.reponse),
            aujourd_hui=aujourd_hui,
        ):
            a_relancer.setdefault(suivi.preconisation.destinataire_organisation_id, [])
            a_relancer[suivi.preconisation.destinataire_organisation_id].append(suivi)

    adresses = adresses_de_l_organisation(set(par_organisation) | set(a_relancer))
    for organisation_id, suivis in par_organisation.items():
        envoyer(
            "CCAPEX — suivi des préconisations à renseigner",
            "commission/emails/suivi_demande.txt",
            {"suivis": suivis, "lien": lien},
            adresses[organisation_id],
        )
        Suivi.objects.filter(pk__in=[s.pk for s in suivis]).update(demande_le=timezone.now())
    for organisation_id, suivis in a_relancer.items():
        envoyer(
            "CCAPEX — relance : suivi des préconisations",
            "commission/emails/suivi_relance.txt",
            {"suivis": suivis, "lien": lien},
            adresses[organisation_id],
        )
        Suivi.objects.filter(pk__in=[s.pk for s in suivis]).update(
            relance_le=timezone.now(), nb_relances=F("nb_relances") + 1
        )
    # Still silent 30 days after the last reminder: recorded as unanswered (once).
    sans_reponse = Preconisation.objects.filter(
        statut=StatutPreconisation.A_SUIVRE,
        suivi__reponse="",
        suivi__nb_relances__gte=RELANCES_MAX,
        suivi__relance_le__date__lte=limite,
    )
    sans_reponse.update(statut=StatutPreconisation.SANS_REPONSE)
    return {
        "demandes": len(dus),
        "relances": sum(len(s) for s in a_relancer.values()),
    }


@transaction.atomic
def repondre(suivi: Suivi, *, reponse: str, commentaire: str, par) -> Suivi:
    """The addressee (or the secretariat for the household) answers the 6-month question."""
    suivi = (
        Suivi.objects.select_for_update().select_related("preconisation__examen").get(pk=suivi.pk)
    )
    if reponse not in REPONSES_SUIVI:
        raise ValidationError("Choisissez une réponse dans la liste.")
    if suivi.reponse:
        raise ValidationError(
            f"Ce suivi a déjà été renseigné le {date_longue(timezone.localtime(suivi.repondu_le))}."
        )
    suivi.reponse = reponse
    suivi.commentaire = commentaire
    suivi.repondu_le = timezone.now()
    suivi.repondu_par = par
    suivi._history_user = par
    suivi.save()
    preconisation = suivi.preconisation
    preconisation.statut = reponse
    preconisation._history_user = par
    preconisation.save(update_fields=["statut"])
    journal.suivi_repondu(suivi, par=par)
    return suivi


@transaction.atomic
def relancer(suivi: Suivi, *, par) -> Suivi:
    """The secretariat reminds the addressee now, from its home page, without waiting for the
    daily job (which counts this reminder: the next one comes 30 days later)."""
    suivi = (
        Suivi.objects.select_for_update()
        .select_related("preconisation__examen__menage", "preconisation__type")
        .get(pk=suivi.pk)
    )
    if suivi.reponse:
        raise ValidationError("Ce suivi a déjà été renseigné : plus de relance.")
    if suivi.preconisation.destinataire_menage:
        raise ValidationError(
            "Le ménage répond au secrétariat : appelez-le, puis enregistrez sa réponse."
        )
    organisation_id = suivi.preconisation.destinataire_organisation_id
    adresses = adresses_de_l_organisation({organisation_id})[organisation_id]
    if not adresses:
        raise ValidationError("Cette organisation n’a aucune adresse électronique : appelez-la.")
    envoyer_apres_commit(
        "CCAPEX — relance : suivi des préconisations",
        "commission/emails/suivi_relance.txt",
        {"suivis": [suivi], "lien": settings.SITE_URL + reverse("commission:suivis_partenaire")},
        adresses,
    )
    suivi.relance_le = timezone.now()
    suivi.nb_relances += 1
    suivi._history_user = par
    suivi.save(update_fields=["relance_le", "nb_relances"])
    return suivi


@transaction.atomic
def realiser_bilan(bilan: Bilan, *, donnees: dict, par) -> Bilan:
    bilan = Bilan.objects.select_for_update().select_related("examen__menage").get(pk=bilan.pk)
    for champ, valeur in donnees.items():
        setattr(bilan, champ, valeur)
    if not bilan.situation:
        raise ValidationError("Indiquez la situation du ménage.")
    bilan.realise_le = bilan.realise_le or timezone.now()
    bilan.realise_par = par
    bilan._history_user = par
    bilan.save()
    journal.bilan_realise(bilan, par=par)
    return bilan


@transaction.atomic
def signaler_changement(
    examen: Examen, *, organisation, texte: str, par, aujourd_hui: date
) -> SignalementChangement:
    """A partner addressed in a session reports a change, up to 20 months after it."""
    jour = _jour(examen.seance)
    if not signalement_ouvert(jour, aujourd_hui):
        raise ValidationError(
            f"Le signalement de changement était possible jusqu’au "
            f"{date_longue(fin_des_signalements(jour))} (20 mois après la séance) : "
            "contactez directement le secrétariat de la CCAPEX."
        )
    if not texte.strip():
        raise ValidationError("Décrivez le changement de situation.")
    signalement = SignalementChangement.objects.create(
        menage=examen.menage, organisation=organisation, auteur=par, texte=texte.strip()
    )
    journal.changement_signale(signalement, par=par)
    return signalement


def marquer_lu(signalement: SignalementChangement, *, par) -> None:
    SignalementChangement.objects.filter(pk=signalement.pk, lu_le__isnull=True).update(
        lu_le=timezone.now()
    )


# --- what pages read ------------------------------------------------------------------------


def suivis_du_partenaire(organisation):
    return (
        Suivi.objects.filter(
            preconisation__destinataire_organisation=organisation, demande_le__isnull=False
        )
        .select_related(
            "preconisation__type", "preconisation__examen__menage", "preconisation__examen__seance"
        )
        .order_by(F("repondu_le").desc(nulls_first=True), "echeance", "pk")
    )


def examens_du_partenaire(organisation):
    """Examinations where the organisation was addressed: it may report changes on them."""
    return (
        Examen.objects.filter(
            seance__statut=StatutSeance.CLOSE,
            preconisations__destinataire_organisation=organisation,
            menage__archive_le__isnull=True,
        )
        .select_related("menage", "seance")
        .distinct()
    )


def suivis_du_secretariat(departement_ids):
    return Suivi.objects.filter(
        preconisation__examen__menage__departement_id__in=departement_ids,
        preconisation__examen__menage__archive_le__isnull=True,
        demande_le__isnull=False,
        reponse="",
    ).select_related(
        "preconisation__type",
        "preconisation__destinataire_organisation",
        "preconisation__examen__menage",
        "preconisation__examen__seance",
    )


def bilans_dus(departement_ids, aujourd_hui: date):
    return (
        Bilan.objects.des_departements(departement_ids)
        .filter(
            realise_le__isnull=True,
            echeance__lte=aujourd_hui,
        )
        .select_related("examen__menage", "examen__seance")
        .order_by("echeance", "pk")
    )


def signalements_non_lus(departement_ids):
    return (
        SignalementChangement.objects.des_departements(departement_ids)
        .filter(lu_le__isnull=True)
        .select_related("menage", "organisation")
        .order_by("cree_le")
    )
