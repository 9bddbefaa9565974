"""The commission at work: members, sessions, agenda (candidates, order, publication), the
session sheet (examination and recommendations)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Case, Exists, F, IntegerField, Max, OuterRef, Value, When
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from ccapex.concurrence import sauvegarder_versionne
from ccapex.enums import StatutTraitement
from ccapex.formats import date_longue
from ccapex.models import Traitement
from commission import journal
from commission.enums import NatureExamen, StatutSeance
from commission.models import (
    Bilan,
    Examen,
    MembreCommission,
    ParticipationSeance,
    Preconisation,
    Seance,
    TypePreconisation,
)
from dossiers.enums import StatutSaisine
from dossiers.models import Menage, Saisine
from dossiers.services import saisines as services_saisines
from dossiers.services.menages import verrouiller_actif
from procedure.enums import Stade
from procedure.models import stade_subquery
from procedure.stades import ORDRE_DES_STADES

TYPE_TRAITEMENT = "ordre_du_jour"

# The default reference list of recommendation types (also seeded by migration 0003_seances).
TYPES_PRECONISATION_PAR_DEFAUT = [
    ("reprise_paiement", "Reprendre le paiement du loyer courant"),
    ("plan_apurement", "Mettre en place un plan d’apurement de la dette"),
    ("actualiser_dls", "Actualiser la demande de logement social (DLS)"),
    ("surendettement", "Déposer un dossier de surendettement"),
    ("fsl", "Solliciter le FSL"),
    ("delais_juge", "Demander des délais au juge"),
    ("suspendre_procedure", "Suspendre la procédure dans l’attente d’un relogement"),
    ("relogement_contingent", "Reloger sur un contingent (SYPLO, Action Logement…)"),
    ("mutation", "Proposer une mutation dans le parc social"),
    ("pcs", "Conclure un protocole de cohésion sociale (PCS)"),
    ("accompagnement_social", "Mettre en place un accompagnement social (ASLL, AVDL)"),
    ("siao", "Orienter vers le SIAO"),
    ("masp", "Proposer une MASP"),
    ("maintien_aide_logement", "Maintenir l’aide au logement"),
    ("suspension_aide_logement", "Suspendre l’aide au logement"),
    ("dalo", "Déposer un recours DALO"),
    ("autre", "Autre préconisation"),
]

# A household is reviewed about 12 months after its first examination.
BILAN_APRES = timedelta(days=335)


# --- Commissions and members ------------------------------------------------------------


@transaction.atomic
def ajouter_membre(*, commission, organisation, representants, par) -> MembreCommission:
    if organisation.departement_id != commission.departement_id:
        raise ValidationError("Cette organisation n’est pas du département de la commission.")
    membre, cree = MembreCommission.objects.get_or_create(
        commission=commission, organisation=organisation
    )
    if not cree:
        raise ValidationError(f"{organisation} siège déjà dans cette commission.")
    membre.representants.set(representants)
    return membre


@transaction.atomic
def modifier_representants(*, membre, representants, par) -> MembreCommission:
    membre.representants.set(representants)
    return membre


@transaction.atomic
def retirer_membre(*, membre, par) -> None:
    membre.delete()


def creer_types_par_defaut(*, departement, par=None) -> int:
    """Create the default recommendation types missing in the département; returns how many."""
    existants = set(
        TypePreconisation.objects.filter(departement=departement).values_list("code", flat=True)
    )
    nouveaux = [
        TypePreconisation(departement=departement, code=code, libelle=libelle, ordre=rang * 10)
        for rang, (code, libelle) in enumerate(TYPES_PRECONISATION_PAR_DEFAUT, start=1)
        if code not in existants
    ]
    TypePreconisation.objects.bulk_create(nouveaux, ignore_conflicts=True)
    return len(nouveaux)


# --- Sessions ------------------------------------------------------------------------------


@transaction.atomic
def creer_seance(*, commission, date, lieu, type, par) -> Seance:
    """A session, with every member organisation of the commission invited by default."""
    seance = Seance.objects.create(commission=commission, date=date, lieu=lieu, type=type)
    membres = list(
        commission.membres.select_related("organisation").prefetch_related("representants")
    )
    ParticipationSeance.objects.bulk_create(
        ParticipationSeance(
            seance=seance,
            organisation=membre.organisation,
            utilisateur=next(iter(membre.representants.all()), None),
            invite=True,
        )
        for membre in membres
    )
    return seance


@transaction.atomic
def modifier_seance(*, seance, date, lieu, type, par) -> Seance:
    if seance.statut == StatutSeance.CLOSE:
        raise ValidationError("Une séance close ne peut plus être modifiée.")
    seance.date, seance.lieu, seance.type = date, lieu, type
    seance.save(update_fields=["date", "lieu", "type"])
    return seance


@transaction.atomic
def enregistrer_participations(*, seance, invites: set[int], presents: set[int], par) -> None:
    """Set who is invited and who attended, by organisation id (among the commission's
    members and the organisations already on the list)."""
    organisations = set(seance.commission.membres.values_list("organisation_id", flat=True)) | set(
        seance.participations.values_list("organisation_id", flat=True)
    )
    inconnues = (invites | presents) - organisations
    if inconnues:
        raise ValidationError("Une organisation cochée ne siège pas dans cette commission.")
    existantes = {p.organisation_id: p for p in seance.participations.all()}
    nouvelles, modifiees = [], []
    for organisation_id in organisations:
        participation = existantes.get(organisation_id)
        invite = organisation_id in invites or organisation_id in presents
        present = organisation_id in presents
        if participation is None:
            if invite:
                nouvelles.append(
                    ParticipationSeance(
                        seance=seance, organisation_id=organisation_id, invite=True, present=present
                    )
                )
        elif (participation.invite, participation.present) != (invite, present):
            participation.invite, participation.present = invite, present
            modifiees.append(participation)
    ParticipationSeance.objects.bulk_create(nouvelles)
    ParticipationSeance.objects.bulk_update(modifiees, ["invite", "present"])


# --- Agenda -----------------------------------------------------------------------------------


def _rang_stade():
    return Case(
        *[When(stade=stade, then=Value(rang)) for rang, stade in enumerate(ORDRE_DES_STADES)],
        default=Value(0),
        output_field=IntegerField(),
    )


def saisines_candidates(seance):
    """Admissible referrals not examined yet: CFP granted first, then a known eviction date
    (soonest first), then the most advanced stage, then the oldest."""
    deja_examinees = Examen.objects.filter(saisine=OuterRef("pk"))
    return (
        Saisine.objects.filter(
            departement_id=seance.commission.departement_id,
            statut=StatutSaisine.RECEVABLE,
            menage__isnull=False,
            menage__archive_le__isnull=True,
        )
        .exclude(Exists(deja_examinees))
        .exclude(menage__examens__seance=seance)
        .select_related("menage__commune", "organisation")
        .annotate(stade=stade_subquery(procedure_ref="procedure"))
        .annotate(
            cfp_accorde=Case(
                When(stade=Stade.CFP_ACCORDE, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            rang_stade=_rang_stade(),
        )
        .order_by(
            "cfp_accorde",
            F("date_expulsion_connue").asc(nulls_last=True),
            "-rang_stade",
            "soumise_le",
            "id",
        )
    )


def reexamens_candidats(seance):
    """Households whose last examination asked for a re-examination, not yet re-examined."""
    plus_recent = Examen.objects.filter(
        menage=OuterRef("menage"), seance__date__gt=OuterRef("seance__date")
    )
    return (
        Examen.objects.filter(
            seance__commission__departement_id=seance.commission.departement_id,
            a_reexaminer=True,
            menage__archive_le__isnull=True,
        )
        .exclude(Exists(plus_recent))
        .exclude(menage__examens__seance=seance)
        .select_related("menage__commune", "seance__commission")
        .order_by("seance__date", "id")
    )


def bilans_candidats(seance):
    """First examinations about 12 months old whose review is not done nor scheduled."""
    limite = seance.date - BILAN_APRES
    bilan_fait = Bilan.objects.filter(examen=OuterRef("pk"), realise_le__isnull=False)
    bilan_inscrit = Examen.objects.filter(
        menage=OuterRef("menage"),
        nature=NatureExamen.BILAN,
        seance__date__gt=OuterRef("seance__date"),
    )
    return (
        Examen.objects.filter(
            seance__commission__departement_id=seance.commission.departement_id,
            nature=NatureExamen.PREMIER_EXAMEN,
            seance__date__lte=limite,
            seance__statut=StatutSeance.CLOSE,
            menage__archive_le__isnull=True,
        )
        .exclude(Exists(bilan_fait))
        .exclude(Exists(bilan_inscrit))
        .exclude(menage__examens__seance=seance)
        .select_related("menage__commune", "seance__commission")
        .order_by("seance__date", "id")
    )


def _changement(seance) -> None:
    """Every change of the agenda makes a new version (to publish again)."""
    Seance.objects.filter(pk=seance.pk).update(version_ordre_du_jour=F("version_ordre_du_jour") + 1)
    seance.refresh_from_db(fields=["version_ordre_du_jour"])


def _verifier_modifiable(seance) -> None:
    if seance.statut == StatutSeance.CLOSE:
        raise ValidationError("La séance est close : son ordre du jour ne change plus.")


@transaction.atomic
def inscrire(*, seance, par, saisine=None, examen_precedent=None, nature=None) -> Examen:
    """Put a referral, a re-examination or a review on the agenda, at the end."""
    seance = Seance.objects.select_for_update().get(pk=seance.pk)
    _verifier_modifiable(seance)
    if saisine is not None:
        saisine = Saisine.objects.select_for_update().get(pk=saisine.pk)
        if saisine.statut != StatutSaisine.RECEVABLE or saisine.menage_id is None:
            raise ValidationError(
                f"La saisine {saisine.numero} n’est pas (ou plus) recevable en attente d’examen."
            )
        if saisine.departement_id != seance.commission.departement_id:
            raise ValidationError("Cette saisine n’est pas du département de la commission.")
        menage, nature, question = saisine.menage, NatureExamen.PREMIER_EXAMEN, saisine.demande
        if Examen.objects.filter(menage=menage, nature=NatureExamen.PREMIER_EXAMEN).exists():
            nature = NatureExamen.REEXAMEN
    elif examen_precedent is not None:
        menage, question = examen_precedent.menage, ""
        if menage.departement_id != seance.commission.departement_id:
            raise ValidationError("Ce ménage n’est pas du département de la commission.")
        if nature not in (NatureExamen.REEXAMEN, NatureExamen.BILAN):
            raise ValidationError("Nature d’examen inconnue.")
    else:
        raise ValidationError("Rien à inscrire.")
    if Examen.objects.filter(seance=seance, menage=menage).exists():
        raise ValidationError("Ce ménage est déjà à l’ordre du jour de cette séance.")
    dernier = seance.examens.aggregate(m=Max("ordre"))["m"] or 0
    examen = Examen(
        seance=seance,
        menage=menage,
        saisine=saisine,
        nature=nature,
        ordre=dernier + 1,
        question=question,
    )
    examen._history_user = par
    examen.save()
    if saisine is not None:
        services_saisines.changer_statut(saisine, StatutSaisine.INSCRITE)
        saisine.save(update_fields=["statut", "modifiee_le"])
    journal.inscrit_ordre_du_jour(examen, par=par)
    _changement(seance)
    return examen


@transaction.atomic
def inscrire_menage(*, seance, menage, par) -> Examen:
    """Put a household on the agenda from its file: its oldest admissible referral if it has
    one, else a re-examination after its last examination, else a first examination."""
    if menage.departement_id != seance.commission.departement_id:
        raise ValidationError("Ce ménage n’est pas du département de la commission.")
    verrouiller_actif(menage)
    saisine = (
        Saisine.objects.filter(menage=menage, statut=StatutSaisine.RECEVABLE)
        .exclude(Exists(Examen.objects.filter(saisine=OuterRef("pk"))))
        .order_by("soumise_le", "id")
        .first()
    )
    if saisine is not None:
        return inscrire(seance=seance, saisine=saisine, par=par)
    precedent = menage.examens.order_by("-seance__date", "-id").first()
    if precedent is not None:
        return inscrire(
            seance=seance, examen_precedent=precedent, nature=NatureExamen.REEXAMEN, par=par
        )
    seance = Seance.objects.select_for_update().get(pk=seance.pk)
    _verifier_modifiable(seance)
    if Examen.objects.filter(seance=seance, menage=menage).exists():
        raise ValidationError("Ce ménage est déjà à l’ordre du jour de cette séance.")
    dernier = seance.examens.aggregate(m=Max("ordre"))["m"] or 0
    examen = Examen(
        seance=seance, menage=menage, nature=NatureExamen.PREMIER_EXAMEN, ordre=dernier + 1
    )
    examen._history_user = par
    examen.save()
    journal.inscrit_ordre_du_jour(examen, par=par)
    _changement(seance)
    return examen


def seances_ouvertes_pour(menage, commission):
    """Coming sessions of the commission in charge whose agenda can still change."""
    if commission is None:
        return Seance.objects.none()
    return (
        Seance.objects.filter(commission=commission)
        .exclude(statut=StatutSeance.CLOSE)
        .a_venir()
        .select_related("commission")
    )


@transaction.atomic
def retirer(*, examen, par) -> None:
    seance = Seance.objects.select_for_update().get(pk=examen.seance_id)
    _verifier_modifiable(seance)
    if examen.preconisations.exists():
        raise ValidationError("Cet examen a déjà des préconisations : il ne peut plus être retiré.")
    journal.retire_ordre_du_jour(examen, par=par)
    if examen.saisine_id:
        saisine = Saisine.objects.select_for_update().get(pk=examen.saisine_id)
        if saisine.statut == StatutSaisine.INSCRITE:
            services_saisines.changer_statut(saisine, StatutSaisine.RECEVABLE)
            saisine.save(update_fields=["statut", "modifiee_le"])
    examen.delete()
    _changement(seance)


@transaction.atomic
def deplacer(*, examen, sens: str, par) -> None:
    """Swap the examination with its neighbour above (`monter`) or below (`descendre`)."""
    seance = Seance.objects.select_for_update().get(pk=examen.seance_id)
    _verifier_modifiable(seance)
    examens = list(seance.examens.order_by("ordre", "id"))
    rang = next(i for i, e in enumerate(examens) if e.pk == examen.pk)
    voisin = rang - 1 if sens == "monter" else rang + 1
    if sens not in ("monter", "descendre") or not 0 <= voisin < len(examens):
        return
    examens[rang], examens[voisin] = examens[voisin], examens[rang]
    for position, e in enumerate(examens, start=1):
        e.ordre = position
    Examen.objects.bulk_update(examens, ["ordre"])
    _changement(seance)


@transaction.atomic
def publier(*, seance, par):
    """Publish the agenda: a job renders both PDFs, then e-mails the invited members.

    Publishing an unchanged agenda again launches nothing (returns None)."""
    from ccapex import traitements

    seance = Seance.objects.select_for_update().get(pk=seance.pk)
    _verifier_modifiable(seance)
    if not seance.examens.exists():
        raise ValidationError("L’ordre du jour est vide : inscrivez au moins une situation.")
    if seance.version_notifiee == seance.version_ordre_du_jour:
        return None
    # A job not started yet will publish the latest version anyway: no second one.
    en_attente = Traitement.objects.filter(
        type=TYPE_TRAITEMENT, parametres__seance_id=seance.pk, statut=StatutTraitement.EN_ATTENTE
    ).first()
    if en_attente is not None:
        return en_attente
    if seance.statut == StatutSeance.EN_PREPARATION:
        seance.statut = StatutSeance.PUBLIEE
        seance.save(update_fields=["statut"])
    return traitements.lancer(
        TYPE_TRAITEMENT,
        libelle=f"Ordre du jour — {seance}",
        departement=seance.commission.departement,
        par=par,
        parametres={"seance_id": seance.pk},
    )


def lignes_ordre_du_jour(seance) -> list[dict]:
    """The agenda with what each version needs, in a fixed number of queries. An archived
    file is left out (it is read only through `archives`)."""
    examens = list(
        seance.examens.filter(menage__archive_le__isnull=True)
        .select_related("saisine__organisation")
        .order_by("ordre", "id")
    )
    resumes = {
        m.pk: m
        for m in Menage.objects.filter(pk__in=[e.menage_id for e in examens])
        .avec_resume()
        .prefetch_related("membres", "ressources")
    }
    lignes = []
    for examen in examens:
        menage = resumes[examen.menage_id]
        membres = list(menage.membres.all())
        reference = membres[0] if membres else None
        initiales = (
            " ".join(f"{n[:1].upper()}." for n in (reference.prenom, reference.nom) if n)
            if reference
            else "—"
        )
        lignes.append(
            {
                "examen": examen,
                "menage": menage,
                "membres": membres,
                "initiales": initiales,
                "stade": Stade(menage.stade).label if menage.stade else "",
                "ressources": sum((r.montant_mensuel for r in menage.ressources.all()), 0),
            }
        )
    return lignes


def lignes_reduites(lignes: list[dict]) -> list[dict]:
    """What members may read of the agenda: no name, no address, no income, no health, and
    no free text (the question comes from the referral's words, which name people and
    places): the secretariat presents it at the session."""
    return [
        {
            "ordre": rang,
            "initiales": ligne["initiales"],
            "commune": ligne["menage"].commune.nom,
            "stade": ligne["stade"],
            "nature": ligne["examen"].get_nature_display(),
        }
        for rang, ligne in enumerate(lignes, start=1)
    ]


def rendre_ordres_du_jour(seance) -> tuple[bytes, bytes]:
    """(complete, minimised) PDFs of the current agenda."""
    from ccapex.pdf import rendre_pdf

    lignes = lignes_ordre_du_jour(seance)
    contexte = {
        "seance": seance,
        "date_seance": date_longue(timezone.localtime(seance.date)),
        "heure_seance": f"{timezone.localtime(seance.date):%H h %M}",
        "version": seance.version_ordre_du_jour,
        "edite_le": date_longue(timezone.localdate()),
    }
    complet = rendre_pdf(
        "commission/pdf/ordre_du_jour.html", {**contexte, "reduit": False, "lignes": lignes}
    )
    # The minimised version is rendered from the minimised lines only: nothing else can leak.
    reduit = rendre_pdf(
        "commission/pdf/ordre_du_jour.html",
        {**contexte, "reduit": True, "lignes": lignes_reduites(lignes)},
    )
    return complet, reduit


def produire_ordre_du_jour(*, seance_id: int) -> dict:
    """Render and store both agendas for the current version, then notify the invited members'
    representatives once per version. Safe to run again: nothing is sent twice."""
    for _tentative in range(3):
        seance = Seance.objects.select_related("commission").get(pk=seance_id)
        version = seance.version_ordre_du_jour
        complet, reduit = rendre_ordres_du_jour(seance)
        with transaction.atomic():
            seance = Seance.objects.select_for_update().get(pk=seance_id)
            if seance.version_ordre_du_jour != version:
                continue  # changed while rendering: render the new version
            if seance.version_publiee != version:
                nom = f"ordre-du-jour-{seance.pk}-v{version}"
                seance.ordre_du_jour_complet.save(f"{nom}-complet.pdf", ContentFile(complet), False)
                seance.ordre_du_jour_reduit.save(f"{nom}-membres.pdf", ContentFile(reduit), False)
                seance.version_publiee = version
                seance.publiee_le = timezone.now()
            envoyes = 0
            if seance.version_notifiee != version:
                envoyes = _notifier_membres(seance)
                seance.version_notifiee = version
            seance.save()
            return {"version": version, "courriels": envoyes}
    raise RuntimeError("L’ordre du jour change sans cesse : publiez de nouveau dans un instant.")


def _notifier_membres(seance) -> int:
    participations = (
        seance.participations.filter(invite=True)
        .select_related("organisation", "utilisateur")
        .order_by("organisation__nom")
    )
    representants = {
        m.organisation_id: list(m.representants.all())
        for m in seance.commission.membres.prefetch_related("representants")
    }
    lien = settings.SITE_URL + reverse("commission:seance_membre", args=[seance.pk])
    sujet = f"CCAPEX — ordre du jour de la séance du {date_longue(timezone.localtime(seance.date))}"
    messages = []
    for participation in participations:
        destinataires = {u.email for u in representants.get(participation.organisation_id, [])}
        if participation.utilisateur:
            destinataires.add(participation.utilisateur.email)
        destinataires.discard("")
        if not destinataires:
            continue
        corps = render_to_string(
            "commission/emails/ordre_du_jour_publie.txt",
            {
                "seance": seance,
                "organisation": participation.organisation,
                "date_seance": date_longue(timezone.localtime(seance.date)),
                "heure_seance": f"{timezone.localtime(seance.date):%H:%M}",
                "lien": lien,
                "mise_a_jour": seance.version_notifiee > 0,
            },
        )
        messages.append((sujet, corps, None, sorted(destinataires)))
    if messages:
        send_mass_mail(messages, fail_silently=False)
    return len(messages)


# --- Session sheet ----------------------------------------------------------------------------

CHAMPS_EXAMEN = ["question", "synthese", "informations_membres", "avis", "a_reexaminer"]


def enregistrer_examen(*, examen, version_lue: int, valeurs: dict, par) -> Examen:
    """Save what was typed on the sheet if nobody saved in between (else ConflitDeVersion)."""
    if examen.seance.statut == StatutSeance.CLOSE:
        raise ValidationError("La séance est close : l’examen ne peut plus être modifié.")
    champs = [c for c in CHAMPS_EXAMEN if c in valeurs]
    for champ in champs:
        setattr(examen, champ, valeurs[champ])
    sauvegarder_versionne(examen, version_lue=version_lue, par=par, champs=[*champs, "modifie_le"])
    return examen


@transaction.atomic
def ajouter_preconisation(
    *, examen, type, destinataire_organisation, destinataire_menage, texte, echeance, par
) -> Preconisation:
    if examen.seance.statut == StatutSeance.CLOSE:
        raise ValidationError("La séance est close : plus de nouvelle préconisation.")
    if type.departement_id != examen.seance.commission.departement_id or not type.actif:
        raise ValidationError("Ce type de préconisation n’est pas disponible.")
    if bool(destinataire_organisation) == bool(destinataire_menage):
        raise ValidationError("Choisissez un destinataire : une organisation ou le ménage.")
    preconisation = Preconisation(
        examen=examen,
        type=type,
        destinataire_organisation=destinataire_organisation,
        destinataire_menage=bool(destinataire_menage),
        texte=texte,
        echeance=echeance,
    )
    preconisation._history_user = par
    preconisation.save()
    journal.preconisation_emise(preconisation, par=par)
    return preconisation


@transaction.atomic
def supprimer_preconisation(*, preconisation, par) -> None:
    if preconisation.examen.seance.statut == StatutSeance.CLOSE:
        raise ValidationError("La séance est close : les préconisations ne changent plus.")
    preconisation.delete()


def preconisations_pour(organisation):
    """Recommendations addressed to an organisation, once their session is closed (before,
    they are drafts of the meeting)."""
    return (
        Preconisation.objects.filter(
            destinataire_organisation=organisation, examen__seance__statut=StatutSeance.CLOSE
        )
        .select_related("type", "examen__seance__commission", "examen__menage__commune")
        .order_by("-examen__seance__date", "id")
    )
