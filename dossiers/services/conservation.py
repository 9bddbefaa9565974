"""Retention of household files (docs/conservation.md, LAW.md §3).

A file with no activity for the active-base period (dated reference data of its
département) is listed for the secretariat, who keeps it active with a written reason or
sends it to the intermediate archive; left undecided past a further delay, the nightly job
archives it. At the end of the archive period the job anonymises it: the registry of
`dossiers.conservation` says what each layer erases. The access log is kept
`CONSULTATIONS_CONSERVATION_JOURS` days; uploaded report files and their row-by-row reports,
which name thousands of households, the `conservation_imports` period.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from ccapex.enums import StatutTraitement
from ccapex.models import Traitement
from dossiers import journal, resume
from dossiers.conservation import (
    APRES_ARCHIVAGE,
    EFFACEMENTS,
    debut_du_jour,
    derniere_activite,
)
from dossiers.models import Consultation, ImportSignalements, Menage
from partenaires.models import Departement
from procedure.enums import CleRegle
from procedure.models import RegleJuridique
from procedure.referentiel import REFERENTIEL_PAR_DEFAUT


@dataclass(frozen=True)
class Limites:
    """Dates before which a file goes: last activity (to list it, to archive it without a
    decision), archive date (to anonymise it)."""

    activite: date
    archivage_automatique: date
    archive: date
    imports: date  # uploaded report files and their row-by-row reports


def limites(departement_code: str, aujourd_hui: date) -> Limites:
    """The periods in force today in this département (an administrator corrects them)."""
    regles = RegleJuridique.objects.referentiel(departement_code)

    def version(cle):
        # A database seeded before this rule existed: the seeded law rather than none.
        return regles.version(cle, aujourd_hui) or REFERENTIEL_PAR_DEFAUT.pour_departement(
            departement_code
        ).version(cle, aujourd_hui)

    activite = version(CleRegle.CONSERVATION_BASE_ACTIVE).avant(aujourd_hui)
    return Limites(
        activite=activite,
        archivage_automatique=version(CleRegle.CONSERVATION_DECISION).avant(activite),
        archive=version(CleRegle.CONSERVATION_ARCHIVE).avant(aujourd_hui),
        imports=version(CleRegle.CONSERVATION_IMPORTS).avant(aujourd_hui),
    )


def _par_departement(departement_ids, aujourd_hui, condition) -> Q:
    """OR of `condition(departement_id, limites)` over the départements: one query."""
    departements = Departement.objects.all()
    if departement_ids is not None:
        departements = departements.filter(pk__in=departement_ids)
    q = Q(pk__in=[])
    for pk, code in departements.values_list("pk", "code"):
        q |= Q(departement_id=pk) & condition(limites(code, aujourd_hui))
    return q


def avec_derniere_activite(menages):
    return menages.annotate(derniere_activite=derniere_activite())


def candidats_a_l_archivage(departement_ids=None, *, aujourd_hui: date):
    """Files of the active base whose last activity is older than the active period."""
    return (
        avec_derniere_activite(Menage.objects.en_base_active())
        .filter(
            _par_departement(
                departement_ids,
                aujourd_hui,
                lambda lim: Q(derniere_activite__lt=debut_du_jour(lim.activite)),
            )
        )
        .order_by("derniere_activite", "pk")
    )


def a_archiver_sans_decision(departement_ids=None, *, aujourd_hui: date):
    """Candidates left undecided past the secretariat's delay: the job archives them."""
    return candidats_a_l_archivage(departement_ids, aujourd_hui=aujourd_hui).filter(
        _par_departement(
            departement_ids,
            aujourd_hui,
            lambda lim: Q(derniere_activite__lt=debut_du_jour(lim.archivage_automatique)),
        )
    )


def a_anonymiser(departement_ids=None, *, aujourd_hui: date):
    """Archived files whose archive period is over, not anonymised yet."""
    return (
        Menage.objects.archives()
        .filter(anonymise_le__isnull=True)
        .filter(
            _par_departement(
                departement_ids,
                aujourd_hui,
                lambda lim: Q(archive_le__lt=debut_du_jour(lim.archive)),
            )
        )
        .order_by("archive_le", "pk")
    )


