"""The Celery app and its one beat schedule."""

from celery import Celery
from celery.schedules import crontab

# No default DJANGO_SETTINGS_MODULE here: importing the package must not choose settings
# for whoever imports it (tests, scripts). Workers get it from their environment.

# DjangoTask gives `delay_on_commit`: a task never runs before the data it reads is committed.
app = Celery("ccapex", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    # A task is acknowledged once done: a worker killed mid-task leaves it to be redelivered.
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    task_soft_time_limit=15 * 60,
    task_time_limit=20 * 60,
    result_expires=7 * 24 * 3600,
    broker_connection_retry_on_startup=True,
    # Logs go through Django's LOGGING (key=value on stdout), like the web process.
    worker_hijack_root_logger=False,
    timezone="Europe/Paris",
    enable_utc=True,
)
app.autodiscover_tasks()

# Every periodic job lives here; tests check that each name is a registered task.
app.conf.beat_schedule = {
    "recalculer-echeances": {
        "task": "procedure.tasks.recalculer_les_echeances",
        "schedule": crontab(hour=2, minute=5),
    },
    "actualiser-resumes-menages": {
        "task": "dossiers.tasks.resumes.actualiser_les_resumes",
        "schedule": crontab(hour=4, minute=20),
    },
    "purger-sessions-expirees": {
        "task": "ccapex.tasks.purger_sessions_expirees",
        "schedule": crontab(hour=3, minute=17),
    },
    "envoyer-suivis-dus": {
        "task": "commission.tasks.envoyer_suivis_dus",
        "schedule": crontab(hour=7, minute=10),
    },
    "campagne-annuaire": {
        "task": "partenaires.tasks.campagne_annuaire_du_jour",
        "schedule": crontab(hour=7, minute=40),
    },
    # Uploads that clamd could not scan at once (ccapex/antivirus.py): pending until clean.
    "reprendre-analyses-antivirus": {
        "task": "dossiers.tasks.reprendre_analyses",
        "schedule": crontab(minute="*/5"),
    },
    "expirer-les-decisions": {
        "task": "commission.tasks.expirer_les_decisions",
        "schedule": crontab(hour=2, minute=35),
    },
    "purger-les-brouillons-de-saisine": {
        "task": "dossiers.tasks.brouillons.purger_les_brouillons",
        "schedule": crontab(hour=3, minute=53),
    },
    "purger-les-donnees-expirees": {
        "task": "dossiers.tasks.conservation.purger_les_donnees_expirees",
        "schedule": crontab(hour=3, minute=41),
    },
    # Outages: what the outbox held back, and jobs left « en attente » (README « Pannes »).
    "vider-la-boite-d-envoi": {
        "task": "ccapex.tasks.vider_la_boite_d_envoi",
        "schedule": 60.0,
    },
    "relancer-les-traitements-en-attente": {
        "task": "ccapex.tasks.relancer_les_traitements_en_attente",
        "schedule": 5 * 60.0,
    },
}
