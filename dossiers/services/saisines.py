"""The life of a referral: draft, submission (idempotent), triage, acceptance, dispatch."""

from __future__ import annotations

import secrets
from datetime import date

from celery import current_app
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from ccapex.courriels import adresses_utiles, envoyer_apres_commit
from ccapex.enums import EtatAnalyse
from ccapex.fichiers import verifier_ensemble
from dossiers import journal
from dossiers.enums import (
    TRANSITIONS_SAISINE,
    CanalSaisine,
    LienMembre,
    NatureSaisine,
    StatutSaisine,
    TypeMessage,
)
from dossiers.models import Document, EvenementJournal, MessageSaisine, Saisine
from dossiers.numerotation import prochain_numero
from dossiers.services import menages as services_menages
from dossiers.services.documents import TACHE_ANALYSE
from partenaires.enums import OrigineSaisine, origine_pour

CHAMPS_NON_MODELE = {
    "cle_idempotence", "issue_jugement", "documents_autres", "date_cdp", "date_assignation",
    "date_jugement", "date_cql", "date_requisition_cfp", "date_octroi_cfp", "document_dsf",
    "document_jugement", "document_decompte",
}  # fmt: skip


def changer_statut(saisine: Saisine, nouveau: str) -> None:
    if nouveau not in TRANSITIONS_SAISINE.get(saisine.statut, set()):
        raise ValidationError(
            f"Une saisine « {saisine.get_statut_display().lower()} » ne peut pas passer "
            f"à « {StatutSaisine(nouveau).label.lower()} »."
        )
    saisine.statut = nouveau


def _appliquer(saisine: Saisine, donnees: dict, actes_connus: list[dict]) -> None:
    for nom, valeur in donnees.items():
        if nom not in CHAMPS_NON_MODELE:
            setattr(saisine, nom, valeur)
    saisine.actes_connus = actes_connus


def _joindre(saisine: Saisine, documents, par) -> None:
    # Checked before any file is written; the caller holds the referral's row lock.
    deja = list(saisine.documents.values_list("taille", flat=True)) if saisine.pk else []
    verifier_ensemble(deja, [len(fichier.contenu) for _, fichier in documents])
    for type_, fichier in documents:
        document = Document(
            saisine=saisine,
            menage=saisine.menage,
            type=type_,
            nom=fichier.nom,
            type_mime=fichier.type_mime,
            taille=len(fichier.contenu),
            sha256=fichier.sha256,
            depose_par=par,
            analyse=fichier.analyse,
            analyse_le=timezone.now() if fichier.analyse == EtatAnalyse.SAIN else None,
        )
        document.fichier.save(fichier.nom, fichier.en_fichier(), save=False)
        # The file is written before the row: on rollback the file is orphaned, never attached.
        document.save()
        if document.analyse == EtatAnalyse.EN_COURS:
            # clamd gave no verdict at upload: try again once committed. Robust: with the
            # broker down the upload still succeeds, and beat takes pending files again.
            # Named, not imported: the task module imports the services.
            # (A lambda, not a partial: Django logs a failing callback by its __qualname__.)
            transaction.on_commit(lambda pk=document.pk: _analyser_plus_tard(pk), robust=True)


def _analyser_plus_tard(document_id: int) -> None:
    current_app.tasks[TACHE_ANALYSE].delay(document_id)


@transaction.atomic
def enregistrer(
    *, cle, donnees: dict, actes_connus, documents, par, organisation, departement, canal, envoyer
) -> tuple[Saisine, bool]:
    """Create or update the referral carrying this key; submit it when `envoyer`.

    Idempotent: a replayed or doubled request finds the referral by its key; once submitted,
    it is returned as is (second value False) and nothing is created or changed twice."""
    saisine = Saisine.objects.select_for_update().filter(cle_idempotence=cle).first()
    if saisine is None:
        saisine = Saisine(
            cle_idempotence=cle,
            departement=departement,
            nature=NatureSaisine.COMPLEXE,
            canal=canal,
            organisation=organisation,
            origine=origine_pour(organisation.type) if organisation else OrigineSaisine.MENAGE,
            deposee_par=par,
        )
    elif saisine.organisation_id != (organisation.pk if organisation else None):
        raise ValidationError("Cette saisine appartient à une autre organisation.")
    elif saisine.statut not in (StatutSaisine.BROUILLON, StatutSaisine.INCOMPLETE):
        return saisine, False
    _appliquer(saisine, donnees, actes_connus)
    saisine._history_user = par
    try:
        with transaction.atomic():
            saisine.save()
    except IntegrityError:
        # The same key arrived at the same time through another request: keep the first.
        return Saisine.objects.get(cle_idempotence=cle), False
    _joindre(saisine, documents, par)
    if envoyer:
        soumettre(saisine, par=par)
    return saisine, True