EN_COURS = (StatutTraitement.EN_ATTENTE, StatutTraitement.EN_COURS)
# A job queued longer ago than this and still « en attente » or « en cours » is stuck (beat
# queues a waiting one again, which resets its date): it no longer holds its file back.
ABANDON = timedelta(days=7)


def _jobs_en_cours():
    """Jobs queued or running that read their import's file: it waits for them."""
    return Traitement.objects.filter(
        statut__in=EN_COURS, mis_en_file_le__gte=timezone.now() - ABANDON
    )


def imports_expires(departement_ids=None, *, aujourd_hui: date):
    """Uploaded report files past their retention, not erased yet. One whose dry run or
    import is still queued or running waits for the next night: its job reads the file
    (unless stuck for `ABANDON`: a lost job does not keep it for ever)."""
    return (
        ImportSignalements.objects.filter(efface_le__isnull=True)
        .filter(
            _par_departement(
                departement_ids,
                aujourd_hui,
                lambda lim: Q(cree_le__lt=debut_du_jour(lim.imports)),
            )
        )
        .exclude(simulation__in=_jobs_en_cours())
        .exclude(traitement__in=_jobs_en_cours())
        .select_related("departement")
        .order_by("cree_le", "pk")
    )


@transaction.atomic
def effacer_imports(import_ids: list[int]) -> list[int]:
    """Delete the stored file and the reports' files, drop the report lines (references and
    dossier numbers, row by row) and keep the counters; files leave the storage once the
    transaction is committed. A constant number of queries; returns the erased ids.

    The rows are locked and checked again: an import confirmed, or a job retried, since the
    listing waits for the next night (its job reads the file); one erased since is left."""
    import_ids = list(import_ids)
    if not import_ids:
        return []
    # Import rows first, then their jobs: `confirmer` locks the import, `relancer` the job.
    imports = {
        pk: (fichier, [t for t in (simulation_id, traitement_id) if t is not None])
        for pk, fichier, simulation_id, traitement_id in ImportSignalements.objects.filter(
            pk__in=import_ids, efface_le__isnull=True
        )
        .select_for_update()
        .values_list("pk", "fichier", "simulation_id", "traitement_id")
    }
    jobs = dict(
        Traitement.objects.filter(pk__in=[t for _, ids in imports.values() for t in ids])
        .select_for_update()
        .values_list("pk", "fichier")
    )
    en_cours = set(_jobs_en_cours().filter(pk__in=jobs).values_list("pk", flat=True))
    effaces = [pk for pk, (_, ids) in imports.items() if en_cours.isdisjoint(ids)]
    if not effaces:
        return []
    traitement_ids = [t for pk in effaces for t in imports[pk][1]]
    fichiers = [imports[pk][0] for pk in effaces if imports[pk][0]]
    fichiers += [jobs[t] for t in traitement_ids if jobs[t]]
    ImportSignalements.objects.filter(pk__in=effaces).update(fichier="", efface_le=timezone.now())
    # The counters stay for the history of imports; the rows go, and a failure's message,
    # which may quote a row (a database error names the duplicate reference).
    with connection.cursor() as curseur:
        curseur.execute(
            f"UPDATE {Traitement._meta.db_table} SET fichier = '', message = '', "
            "resultat = (resultat - 'lignes') || '{\"lignes\": [], \"efface\": true}'::jsonb "
            "WHERE id = ANY(%s)",
            [traitement_ids],
        )
    transaction.on_commit(lambda: _supprimer_fichiers(fichiers))
    return effaces


def consultations_expirees(*, aujourd_hui: date):
    jours = settings.CONSULTATIONS_CONSERVATION_JOURS
    return Consultation.objects.filter(quand__lt=debut_du_jour(aujourd_hui - timedelta(days=jours)))


def _menage_actif(menage, departement_ids) -> Menage:
    """The file, locked, if it is still in the active base of one of these départements."""
    verrou = Menage.objects.select_for_update().filter(
        pk=menage.pk, departement_id__in=departement_ids, archive_le__isnull=True
    )
    objet = verrou.first()
    if objet is None:
        raise ValidationError("Ce dossier n’est plus en base active.")
    return objet


