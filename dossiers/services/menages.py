from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from ccapex.concurrence import sauvegarder_versionne
from dossiers import journal, recherche, resume
from dossiers.enums import StatutMenage
from dossiers.models import (
    MembreMenage,
    Menage,
    MenageProcedure,
)
from dossiers.numerotation import prochain_numero
from dossiers.verrous import partager_le_menage, partager_les_procedures
from procedure import services as procedure_services


@transaction.atomic
def creer_menage(*, departement, par, membres: list[dict] | tuple = (), **champs) -> Menage:
    """A new dossier with its number (gap-free per département and year) and its members."""
    menage = Menage(departement=departement, cree_par=par, modifie_par=par, **champs)
    menage.numero = prochain_numero(
        departement=departement, annee=timezone.localdate().year, serie="dossier"
    )
    menage.full_clean()
    menage._history_user = par
    menage.save()
    for donnees in membres:
        membre = MembreMenage(menage=menage, **donnees)
        membre.full_clean()
        membre._history_user = par
        membre.save()
    recherche.actualiser([menage.pk])
    resume.actualiser([menage.pk])
    journal.menage_cree(menage, par=par)
    return menage


def verrouiller_actif(menage: Menage, *procedure_ids: int) -> None:
    """Before writing to a household or its procedures (in a transaction): refuse a merged
    one, whose dossier now lives in the one kept. Its procedures are locked first, then the
    household, the order of the procedure services, the import and the merge."""
    for procedure_id in sorted(procedure_ids):
        procedure_services.verrouiller(procedure_id)
    with connection.cursor() as curseur:
        statut, garde = partager_le_menage(curseur, menage.pk)
    if statut == StatutMenage.FUSIONNE:
        raise _refus_fusionne(garde)


def refuser_si_fusionne(menage: Menage) -> None:
    """Without a lock: a form posted on a dossier already merged (a page loaded before the
    merge) gets the refusal the services give, before its input is even checked."""
    if menage.statut == StatutMenage.FUSIONNE:
        raise _refus_fusionne(menage.fusionne_dans.numero)


def _refus_fusionne(garde: str) -> ValidationError:
    return ValidationError(
        f"Ce dossier a été fusionné dans le dossier {garde} : "
        "rien ne s’y enregistre plus, ouvrez celui-ci."
    )


@transaction.atomic
def modifier_menage(menage: Menage, *, par, version_lue: int, champs: dict, formsets=()) -> Menage:
    """Save the household and its members, resources and measures, or nothing at all."""
    verrouiller_actif(menage)
    modifies = [nom for nom, valeur in champs.items() if getattr(menage, nom) != valeur]
    for nom, valeur in champs.items():
        setattr(menage, nom, valeur)
    menage.modifie_par = par
    menage.full_clean()
    sauvegarder_versionne(menage, version_lue=version_lue, par=par)
    for formset in formsets:
        if formset.has_changed():
            modifies.append(str(formset.model._meta.verbose_name_plural))
        for objet in formset.save(commit=False):
            objet._history_user = par
            objet.save()
        for objet in formset.deleted_objects:
            objet._history_user = par
            objet.delete()
    recherche.actualiser([menage.pk])  # address, commune or members may have changed
    resume.actualiser([menage.pk])  # the first member may have changed
    if modifies:
        libelles = [_libelle(menage, nom) for nom in modifies]
        journal.menage_modifie(menage, par=par, champs=libelles)
    return menage


def _libelle(objet, nom: str) -> str:
    try:
        return str(objet._meta.get_field(nom).verbose_name)
    except Exception:
        return nom


@transaction.atomic
def lier_procedure(menage: Menage, procedure, *, par) -> None:
    verrouiller_actif(menage)  # creer_procedure_du_menage's check too (its procedure rolls back)
    MenageProcedure.objects.create(menage=menage, procedure=procedure)
    recherche.actualiser([menage.pk])
    resume.actualiser([menage.pk])  # the procedure linked may be the current one
    journal.ecrire(
        menage,
        journal.TypeEvenement.PROCEDURE_LIEE,
        f"Procédure rattachée : {procedure}",
        par=par,
        procedure_id=procedure.pk,
    )


@transaction.atomic
def creer_procedure_du_menage(menage: Menage, *, par, **champs):
    procedure = procedure_services.creer_procedure(par=par, **champs)
    lier_procedure(menage, procedure, par=par)
    return procedure


@transaction.atomic
def modifier_procedure(menage: Menage, procedure, *, par, version_lue: int, **champs):
    verrouiller_actif(menage, procedure.pk)
    modifies = [
        _libelle(procedure, nom)
        for nom, valeur in champs.items()
        if getattr(procedure, nom) != valeur
    ]
    procedure_services.modifier_procedure(procedure, par=par, version_lue=version_lue, **champs)
    # Court number, tenants or address may have changed: every household of the procedure.
    recherche.actualiser(
        MenageProcedure.objects.filter(procedure=procedure).values_list("menage_id", flat=True)
    )
    if modifies:
        journal.procedure_modifiee(menage, procedure, par=par, champs=modifies)
    return procedure


@transaction.atomic
def ajouter_acte(menage: Menage, procedure, *, par, **champs):
    verrouiller_actif(menage, procedure.pk)
    acte = procedure_services.ajouter_acte(procedure, par=par, **champs)
    journal.acte_ajoute(menage, acte, par=par)
    return acte


@transaction.atomic
def corriger_acte(menage: Menage, acte, *, par, version_lue: int, **champs):
    verrouiller_actif(menage, acte.procedure_id)
    avant = {nom: getattr(acte, nom) for nom in champs}
    procedure_services.corriger_acte(acte, par=par, version_lue=version_lue, **champs)
    modifies = [_libelle(acte, nom) for nom, valeur in champs.items() if avant[nom] != valeur]
    journal.acte_corrige(menage, acte, par=par, champs=modifies)
    return acte


