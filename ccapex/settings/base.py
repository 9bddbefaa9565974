"""Settings shared by every environment; everything site-specific comes from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"La variable d'environnement {name} est obligatoire.")
    return value


def env_bool(name: str, default: bool) -> bool:
    return env(name, "1" if default else "0").strip().lower() in {"1", "true", "yes", "oui", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY")
# Seals the backups' manifests (ccapex/sauvegardes.py); empty: SECRET_KEY. Keep it with the
# backups' restore instructions, off the machine: without it a backup is not restored.
SAUVEGARDE_CLE = env("SAUVEGARDE_CLE", "")
# age public keys (age1…) the backups are encrypted to; their private keys stay offline.
# Empty: backups in clear (`sauvegarder` and `check --deploy` warn).
SAUVEGARDE_DESTINATAIRES = env_list("SAUVEGARDE_DESTINATAIRES")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Our layers, bottom first: the demo command seeds them in this order.
    "ccapex",
    "partenaires",
    "procedure",
    "dossiers",
    "commission",
    "indicateurs",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django.forms",
    "dsfr",
    "widget_tweaks",
    "django_htmx",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "ccapex.middleware.RequestLogMiddleware",
    "ccapex.sessions.SessionGlissanteMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "partenaires.middleware.AdhesionCouranteMiddleware",
    "partenaires.middleware.SecondFacteurMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Turns a rate-limited request into the French 429 page (RATELIMIT_VIEW).
    "django_ratelimit.middleware.RatelimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # After authentication and CSP: the French 400 page is drawn like any other page.
    "ccapex.middleware.ParametresMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last: axes must see the response of the sign-in view.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ccapex.urls"
WSGI_APPLICATION = "ccapex.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ccapex.context_processors.site",
                "partenaires.context_processors.navigation",
            ],
        },
    },
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/ccapex"),
        conn_max_age=int(env("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if not DATABASES["default"]["ENGINE"].endswith("postgresql"):
    raise ImproperlyConfigured("CCAPEX ne fonctionne qu'avec PostgreSQL (DATABASE_URL).")
# JIT compilation pays off for long analytical queries, not for pages: on the household list
# (correlated sub-selects, high cost estimate) it took 2.8 s of a 3 s query, for 180 ms of work.
# The household search matches a word with a typo by trigram word similarity (`%>`); at the
# default 0.6 « lefvre » does not find « Lefèvre » (0.5). Set per connection, used by the index.
# Starting parallel workers costs about 10 ms here: at the default setup cost (1 000) the
# planner launched two for the origin filter's page, 14 ms for 1 ms of work. At 10 000 only
# the largest scans keep them: the annual balance lost them on 10 of its 11 parallel queries,
# so it sets the default back for its own queries (`ccapex.agregats`). The CSV export of the
# list reads through a server-side cursor, for which PostgreSQL never plans workers anyway.
# A deployer's own `?options=` in DATABASE_URL comes after ours, so that it wins (PostgreSQL
# applies the last `-c` of a name) instead of being replaced. A pooler such as PgBouncer does
# not carry `-c` startup options to its shared server connections (it refuses them, or
# ignores them when told to): behind one, set these three on the role or the database
# instead (ALTER ROLE … SET jit = off, …).
_connexion = DATABASES["default"].setdefault("OPTIONS", {})
_connexion["options"] = (
    "-c jit=off -c pg_trgm.word_similarity_threshold=0.5 -c parallel_setup_cost=10000 "
    + _connexion.get("options", "")
).rstrip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "partenaires.Utilisateur"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Argon2id first (ASVS V2.4, OWASP's first choice: memory-hard, about half the CPU time of
# Django's 1 000 000 PBKDF2 rounds here); older PBKDF2 hashes still verify and are rehashed
# with Argon2 at the next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "connexion"
LOGIN_REDIRECT_URL = "accueil"
LOGOUT_REDIRECT_URL = "connexion"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Sessions end after inactivity: the expiry moves forward with activity, written at most once
# every SESSION_PROLONGATION seconds (ccapex/sessions.py), not on every request.
SESSION_COOKIE_AGE = int(env("SESSION_INACTIVITE_SECONDES", str(30 * 60)))
SESSION_PROLONGATION = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Failed sign-ins: lock the (e-mail, IP) pair after 5 failures for 15 minutes.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
# Failures count per normalised address: changing the case or adding spaces is the same person.
AXES_USERNAME_CALLABLE = "partenaires.connexion.identifiant_axes"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/verrouille.html"
AXES_VERBOSE = False
# The same client address as the rate limits and the request log (PROXIES_DE_CONFIANCE).
AXES_CLIENT_IP_CALLABLE = "ccapex.reseau.ip_client"

# Second factor (TOTP) required for the roles that read named data (partenaires/enums.py),
# offered to every other one. An app is enrolled only through a one-time link e-mailed to the
# account (never with the password alone), valid this many hours.
OTP_OBLIGATOIRE = env_bool("OTP_OBLIGATOIRE", True)
OTP_TOTP_ISSUER = "CCAPEX"
LIEN_SECOND_FACTEUR_DUREE = timedelta(hours=int(env("LIEN_SECOND_FACTEUR_HEURES", "72")))
# A session ends this long after sign-in, however active (the idle limit is SESSION_COOKIE_AGE).
SESSION_DUREE_MAXIMALE = timedelta(seconds=int(env("SESSION_DUREE_MAXIMALE_SECONDES", "36000")))

# ProConnect (OpenID Connect, mozilla-django-oidc): off while PROCONNECT_DISCOVERY_URL is empty.
# The endpoints are read from the discovery document (partenaires/proconnect.py).
PROCONNECT_DISCOVERY_URL = env("PROCONNECT_DISCOVERY_URL", "")
OIDC_RP_CLIENT_ID = env("PROCONNECT_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env("PROCONNECT_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = env("PROCONNECT_ALGORITHME", "RS256")
OIDC_RP_SCOPES = "openid email given_name usual_name siret"
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "partenaires:proconnect_retour"
LOGIN_REDIRECT_URL_FAILURE = "connexion"
# acr values that mean "password and a second factor checked by ProConnect": such a sign-in
# satisfies OTP_OBLIGATOIRE without our TOTP.
PROCONNECT_ACR_SECOND_FACTEUR = env_list(
    "PROCONNECT_ACR_SECOND_FACTEUR",
    "eidas2,eidas3,https://proconnect.gouv.fr/assurance/self-asserted-2fa,"
    "https://proconnect.gouv.fr/assurance/consistency-checked-2fa",
)
AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, "partenaires.proconnect.ProConnectBackend"]

LANGUAGE_CODE = "fr-fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
# Off: a raw number in a template is usually an id, a year or a URL parameter, which a
# separator breaks ("procedure-10 036", "2 026"). Quantities shown to people go through the
# `nombre` / `euros` filters of ccapex/formats.py.
USE_THOUSAND_SEPARATOR = False
# django-filter's empty choice on list filters (its default is « --------- »).
FILTERS_EMPTY_CHOICE_LABEL = "Tous"
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "var" / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded documents are private: outside any served directory, read through views only.
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
# A referral holds 20 documents at most (dossiers/fichiers.py, with a French message); a
# request carrying many more is refused (400) before any file is read.
DATA_UPLOAD_MAX_NUMBER_FILES = 25
FILE_UPLOAD_PERMISSIONS = 0o640
# Antivirus (ccapex/antivirus.py): clamd's socket, unix:///… or tcp://host:3310; empty, uploads
# are not scanned. A file waits "en cours d'analyse" until clamd says it is clean.
CLAMAV_URL = env("CLAMAV_URL", "")
CLAMAV_DELAI = float(env("CLAMAV_DELAI", "15"))

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_FILE_PATH = BASE_DIR / "var" / "courriels"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "CCAPEX <ne-pas-repondre@ccapex.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Absolute links in e-mails (password reset, invitations, follow-up requests).
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

REDIS_URL = env("REDIS_URL", "redis://127.0.0.1:6379/0")
CACHES = {
    "default": {
        # django-redis, which can ignore a Redis outage: the cache only holds rate-limit and
        # throttle counters, and a page must not fail because they cannot be counted.
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env("CACHE_PREFIX", "ccapex"),
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 1,
            "SOCKET_TIMEOUT": 1,
        },
    }
}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
# Outages (README « Pannes »): rate limits let requests through while Redis is down (the
# submission matters more); the outbox (ccapex/boite_d_envoi.py) holds tasks and e-mails;
# jobs still « en attente » this long after being queued are queued again by beat and get a
# « Relancer » button; an outbox e-mail handed over but still unsent is handed over again.
RATELIMIT_FAIL_OPEN = True
TRAITEMENT_DELAI_RELANCE = int(env("TRAITEMENT_DELAI_RELANCE", str(10 * 60)))
ENVOI_DELAI_NOUVEL_ESSAI = int(env("ENVOI_DELAI_NOUVEL_ESSAI", str(10 * 60)))

# Celery: see ccapex/celery.py for the task defaults.
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_TASK_ALWAYS_EAGER = False
# A task whose worker died unacknowledged is delivered again after this many seconds; it must
# exceed the longest job (see task_time_limit in ccapex/celery.py).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(env("CELERY_VISIBILITY_TIMEOUT", str(30 * 60))),
    # A stopped Redis must fail a publish within seconds, not hold the page (outbox).
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "partenaires.authentification.CleApiAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON only: the browsable API's Bootstrap pages fail WCAG (no `lang`, contrast, an
    # unnamed button; tests/navigateur/test_accessibilite.py); people read /api/docs/.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "ccapex.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["ccapex.api.LimiteParCle", "ccapex.api.LimiteParAdresse"],
    "DEFAULT_THROTTLE_RATES": {
        "cle": env("LIMITE_API_PAR_CLE", "600/minute"),
        "ip": env("LIMITE_API_PAR_ADRESSE", "1200/minute"),
        # Unknown, expired or revoked keys tried from one address.
        "echecs": "20/minute",
    },
    "EXCEPTION_HANDLER": "ccapex.api.gestionnaire_d_exceptions",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API CCAPEX",
    "DESCRIPTION": "API des commissions de prévention des expulsions locatives.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Swagger UI served from our own static files: no CDN, strict CSP.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No link inside each operation's toggle button (axe: nested-interactive, WCAG 4.1.2).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    # Every operation documents its error bodies (400/401/403/404/429): ccapex/api.py.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "ccapex.api.documenter_les_erreurs",
    ],
    # Choice sets shared by several serializers get one name each in the schema.
    "ENUM_NAME_OVERRIDES": {
        "TypeDocumentEnum": "dossiers.enums.TypeDocument",
        "TypeMessageEnum": "dossiers.enums.TypeMessage",
        "StadeEnum": "procedure.enums.Stade",
        "StadeDeclarableEnum": "dossiers.forms.saisines.CHOIX_STADES_DECLARABLES",
    },
}

# Content-Security-Policy (django-csp 4): no inline script without the per-request nonce.
from csp.constants import NONCE, NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"kv": {"()": "ccapex.logging.KeyValueFormatter"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": "kv"}},
    "root": {"handlers": ["stdout"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # WeasyPrint's font subsetting logs every font it processes at INFO.
        "fontTools": {"level": "WARNING"},
    },
}

CCAPEX_NOM = "CCAPEX — prévention des expulsions"

# The privacy notice (RGPD art. 13-14), filled in by each deployer: shown at
# /donnees-personnelles/ and linked from every letter and form sent to households.
INFORMATION_DONNEES = {
    "responsable": env(
        "DONNEES_RESPONSABLE",
        "Le préfet du département et le président du conseil départemental, qui co-président "
        "la CCAPEX (à préciser par le déploiement)",
    ),
    "dpo": env(
        "DONNEES_DPO",
        "Le délégué à la protection des données de la préfecture ou du conseil départemental "
        "(adresse à préciser par le déploiement)",
    ),
    "conservation": env(
        "DONNEES_CONSERVATION",
        "2 ans après le dernier contact avec le ménage dans la base active (acte de "
        "procédure, saisine, document, examen en séance, décision, courrier, suivi ou "
        "intervention d’un agent sur le dossier), puis archive intermédiaire à accès "
        "restreint, puis anonymisation (CNIL, délibération n° 2016-095 et référentiel "
        "n° 2023-095) ; journal des consultations : 1 an",
    ),
    "destinataires": env(
        "DONNEES_DESTINATAIRES",
        "Les membres de la commission, pour les seuls dossiers inscrits aux séances où ils "
        "siègent ; les organismes destinataires d’une préconisation ou d’une décision (CAF ou "
        "MSA, FSL, SIAO, services sociaux) pour ce qui les concerne",
    ),
}

# Retention of the access log (CNIL logging recommendation: 6 months to 1 year); the
# nightly purge deletes older rows (docs/conservation.md).
CONSULTATIONS_CONSERVATION_JOURS = int(env("CONSULTATIONS_CONSERVATION_JOURS", "365"))

# Public forms (a household referring itself): at most this many sends per address.
LIMITE_SAISINE_PUBLIQUE = env("LIMITE_SAISINE_PUBLIQUE", "5/h")
RATELIMIT_IP_META_KEY = "ccapex.reseau.ip_client"

# Number of reverse proxies in front of the application that append to X-Forwarded-For
# (0: the header is ignored; it is then the client's own words). ccapex/reseau.py reads it.
PROXIES_DE_CONFIANCE = int(env("PROXIES_DE_CONFIANCE", "0"))
RATELIMIT_VIEW = "ccapex.views.trop_de_requetes"

# Directory of referents and schemes: the yearly confirmation campaign opens by itself on
# this day (« MM-JJ »; empty: only when the secretariat launches it), and organisations that
# have not confirmed are reminded every N days (three times at most).
ANNUAIRE_CAMPAGNE_DATE = env("ANNUAIRE_CAMPAGNE_DATE", "01-15")
ANNUAIRE_RELANCE_JOURS = int(env("ANNUAIRE_RELANCE_JOURS", "14"))
# An agent adding an act of the same type as one recorded within this many days (before or
# after) is asked to confirm: a second CDP a few days after the first is usually a double entry.
DELAI_ACTE_EN_DOUBLE_JOURS = int(env("DELAI_ACTE_EN_DOUBLE_JOURS", "30"))