@transaction.atomic
def maintenir(*, menage, motif: str, par) -> None:
    """Keep the file active: the written reason is a journal entry, itself an activity."""
    motif = (motif or "").strip()
    if not motif:
        raise ValidationError("Indiquez pourquoi le dossier reste en base active.")
    objet = _menage_actif(menage, par.departements_du_secretariat)
    journal.conservation_maintenue(objet, par=par, motif=motif[:400])


@transaction.atomic
def archiver(*, menage, par, motif: str = "") -> None:
    """Send the file to the intermediate archive: read-only, for the `archives` role only."""
    objet = _menage_actif(menage, par.departements_du_secretariat)
    Menage.objects.filter(pk=objet.pk).update(archive_le=timezone.now())
    description = "Versé en archive intermédiaire par le secrétariat"
    journal.dossier_archive(
        objet, par=par, motif=f"{description} : {motif}" if motif else description
    )
    _apres_archivage([objet.pk])


def _apres_archivage(menage_ids: list[int]) -> None:
    if menage_ids:
        for fonction in APRES_ARCHIVAGE:
            fonction(menage_ids)


def _archiver_sans_decision(menage_ids: list[int]) -> None:
    Menage.objects.filter(pk__in=menage_ids, archive_le__isnull=True).update(
        archive_le=timezone.now()
    )
    journal.ecrire_en_masse(
        journal.ligne(
            journal.TypeEvenement.DOSSIER_ARCHIVE,
            "Versé en archive intermédiaire : aucune décision du secrétariat dans le délai",
            menage_id=pk,
        )
        for pk in menage_ids
    )
    _apres_archivage(menage_ids)


def _filtre_historique(effacement, pks, menage_ids) -> Q:
    """The history rows of the erased rows, and those of rows deleted since (a removed
    member or act) that still point to the same parent."""
    q = Q(id__in=pks)
    saut, _, reste = effacement.chemin.partition("__")
    if saut == "pk":
        return q
    champ = effacement.modele._meta.get_field(saut)
    if champ.many_to_one and champ.concrete:
        parents = (
            champ.related_model._default_manager.filter(**{f"{reste}__in": menage_ids}).values("pk")
            if reste
            else menage_ids
        )
        q |= Q(**{f"{champ.attname}__in": parents})
    return q


def _supprimer_fichiers(noms: list[str]) -> None:
    for nom in noms:
        default_storage.delete(nom)


@transaction.atomic
def anonymiser(menage_ids: list[int]) -> None:
    """Erase names, contacts, addresses, free texts and files of these files, in their rows
    and their history; keep codes, amounts and dates (the indicators count them). A
    constant number of queries whatever the number of files; files leave the storage once
    the transaction is committed."""
    menage_ids = list(menage_ids)
    if not menage_ids:
        return
    fichiers: list[str] = []
    # A notified decision is frozen by a trigger, but for its motives during this one
    # transaction-local switch (commission migration `decision_anonymisable`).
    with connection.cursor() as curseur:
        curseur.execute("SET LOCAL ccapex.anonymisation = 'on'")
    for effacement in EFFACEMENTS:
        lignes = effacement.modele._default_manager.filter(
            **{f"{effacement.chemin}__in": menage_ids}
        )
        pks = list(lignes.values_list("pk", flat=True).distinct())
        for champ in effacement.fichiers:
            fichiers += [
                nom
                for nom in effacement.modele._default_manager.filter(pk__in=pks)
                .exclude(**{champ: ""})
                .values_list(champ, flat=True)
                if nom
            ]
        champs = {**effacement.champs, **dict.fromkeys(effacement.fichiers, "")}
        effacement.modele._default_manager.filter(pk__in=pks).update(**champs)
        historique = getattr(effacement.modele, "history", None)
        if historique is not None:
            modele_historique = historique.model
            presents = {f.name for f in modele_historique._meta.concrete_fields}
            modele_historique.objects.filter(
                _filtre_historique(effacement, pks, menage_ids)
            ).update(**{k: v for k, v in champs.items() if k in presents})
    with connection.cursor() as curseur:
        curseur.execute("SET LOCAL ccapex.anonymisation = 'off'")
    # The stored summary copies the first member's name: recompute it from the erased rows.
    resume.actualiser(menage_ids)
    Menage.objects.filter(pk__in=menage_ids).update(anonymise_le=timezone.now())
    journal.ecrire_en_masse(
        journal.ligne(
            journal.TypeEvenement.DOSSIER_ANONYMISE,
            "Fin de l’archive intermédiaire : données personnelles effacées",
            menage_id=pk,
        )
        for pk in menage_ids
    )
    transaction.on_commit(lambda: _supprimer_fichiers(fichiers))