@transaction.atomic
def supprimer_acte(menage: Menage, acte, *, par) -> None:
    verrouiller_actif(menage, acte.procedure_id)
    description = str(acte)
    procedure_services.supprimer_acte(acte, par=par)
    journal.acte_supprime(menage, description, par=par)


LONGUEUR_NOTE = 493  # the journal's description holds 500, « Note : » included


@transaction.atomic
def ecrire_note(menage: Menage, *, texte: str, par):
    texte = " ".join(texte.split())
    if not texte:
        raise ValidationError("Écrivez la note avant de l’enregistrer.")
    if len(texte) > LONGUEUR_NOTE:
        # Never cut silently: the journal line holds « Note : » and 493 characters.
        raise ValidationError(
            f"La note compte {len(texte)} caractères : {LONGUEUR_NOTE} au plus. Raccourcissez-la."
        )
    verrouiller_actif(menage)
    return journal.note(menage, texte, par=par)


@transaction.atomic
def enregistrer_dette(menage: Menage, procedure, *, par, **champs):
    verrouiller_actif(menage, procedure.pk)
    dette = procedure_services.enregistrer_dette(procedure, par=par, **champs)
    journal.dette_enregistree(menage, dette, par=par)
    return dette


@transaction.atomic
def fusionner(garde: Menage, absorbe: Menage, *, par) -> Menage:
    """Merge a duplicate into the dossier kept: every procedure, act, referral, document,
    examination, letter, measure and journal line follows; the duplicate stays, marked."""
    if garde.pk == absorbe.pk:
        raise ValidationError("On ne fusionne pas un dossier avec lui-même.")
    if garde.departement_id != absorbe.departement_id:
        raise ValidationError("Les deux dossiers doivent appartenir au même département.")
    verrous = _verrouiller_pour_fusionner(garde.pk, absorbe.pk)
    if any(m.statut == StatutMenage.FUSIONNE for m in verrous):
        raise ValidationError("L’un des deux dossiers a déjà été fusionné.")
    # Read through the reverse relation: examinations belong to the commission app, above us.
    if absorbe.examens.filter(seance__in=garde.examens.values("seance")).exists():
        raise ValidationError(
            "Les deux dossiers ont été examinés dans la même séance : corrigez l’ordre du jour "
            "avant de les fusionner."
        )
    connus = {(m.nom.lower(), m.date_naissance) for m in garde.membres.all()}
    for membre in absorbe.membres.all():
        if (membre.nom.lower(), membre.date_naissance) not in connus:
            membre.menage = garde
            membre._history_user = par
            membre.save(update_fields=["menage"])
    for relation in _rattachements_au_menage():
        relation.related_model.objects.filter(**{relation.field.name: absorbe}).update(
            **{relation.field.name: garde}
        )
    absorbe.statut = StatutMenage.FUSIONNE
    absorbe.fusionne_dans = garde
    absorbe._history_user = par
    absorbe.save(update_fields=["statut", "fusionne_dans", "modifie_le"])
    # A dossier merged earlier into the duplicate now lives in the kept one: pointed there
    # directly, its page and its stale forms lead to (and their refusals name) the dossier
    # to open, not the duplicate, itself merged. Few rows; saved one by one for the history.
    for ancien in Menage.objects.filter(fusionne_dans=absorbe).order_by("pk"):
        ancien.fusionne_dans = garde
        ancien._history_user = par
        ancien.save(update_fields=["fusionne_dans", "modifie_le"])
    recherche.actualiser([garde.pk, absorbe.pk])  # members and procedures moved
    resume.actualiser([garde.pk, absorbe.pk])
    journal.menages_fusionnes(garde, absorbe, par=par)
    return garde


def _verrouiller_pour_fusionner(garde_id: int, absorbe_id: int) -> list[Menage]:
    """The households' procedures FOR SHARE, then the households, in the order writers lock
    them (procedure, then household): an edit of a procedure under way commits before the
    merge computes text and summary, or waits for the merge and finds the procedure moved.
    Returns the two households, locked."""
    ids = [garde_id, absorbe_id]
    with connection.cursor() as curseur:
        partager_les_procedures(curseur, ids)
        # The dossiers merged earlier into the duplicate, re-pointed to the kept one below,
        # locked with the two in one id order: taken after them, a stale merge of one of
        # them (its id first, then the kept one's) waited for us while we waited for it. One
        # merged into the duplicate while we waited is re-pointed too, its lock taken then:
        # out of order, a detected deadlock at worst (rolled back).
        anciens = list(Menage.objects.filter(fusionne_dans_id=absorbe_id).values_list("pk"))
        # Id order, as `verrouiller_menages`: the model's default order (newest first) could
        # deadlock with an actualiser([garde, absorbe]) of another transaction.
        menages = list(
            Menage.objects.select_for_update()
            .filter(pk__in=ids + [pk for (pk,) in anciens])
            .order_by("pk")
        )
        # A procedure linked while we waited, locked too: in the reverse order, a detected
        # deadlock at worst (rolled back) rather than a stale text.
        partager_les_procedures(curseur, ids)
    return [m for m in menages if m.pk in ids]


def _rattachements_au_menage():
    """Every kind of row that points to a household, whatever app holds it (referrals,
    documents, examinations, letters…), read from the model graph: a model added later
    follows merges without a change here. Members are merged apart (duplicates skipped);
    historical rows keep what they recorded."""
    return [
        relation
        for relation in Menage._meta.related_objects
        if relation.one_to_many and relation.related_model not in (Menage, MembreMenage)
    ]