def soumettre(saisine: Saisine, *, par) -> Saisine:
    """Number the referral and put it in the triage queue (or back after completion)."""
    if saisine.statut == StatutSaisine.INCOMPLETE:
        changer_statut(saisine, StatutSaisine.COMPLETEE)
        saisine.save(update_fields=["statut", "modifiee_le"])
        journal.saisine_evenement(
            saisine,
            journal.TypeEvenement.SAISINE_COMPLETEE,
            "Saisine complétée par le partenaire",
            par=par,
        )
        return saisine
    changer_statut(saisine, StatutSaisine.SOUMISE)
    saisine.numero = prochain_numero(
        departement=saisine.departement, annee=timezone.localdate().year, serie="saisine"
    )
    saisine.soumise_le = timezone.now()
    saisine.save(update_fields=["statut", "numero", "soumise_le", "modifiee_le"])
    journal.saisine_evenement(
        saisine, journal.TypeEvenement.SAISINE_RECUE, f"Saisine {saisine.numero} reçue", par=par
    )
    contexte = {
        "saisine": saisine,
        "lien": settings.SITE_URL + reverse("commission:espace_partenaire"),
    }
    envoyer_apres_commit(
        f"CCAPEX — saisine {saisine.numero} reçue",
        "emails/saisine_recue.txt",
        contexte,
        _adresses_du_deposant(saisine),
    )
    return saisine


def _adresses_du_deposant(saisine: Saisine) -> list[str]:
    """Who hears back about a referral: its author and the organisation's shared mailbox
    (the author may be away), or the household when it referred itself."""
    adresses = {saisine.deposee_par.email if saisine.deposee_par else ""}
    if saisine.organisation:
        adresses.add(saisine.organisation.email_contact)
    else:
        adresses.add(saisine.email)
    return adresses_utiles(adresses)


@transaction.atomic
def demander_complement(saisine: Saisine, *, texte: str, par) -> MessageSaisine:
    saisine = Saisine.objects.select_for_update().get(pk=saisine.pk)
    changer_statut(saisine, StatutSaisine.INCOMPLETE)
    saisine.traitee_par, saisine.traitee_le = par, timezone.now()
    saisine.save(update_fields=["statut", "traitee_par", "traitee_le", "modifiee_le"])
    message = MessageSaisine.objects.create(
        saisine=saisine, type=TypeMessage.DEMANDE_COMPLEMENT, auteur=par, texte=texte
    )
    journal.saisine_evenement(
        saisine,
        journal.TypeEvenement.SAISINE_COMPLEMENT_DEMANDE,
        f"Complément demandé : {texte[:200]}",
        par=par,
    )
    envoyer_apres_commit(
        f"CCAPEX — saisine {saisine.numero} : complément demandé",
        "emails/saisine_complement.txt",
        {
            "saisine": saisine,
            "message": message,
            "lien": settings.SITE_URL + reverse("dossiers:saisine_partenaire", args=[saisine.pk]),
        },
        _adresses_du_deposant(saisine),
    )
    return message


@transaction.atomic
def repondre(saisine: Saisine, *, texte: str, par) -> MessageSaisine:
    return MessageSaisine.objects.create(
        saisine=saisine, type=TypeMessage.REPONSE, auteur=par, texte=texte
    )


@transaction.atomic
def declarer_irrecevable(saisine: Saisine, *, motif: str, par) -> Saisine:
    saisine = Saisine.objects.select_for_update().get(pk=saisine.pk)
    changer_statut(saisine, StatutSaisine.IRRECEVABLE)
    saisine.motif_irrecevabilite = motif
    saisine.traitee_par, saisine.traitee_le = par, timezone.now()
    saisine.save()
    journal.saisine_evenement(
        saisine,
        journal.TypeEvenement.SAISINE_IRRECEVABLE,
        f"Non recevable : {motif[:200]}",
        par=par,
    )
    return saisine


