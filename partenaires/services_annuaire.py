"""The directory's writes: entries, reference types, the yearly confirmation campaign."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from ccapex.courriels import adresses_utiles, envoyer

from .models import (
    Adhesion,
    CampagneAnnuaire,
    ConfirmationAnnuaire,
    Departement,
    Organisation,
    TypeDispositif,
)

# (code, label, description) proposed to every département; the administrator edits them.
TYPES_PAR_DEFAUT = [
    ("fsl-maintien", "FSL — maintien dans le logement",
     "Fonds de solidarité pour le logement : aide au paiement de la dette de loyer."),
    ("fsl-acces", "FSL — accès au logement", "Dépôt de garantie, premier loyer, installation."),
    ("asll", "ASLL — accompagnement social lié au logement", ""),
    ("avdl", "AVDL — accompagnement vers et dans le logement", ""),
    ("clil", "CLIL — commission locale des impayés locatifs", ""),
    ("equipe-mobile", "Équipe mobile de prévention des expulsions", ""),
    ("permanence-juridique", "Permanence juridique, point d’accès au droit", ""),
    ("surendettement", "Surendettement (Banque de France)", ""),
    ("adil", "Conseil juridique logement (ADIL)", "Locataires et bailleurs, gratuit."),
    ("caf-impayes", "CAF / MSA — impayés et maintien de l’aide au logement", ""),
    ("masp", "MASP — mesure d’accompagnement social personnalisé", ""),
    ("siao", "SIAO — hébergement et logement adapté", ""),
]  # fmt: skip

RELANCES_MAX = 3


@transaction.atomic
def creer_types_par_defaut(*, departement: Departement, par) -> int:
    """Add the default types a département lacks (by code); returns how many were added."""
    existants = set(
        TypeDispositif.objects.filter(departement=departement).values_list("code", flat=True)
    )
    nouveaux = [
        TypeDispositif(
            departement=departement, code=code, libelle=libelle, description=description,
            ordre=(index + 1) * 10,
        )
        for index, (code, libelle, description) in enumerate(TYPES_PAR_DEFAUT)
        if code not in existants
    ]  # fmt: skip
    TypeDispositif.objects.bulk_create(nouveaux)
    return len(nouveaux)


@transaction.atomic
def enregistrer_entree(form, *, organisation: Organisation, par):
    """Save a referent or a scheme from its form, for `organisation`, noting who changed it."""
    entree = form.save(commit=False)
    entree.organisation = organisation
    entree.departement_id = organisation.departement_id
    entree.modifie_par = par
    entree.save()
    form.save_m2m()
    return entree


@transaction.atomic
def supprimer_entree(entree, *, par) -> None:
    entree.delete()


# --- Yearly confirmation campaign ------------------------------------------------------


def confirmation_en_cours(organisation: Organisation) -> ConfirmationAnnuaire | None:
    """The organisation's row in the latest campaign of its département, if any."""
    return (
        ConfirmationAnnuaire.objects.filter(organisation=organisation)
        .select_related("campagne")
        .order_by("-campagne__annee")
        .first()
    )


@transaction.atomic
def lancer_campagne(*, departement: Departement, annee: int, par=None) -> CampagneAnnuaire:
    """Open the year's campaign (once) with a row for every active organisation; the
    requests are e-mailed by `envoyer_demandes` (a job). Launching twice creates nothing
    twice, and an organisation created since is added."""
    campagne, _ = CampagneAnnuaire.objects.get_or_create(
        departement=departement, annee=annee, defaults={"lancee_par": par}
    )
    organisations = Organisation.objects.actives().filter(departement=departement)
    ConfirmationAnnuaire.objects.bulk_create(
        [ConfirmationAnnuaire(campagne=campagne, organisation=o) for o in organisations],
        ignore_conflicts=True,
    )
    return campagne


def _adresses(organisation_ids) -> dict[int, list[str]]:
    """Every active member of each organisation, whatever the role, and its shared mailbox."""
    adresses: dict[int, set[str]] = {pk: set() for pk in organisation_ids}
    for organisation_id, email in (
        Adhesion.objects.actives()
        .filter(organisation_id__in=organisation_ids, utilisateur__is_active=True)
        .values_list("organisation_id", "utilisateur__email")
    ):
        adresses[organisation_id].add(email)
    for pk, email in Organisation.objects.filter(pk__in=organisation_ids).values_list(
        "pk", "email_contact"
    ):
        adresses[pk].add(email)
    return {pk: adresses_utiles(valeurs) for pk, valeurs in adresses.items()}


