"""Retention of household files (docs/conservation.md): what counts as activity on a file,
and what anonymisation erases. Both are registries: this app declares its own models here,
`commission` declares its own in `CommissionConfig.ready()`, so the purge walks every layer
without importing the ones above it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db import models
from django.db.models import DateTimeField, Max, OuterRef, Q, Subquery
from django.db.models.functions import Cast, Greatest
from django.utils import timezone


@dataclass(frozen=True)
class SourceActivite:
    """A dated row that is a contact or an activity on the file reached by `chemin`."""

    modele: type[models.Model]
    chemin: str  # lookup from the row to its household (`menage`, `examen__menage`…)
    champ: str  # the date or date-time of the activity
    filtre: Q = field(default_factory=Q)
    libelle: str = ""


@dataclass(frozen=True)
class Effacement:
    """What anonymisation writes on the rows of a file reached by `chemin`: each field of
    `champs` takes its value (a blank, or an expression), each file of `fichiers` is deleted
    from storage. Codes, amounts and dates the indicators count are never listed here."""

    modele: type[models.Model]
    chemin: str
    champs: dict = field(default_factory=dict)
    fichiers: tuple[str, ...] = ()


SOURCES_D_ACTIVITE: list[SourceActivite] = []
EFFACEMENTS: list[Effacement] = []
# Called with the ids of files just archived: a layer drops them from what it keeps
# outside the rows (a session's stored agenda PDFs name several households).
APRES_ARCHIVAGE: list = []


def declarer_activite(modele, chemin: str, champ: str, *, filtre: Q | None = None, libelle=""):
    SOURCES_D_ACTIVITE.append(SourceActivite(modele, chemin, champ, filtre or Q(), libelle))


def declarer_effacement(modele, chemin: str, *, champs=None, fichiers=()):
    EFFACEMENTS.append(Effacement(modele, chemin, dict(champs or {}), tuple(fichiers)))


def declarer_apres_archivage(fonction):
    APRES_ARCHIVAGE.append(fonction)


def derniere_activite():
    """SQL expression: the date-time of the latest activity on the file (`OuterRef("pk")`),
    the file's creation at the least. PostgreSQL's GREATEST skips the NULLs of sources
    that have no row for this file."""
    expressions = [Cast("cree_le", DateTimeField())]
    for source in SOURCES_D_ACTIVITE:
        lignes = (
            source.modele._default_manager.filter(source.filtre, **{source.chemin: OuterRef("pk")})
            .order_by()
            .values(source.chemin)
            .annotate(d=Max(source.champ))
            .values("d")
        )
        expressions.append(Cast(Subquery(lignes[:1]), DateTimeField()))
    return Greatest(*expressions, output_field=DateTimeField())


def debut_du_jour(jour: date) -> datetime:
    return timezone.make_aware(datetime.combine(jour, time.min))


def declarer_les_modeles_du_dossier():
    """This app's part of both registries (called by `DossiersConfig.ready`)."""
    from django.db.models import Case, Value, When

    from dossiers.journal import TYPES_HORS_ACTIVITE
    from dossiers.models import (
        Document,
        EvenementJournal,
        MembreMenage,
        Menage,
        MessageSaisine,
        Mesure,
        Saisine,
    )
    from procedure.models import ActeProcedure, EtatDette, Procedure

    declarer_activite(ActeProcedure, "procedure__menages", "date", libelle="acte de procédure")
    declarer_activite(EtatDette, "procedure__menages", "date", libelle="état de la dette")
    declarer_activite(Saisine, "menage", "soumise_le", libelle="saisine")
    declarer_activite(Document, "menage", "depose_le", libelle="document")
    declarer_activite(Document, "saisine__menage", "depose_le", libelle="document")
    declarer_activite(
        EvenementJournal,
        "menage",
        "quand",
        # An agent's entry; retention's own entries (archive, export) are not a contact.
        filtre=Q(auteur__isnull=False) & ~Q(type__in=TYPES_HORS_ACTIVITE),
        libelle="entrée du journal par un agent",
    )

    vide = ""
    declarer_effacement(
        Menage,
        "pk",
        champs={
            "adresse": vide,
            "complement_adresse": vide,
            "telephone": vide,
            "email": vide,
            "numero_allocataire": vide,
            "referent_social": vide,
            "dls_numero": vide,
            "observations": vide,
            "texte_recherche": vide,
        },
    )
    declarer_effacement(
        MembreMenage, "menage", champs={"nom": "Anonyme", "prenom": vide, "date_naissance": None}
    )
    declarer_effacement(Mesure, "menage", champs={"commentaire": vide})
    declarer_effacement(
        Procedure,
        "menages",
        champs={
            "locataires": vide,
            "adresse": vide,
            "complement_adresse": vide,
            "numero_rg": vide,
            # A landlord named by hand may be a person; a check wants a name or an organisation.
            "bailleur_nom": Case(When(bailleur_nom="", then=Value("")), default=Value("Anonyme")),
        },
    )
    declarer_effacement(ActeProcedure, "procedure__menages", champs={"commentaire": vide})
    declarer_effacement(EtatDette, "procedure__menages", champs={"commentaire": vide})
    declarer_effacement(
        Saisine,
        "menage",
        champs={
            "nom": vide,
            "prenom": vide,
            "date_naissance": None,
            "telephone": vide,
            "email": vide,
            "adresse": vide,
            "complement_adresse": vide,
            "numero_allocataire": vide,
            "bailleur_nom": vide,
            "numero_rg": vide,
            "demande": vide,
            "consentement_recueilli_par": vide,
            "motif_irrecevabilite": vide,
            "jeton_confirmation": vide,
        },
    )
    declarer_effacement(MessageSaisine, "saisine__menage", champs={"texte": vide})
    for chemin in ("menage", "saisine__menage"):
        declarer_effacement(Document, chemin, champs={"nom": vide}, fichiers=("fichier",))
        declarer_effacement(EvenementJournal, chemin, champs={"description": vide, "donnees": {}})
