"""Everything held about one household, for an access request (RGPD art. 15): the file, its
members, procedures and acts, debts, referrals with their documents, examinations,
recommendations and follow-ups, decisions, letters, the journal and the reads of the file.
Read as JSON and as a PDF (docs/conservation.md). Each row is listed field by field from
the model, so a field added later appears in the export without a change here."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from commission.models import (
    Bilan,
    Courrier,
    Decision,
    Examen,
    Preconisation,
    SignalementChangement,
    SuiviPreconisation,
    Transfert,
)
from dossiers import journal
from dossiers.models import (
    Consultation,
    Document,
    EvenementJournal,
    MembreMenage,
    MessageSaisine,
    Mesure,
    Ressource,
    Saisine,
)
from procedure.models import ActeProcedure, EtatDette, Procedure

# Technical columns that hold nothing about the person (search index, tokens, locks).
TECHNIQUES = {"texte_recherche", "jeton_confirmation", "cle_idempotence", "version", "menage"}


def _valeur(objet, champ):
    if champ.choices:
        return getattr(objet, f"get_{champ.name}_display")()
    if champ.is_relation:
        cible = getattr(objet, champ.name)
        return None if cible is None else str(cible)
    valeur = getattr(objet, champ.attname)
    if isinstance(valeur, FieldFile):
        return valeur.name or None
    if isinstance(valeur, datetime):
        return timezone.localtime(valeur).isoformat(timespec="seconds")
    if isinstance(valeur, date):
        return valeur.isoformat()
    if isinstance(valeur, Decimal | UUID):
        return str(valeur)
    return valeur


def _ligne(objet) -> dict:
    """Field label → readable value, for every stored field of the row."""
    return {
        str(champ.verbose_name): _valeur(objet, champ)
        for champ in objet._meta.concrete_fields
        if champ.name not in TECHNIQUES
    }


def _section(cle: str, titre: str, lignes) -> dict:
    if isinstance(lignes, QuerySet):
        # Every foreign key of the row is printed: joined once, not read row by row.
        liens = [
            f.name
            for f in lignes.model._meta.concrete_fields
            if f.is_relation and f.name not in TECHNIQUES
        ]
        lignes = lignes.select_related(*liens)
    return {"cle": cle, "titre": titre, "lignes": [_ligne(o) for o in lignes]}


def donnees_du_menage(menage) -> dict:
    """The whole file as a JSON-ready dict, sections in a fixed order."""
    procedures = Procedure.objects.filter(menages=menage).select_related(
        "commune", "bailleur_organisation"
    )
    saisines = Saisine.objects.filter(menage=menage).select_related(
        "departement", "organisation", "commune", "deposee_par"
    )
    examens = Examen.objects.filter(menage=menage).select_related("seance__commission")
    preconisations = Preconisation.objects.filter(examen__menage=menage).select_related(
        "type", "destinataire_organisation", "examen__seance"
    )
    sections = [
        _section("dossier", "Dossier", [menage]),
        _section("membres", "Membres du ménage", MembreMenage.objects.filter(menage=menage)),
        _section("ressources", "Ressources", Ressource.objects.filter(menage=menage)),
        _section("mesures", "Mesures", Mesure.objects.filter(menage=menage)),
        _section("procedures", "Procédures", procedures),
        _section(
            "actes",
            "Actes de procédure",
            ActeProcedure.objects.filter(procedure__menages=menage).select_related("procedure"),
        ),
        _section(
            "dettes",
            "États de la dette",
            EtatDette.objects.filter(procedure__menages=menage).select_related("procedure"),
        ),
        _section("saisines", "Saisines", saisines),
        _section(
            "messages",
            "Messages des saisines",
            MessageSaisine.objects.filter(saisine__menage=menage).select_related("saisine"),
        ),
        _section(
            "documents",
            "Documents (liste)",
            Document.objects.filter(Q(menage=menage) | Q(saisine__menage=menage)).select_related(
                "saisine", "depose_par"
            ),
        ),
        _section("examens", "Examens en séance", examens),
        _section("preconisations", "Préconisations", preconisations),
        _section(
            "suivis",
            "Suivis des préconisations",
            SuiviPreconisation.objects.filter(preconisation__examen__menage=menage).select_related(
                "preconisation__type", "repondu_par"
            ),
        ),
        _section(
            "bilans",
            "Bilans à 12 mois",
            Bilan.objects.filter(examen__menage=menage).select_related("examen__seance"),
        ),
        _section(
            "decisions",
            "Décisions",
            Decision.objects.filter(menage=menage).select_related(
                "type", "seance", "destinataire_organisation", "prise_par"
            ),
        ),
        _section(
            "courriers",
            "Courriers",
            Courrier.objects.filter(menage=menage).select_related(
                "seance", "destinataire_organisation"
            ),
        ),
        _section(
            "changements",
            "Changements de situation signalés",
            SignalementChangement.objects.filter(menage=menage).select_related("organisation"),
        ),
        _section(
            "transferts",
            "Transferts",
            Transfert.objects.filter(menage=menage).select_related("depuis", "vers"),
        ),
        _section(
            "journal",
            "Journal du dossier",
            EvenementJournal.objects.filter(Q(menage=menage) | Q(saisine__menage=menage))
            .select_related("auteur", "saisine")
            .order_by("quand", "id"),
        ),
        _section(
            "consultations",
            "Consultations du dossier (journal des accès)",
            Consultation.objects.filter(menage=menage)
            .select_related("utilisateur")
            .order_by("quand", "id"),
        ),
    ]
    return {
        "menage": menage.numero,
        "genere_le": timezone.localtime().isoformat(timespec="seconds"),
        "sections": sections,
    }


@transaction.atomic
def exporter(*, menage, par, format: str) -> dict:
    """The export, journaled on the file (a retention entry: not a contact)."""
    donnees = donnees_du_menage(menage)
    journal.donnees_exportees(menage, par=par, format=format)
    return donnees
