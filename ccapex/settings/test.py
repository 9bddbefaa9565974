"""pytest: the real PostgreSQL and Redis (embedded or from the environment)."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-not-secret-ccapex-0000000000000000000000000")
# Tests that exercise the second factor switch it on with the settings fixture.
os.environ.setdefault("OTP_OBLIGATOIRE", "0")

from .base import *  # noqa: F403

# A worker process started by a test writes its e-mails to files the test reads (test_pannes).
EMAIL_BACKEND = os.environ.get(
    "TEST_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend"
)
EMAIL_FILE_PATH = os.environ.get("TEST_EMAIL_FILE_PATH", str(EMAIL_FILE_PATH))  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
# Tests share one Redis with `make run`: keep their keys apart.
CACHES["default"]["KEY_PREFIX"] = "ccapex-test"  # noqa: F405

LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# Tasks run in-process unless a test starts a real worker (tests/ccapex/test_worker.py).
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# A queue of their own, so that a `make run` worker on the same Redis never takes test tasks
# (one per pytest-xdist process: their test databases differ).
CELERY_TASK_DEFAULT_QUEUE = "ccapex-tests-" + os.environ.get("PYTEST_XDIST_WORKER", "main")
# The whole suite calls the API from one address: rate limits are tested on their own
# (tests/partenaires/test_cles_api.py) with low rates.
REST_FRAMEWORK = REST_FRAMEWORK | {  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {
        "cle": "100000/minute",
        "ip": "100000/minute",
        "echecs": "1000/minute",
    }
}
