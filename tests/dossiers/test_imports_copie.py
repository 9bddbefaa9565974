"""`copie.inserer` writes through COPY's text format: values must come back exactly as the
ORM would store them, and a row source that fails halfway must leave nothing behind."""

import pytest
from django.db import IntegrityError, connection, transaction

from dossiers.imports.copie import identifiants, inserer, nouvelle
from dossiers.models import EvenementJournal
from tests.dossiers.factories import MenageFactory

# COPY's text format gives a meaning to tabs, newlines, backslashes and « \N » (NULL).
PIEGES = [
    "tab\there",
    "ligne\nsuivante\r\nfin",
    "anti\\slash \\\\ double",
    "\\N",
    "\\.",
    "\"guillemets\" et 'apostrophes'",
    "accents éèà œ — « » € \u2028 \u00a0 😀",
    "\x01\x1f contrôle",
    "",
]


def _stockes(pks):
    with connection.cursor() as curseur:
        curseur.execute(
            "SELECT id, description, donnees::text FROM dossiers_evenementjournal "
            "WHERE id = ANY(%s) ORDER BY id",
            [pks],
        )
        return [ligne[1:] for ligne in curseur.fetchall()]


def test_texte_et_json_relus_comme_l_orm_les_ecrit(db):
    menage = MenageFactory()
    donnees = [
        {"texte": piege, "liste": [piege, None, 1.5, True], piege: {"imbrique": piege}}
        for piege in PIEGES
    ] + [{}, [], "chaîne seule", 0, False]
    par_orm = [
        EvenementJournal.objects.create(menage=menage, type="t", description=d, donnees=j).pk
        for d, j in zip([*PIEGES, *[""] * 5], donnees, strict=True)
    ]
    rapides = [
        nouvelle(EvenementJournal, menage_id=menage.pk, type="t", description=d, donnees=j)
        for d, j in zip([*PIEGES, *[""] * 5], donnees, strict=True)
    ]
    inserer(EvenementJournal, rapides)
    assert _stockes([o.pk for o in rapides]) == _stockes(par_orm)
    relus = EvenementJournal.objects.filter(pk__in=[o.pk for o in rapides]).order_by("pk")
    assert [(e.description, e.donnees) for e in relus] == [
        (o.description, o.donnees) for o in rapides
    ]


def test_source_interrompue_ne_laisse_rien(db):
    """A generator that fails halfway (its ids reserved beforehand): its own exception
    reaches the caller, no row stays, and the connection serves the next query."""
    menage = MenageFactory()
    ids = identifiants(EvenementJournal, 3)

    def lignes():
        for i, pk in enumerate(ids):
            if i == 2:
                raise RuntimeError("source interrompue")
            yield nouvelle(
                EvenementJournal, id=pk, menage_id=menage.pk, type="t", description=f"n°{i}"
            )

    with pytest.raises(RuntimeError, match="source interrompue"), transaction.atomic():
        inserer(EvenementJournal, lignes())
    assert not EvenementJournal.objects.filter(pk__in=ids).exists()
    # The ids are spent (a sequence never goes back), never reused.
    assert identifiants(EvenementJournal, 1)[0] > max(ids)

    sans_id = nouvelle(EvenementJournal, menage_id=menage.pk, type="t", description="x")
    with pytest.raises(ValueError, match="sans identifiant"), transaction.atomic():
        inserer(EvenementJournal, iter([sans_id]))
    assert not EvenementJournal.objects.filter(description="x").exists()


def test_conflit_de_cle_en_integrity_error_de_django(db):
    menage = MenageFactory()
    existant = EvenementJournal.objects.create(menage=menage, type="t", description="a")
    double = nouvelle(
        EvenementJournal, id=existant.pk, menage_id=menage.pk, type="t", description="b"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        inserer(EvenementJournal, iter([double]))
    assert EvenementJournal.objects.get(pk=existant.pk).description == "a"


def test_objet_lie_enregistre_apres_affectation(db):
    """As `bulk_create`: an instance built by the constructor with a related object saved
    after the assignment gets that object's new id (rows from `nouvelle` hold ids only)."""
    from dossiers.models import Menage

    autre = MenageFactory()
    modele = MenageFactory.build(departement=autre.departement, commune=autre.commune)
    evenement = EvenementJournal(menage=modele, type="t", description="lié")
    assert evenement.menage_id is None
    modele.save()
    inserer(EvenementJournal, [evenement])
    assert EvenementJournal.objects.get(pk=evenement.pk).menage_id == modele.pk
    assert Menage.objects.filter(pk=modele.pk).exists()


def test_les_identifiants_de_chaque_table_viennent_de_sa_propre_sequence(db):
    """The sequence's name is looked up once per (table, column) and kept: ids drawn for one
    model must never come from another's sequence (they would be unique in the test and
    clash later, when that table's own sequence reaches them)."""
    from dossiers.models import MenageProcedure, Saisine
    from procedure.models import ActeProcedure, EtatDette, Procedure

    modeles = [EvenementJournal, Saisine, Procedure, ActeProcedure, EtatDette, MenageProcedure]
    for _ in range(2):  # the second round reads the names kept by the first
        for modele in modeles:
            ids = identifiants(modele, 2)
            with connection.cursor() as curseur:
                curseur.execute(
                    "SELECT currval(pg_get_serial_sequence(%s, %s))",
                    [modele._meta.db_table, modele._meta.pk.column],
                )
                assert curseur.fetchone()[0] == ids[-1] == ids[0] + 1, modele.__name__