def _envoyer(confirmations, *, relance: bool) -> int:
    adresses = _adresses([c.organisation_id for c in confirmations])
    envoyes = 0
    for confirmation in confirmations:
        lien = settings.SITE_URL + reverse(
            "partenaires:annuaire_organisation", args=[confirmation.organisation_id]
        )
        sujet = (
            "CCAPEX — " + ("relance : " if relance else "") + "confirmez vos entrées de l’annuaire"
        )
        envoyer(
            sujet,
            "partenaires/emails/annuaire_confirmation.txt",
            {"confirmation": confirmation, "lien": lien, "relance": relance},
            adresses[confirmation.organisation_id],
        )
        # Marked right after each message: a retried job skips what was sent.
        maintenant = timezone.now()
        if relance:
            confirmation.relancee_le = maintenant
            confirmation.nb_relances += 1
            confirmation.save(update_fields=["relancee_le", "nb_relances"])
        else:
            confirmation.envoyee_le = maintenant
            confirmation.save(update_fields=["envoyee_le"])
        envoyes += 1
    return envoyes


def envoyer_demandes(campagne_id: int) -> int:
    """Send the first request to every organisation of the campaign not yet asked."""
    a_envoyer = list(
        ConfirmationAnnuaire.objects.filter(
            campagne_id=campagne_id, envoyee_le__isnull=True, confirmee_le__isnull=True
        ).select_related("organisation", "campagne")
    )
    return _envoyer(a_envoyer, relance=False)


def relancer(aujourd_hui: date) -> int:
    """Remind the organisations that have not confirmed N days after the last message."""
    limite = aujourd_hui - timedelta(days=settings.ANNUAIRE_RELANCE_JOURS)
    dus = list(
        ConfirmationAnnuaire.objects.filter(
            confirmee_le__isnull=True,
            envoyee_le__isnull=False,
            nb_relances__lt=RELANCES_MAX,
            campagne__annee=aujourd_hui.year,
        )
        .filter(
            Q(relancee_le__isnull=True, envoyee_le__date__lte=limite)
            | Q(relancee_le__date__lte=limite)
        )
        .select_related("organisation", "campagne")
    )
    return _envoyer(dus, relance=True)


def date_de_campagne(annee: int) -> date | None:
    """The configured yearly launch date (`ANNUAIRE_CAMPAGNE_DATE`, « MM-JJ »), or None."""
    if not settings.ANNUAIRE_CAMPAGNE_DATE:
        return None
    mois, jour = (int(x) for x in settings.ANNUAIRE_CAMPAGNE_DATE.split("-"))
    return date(annee, mois, jour)


def campagnes_du_jour(aujourd_hui: date) -> dict:
    """Daily (beat): from the configured date on, open the year's campaign in every
    département that has none, send the requests not sent yet (a failed job's too), then
    the reminders that are due. Idempotent."""
    lancees = 0
    debut = date_de_campagne(aujourd_hui.year)
    if debut is not None and aujourd_hui >= debut:
        sans_campagne = Departement.objects.filter(organisations__active=True).exclude(
            campagnes_annuaire__annee=aujourd_hui.year
        )
        for departement in sans_campagne.distinct():
            lancer_campagne(departement=departement, annee=aujourd_hui.year)
            lancees += 1
    demandes = sum(
        envoyer_demandes(pk)
        for pk in CampagneAnnuaire.objects.filter(
            annee=aujourd_hui.year,
            confirmations__envoyee_le__isnull=True,
            confirmations__confirmee_le__isnull=True,
        )
        .values_list("pk", flat=True)
        .distinct()
    )
    return {"lancees": lancees, "demandes": demandes, "relances": relancer(aujourd_hui)}


@transaction.atomic
def confirmer(*, organisation: Organisation, par) -> ConfirmationAnnuaire | None:
    """The organisation says its entries are up to date; None when no campaign asks it."""
    confirmation = confirmation_en_cours(organisation)
    if confirmation is None:
        return None
    confirmation.confirmee_le = timezone.now()
    confirmation.confirmee_par = par
    confirmation.save(update_fields=["confirmee_le", "confirmee_par"])
    return confirmation