@dataclass
class RapportPurge:
    aujourd_hui: date
    candidats: list = field(default_factory=list)
    archivages: list = field(default_factory=list)
    anonymisations: list = field(default_factory=list)
    consultations: int = 0
    consultations_avant: datetime | None = None
    imports: list = field(default_factory=list)

    def lignes(self) -> list[str]:
        """What goes and why, one line per file (the command prints them)."""
        sortie = [f"Purge au {self.aujourd_hui:%d/%m/%Y}"]
        for titre, menages, pourquoi in (
            (
                "À décider par le secrétariat (page « Conservation »)",
                self.candidats,
                lambda m: (
                    f"dernière activité le {timezone.localdate(m.derniere_activite):%d/%m/%Y}"
                ),
            ),
            (
                "Versés en archive intermédiaire (pas de décision dans le délai)",
                self.archivages,
                lambda m: (
                    f"dernière activité le {timezone.localdate(m.derniere_activite):%d/%m/%Y}"
                ),
            ),
            (
                "Anonymisés (fin de l’archive intermédiaire)",
                self.anonymisations,
                lambda m: f"archivé le {timezone.localdate(m.archive_le):%d/%m/%Y}",
            ),
        ):
            sortie.append(f"{titre} : {len(menages)}")
            sortie += [f"  {m.numero} — {pourquoi(m)}" for m in menages]
        sortie.append(
            f"Fichiers d’import effacés (fin de leur durée de conservation) : {len(self.imports)}"
        )
        sortie += [
            f"  import n° {i.pk} « {i.nom_original} », département {i.departement.code}"
            f" — déposé le {timezone.localdate(i.cree_le):%d/%m/%Y}"
            for i in self.imports
        ]
        avant = f" (avant le {self.consultations_avant:%d/%m/%Y})" if self.consultations else ""
        sortie.append(
            f"Lignes du journal des consultations supprimées : {self.consultations}{avant}"
        )
        return sortie


def purger(*, aujourd_hui: date | None = None, dry_run: bool = False) -> RapportPurge:
    """The nightly job (and `manage.py purger`): archive undecided files, anonymise those
    at the end of their archive period, erase expired import files, delete the expired
    access log. Idempotent."""
    aujourd_hui = aujourd_hui or timezone.localdate()
    archivages = list(a_archiver_sans_decision(aujourd_hui=aujourd_hui))
    deja = {m.pk for m in archivages}
    rapport = RapportPurge(
        aujourd_hui=aujourd_hui,
        candidats=[m for m in candidats_a_l_archivage(aujourd_hui=aujourd_hui) if m.pk not in deja],
        archivages=archivages,
        anonymisations=list(a_anonymiser(aujourd_hui=aujourd_hui)),
        consultations=consultations_expirees(aujourd_hui=aujourd_hui).count(),
        consultations_avant=aujourd_hui - timedelta(days=settings.CONSULTATIONS_CONSERVATION_JOURS),
        imports=list(imports_expires(aujourd_hui=aujourd_hui)),
    )
    if dry_run:
        return rapport
    with transaction.atomic():
        _archiver_sans_decision([m.pk for m in archivages])
        anonymiser([m.pk for m in rapport.anonymisations])
        effaces = set(effacer_imports([i.pk for i in rapport.imports]))
        rapport.imports = [i for i in rapport.imports if i.pk in effaces]
        consultations_expirees(aujourd_hui=aujourd_hui)._raw_delete(Consultation.objects.db)
    return rapport
