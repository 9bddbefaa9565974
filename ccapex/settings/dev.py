"""`make run`: the demo on the embedded servers. Never for production."""

import os

os.environ.setdefault("SECRET_KEY", "dev-only-not-secret-ccapex-demo-0000000000000000000000")
os.environ.setdefault("OTP_OBLIGATOIRE", "0")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")

from .base import *  # noqa: F403

DEBUG = os.environ.get("DEBUG", "1") == "1"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