@transaction.atomic
def accepter(saisine: Saisine, *, par, menage=None):
    """Admissible: attach the referral to the household (known, or created from the form),
    and to its procedure with the acts and debt declared. Everything or nothing."""
    saisine = Saisine.objects.select_for_update().get(pk=saisine.pk)
    changer_statut(saisine, StatutSaisine.RECEVABLE)
    if menage is None and saisine.commune_id is None:
        raise ValidationError(
            "La commune du logement n’est pas connue : rattachez la saisine à un dossier "
            "existant ou demandez un complément au partenaire."
        )
    if menage is not None:
        services_menages.verrouiller_actif(menage)
    if menage is None:
        menage = services_menages.creer_menage(
            departement=saisine.departement,
            par=par,
            membres=[
                {
                    "nom": saisine.nom,
                    "prenom": saisine.prenom,
                    "date_naissance": saisine.date_naissance,
                    "lien": LienMembre.DEMANDEUR,
                }
            ],
            adresse=saisine.adresse,
            complement_adresse=saisine.complement_adresse,
            commune=saisine.commune,
            telephone=saisine.telephone,
            email=saisine.email,
            numero_allocataire=saisine.numero_allocataire,
        )
    if saisine.procedure is None:
        saisine.procedure = _procedure_declaree(saisine, menage, par)
    saisine.menage = menage
    saisine.traitee_par, saisine.traitee_le = par, timezone.now()
    saisine.save()
    Document.objects.filter(saisine=saisine).update(menage=menage)
    # The referral's earlier events join the household's journal.
    EvenementJournal.objects.filter(saisine=saisine, menage__isnull=True).update(menage=menage)
    journal.saisine_evenement(
        saisine,
        journal.TypeEvenement.SAISINE_ACCEPTEE,
        f"Saisine {saisine.numero} recevable, rattachée au dossier {menage.numero}",
        par=par,
    )
    return menage


def _procedure_declaree(saisine: Saisine, menage, par):
    procedure = services_menages.creer_procedure_du_menage(
        menage,
        par=par,
        locataires=f"{saisine.prenom} {saisine.nom}".strip(),
        adresse=saisine.adresse,
        complement_adresse=saisine.complement_adresse,
        commune=saisine.commune,
        parc=saisine.parc,
        motif=saisine.motif,
        bailleur_organisation=saisine.bailleur_organisation,
        bailleur_nom=saisine.bailleur_nom,
        bailleur_nature=saisine.bailleur_nature or "personne_morale",
        loyer_hc=saisine.loyer_hc,
        charges=saisine.charges,
        numero_rg=saisine.numero_rg,
    )
    for acte in sorted(saisine.actes_connus, key=lambda a: a["date"]):
        services_menages.ajouter_acte(
            menage,
            procedure,
            par=par,
            type=acte["type"],
            date=date.fromisoformat(acte["date"]),
            issue_jugement=acte.get("issue_jugement", ""),
            source="saisine",
        )
    if saisine.montant_dette is not None:
        services_menages.enregistrer_dette(
            menage,
            procedure,
            par=par,
            date=saisine.date_dette or saisine.soumise_le.date(),
            montant=saisine.montant_dette,
            mois_impayes=saisine.mois_impayes,
            commentaire=f"Déclarée dans la saisine {saisine.numero}",
        )
    return procedure


# --- The household's own referral -----------------------------------------------------


@transaction.atomic
def deposer_par_le_menage(*, cle, donnees, actes_connus, documents, departement) -> Saisine:
    """Kept as a draft until the household confirms its e-mail address (abuse protection)."""
    saisine, _ = enregistrer(
        cle=cle,
        donnees=donnees,
        actes_connus=actes_connus,
        documents=documents,
        par=None,
        organisation=None,
        departement=departement,
        canal=CanalSaisine.FORMULAIRE_MENAGE,
        envoyer=False,
    )
    if not saisine.jeton_confirmation and saisine.statut == StatutSaisine.BROUILLON:
        saisine.jeton_confirmation = secrets.token_urlsafe(32)
        saisine.save(update_fields=["jeton_confirmation"])
        lien = settings.SITE_URL + reverse(
            "dossiers:confirmer_saisine", args=[saisine.jeton_confirmation]
        )
        envoyer_apres_commit(
            "CCAPEX — confirmez votre demande",
            "emails/saisine_confirmation_menage.txt",
            {
                "saisine": saisine,
                "lien": lien,
                "lien_confidentialite": settings.SITE_URL + reverse("donnees_personnelles"),
            },
            [saisine.email],
        )
    return saisine


@transaction.atomic
def confirmer_par_le_menage(jeton: str) -> Saisine | None:
    saisine = Saisine.objects.select_for_update().filter(jeton_confirmation=jeton).first()
    if saisine is None:
        return None
    if saisine.statut == StatutSaisine.BROUILLON:
        soumettre(saisine, par=None)
    return saisine
