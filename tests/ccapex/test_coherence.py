"""Consistency checks that keep the codebase honest as it grows."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from ccapex.celery import app

NOS_APPS = ["partenaires", "procedure", "dossiers", "indicateurs"]


def test_aucune_migration_manquante(db):
    sortie = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=sortie)
    assert "No changes detected" in sortie.getvalue()


def test_chaque_tache_planifiee_existe():
    app.loader.import_default_modules()
    for nom, entree in app.conf.beat_schedule.items():
        assert entree["task"] in app.tasks, f"{nom} : tâche {entree['task']} inconnue"


@pytest.mark.parametrize("label", NOS_APPS)
def test_verbose_name_en_minuscules(label):
    """Django capitalises where needed; an acronym (CAF, SIRET) may stay upper-case."""

    def correct(texte: str) -> bool:
        return texte[:1] == texte[:1].lower() or texte[:2].isupper()

    for model in apps.get_app_config(label).get_models():
        assert correct(str(model._meta.verbose_name)), model.__name__
        for field in model._meta.get_fields():
            verbose = str(getattr(field, "verbose_name", "") or "")
            if verbose and not field.auto_created:
                assert correct(verbose), f"{model.__name__}.{field.name}: « {verbose} »"
