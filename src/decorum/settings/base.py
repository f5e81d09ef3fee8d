"""Settings shared by every tier. Deployment values come from the environment (see env.py)."""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from decorum.settings.env import (
    data_dir,
    embedded_secret_key,
    env_bool,
    env_first,
    env_int,
    env_list,
    env_str,
)

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = data_dir()

SECRET_KEY = embedded_secret_key(DATA_DIR)
DEBUG = env_bool("DECORUM_DEBUG", False)
ALLOWED_HOSTS = env_list("DECORUM_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DECORUM_CSRF_TRUSTED_ORIGINS", [])
# Reverse proxies whose X-Forwarded-For is believed (addresses or CIDR networks); see
# decorum.core.client_ip. Empty: the client is REMOTE_ADDR, whatever the header says.
DECORUM_TRUSTED_PROXIES = env_list("DECORUM_TRUSTED_PROXIES", [])

INSTALLED_APPS = [
    "decorum.core",
    "decorum.accounts",
    "decorum.news",
    "decorum.community",
    "decorum.enforcement",
    "decorum.demo",
    "wagtail.contrib.forms",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "captcha",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.facebook",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "decorum.core.middleware.ProxyHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "decorum.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "decorum.core.middleware.UnreadableInputMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: it answers cached article pages for anonymous readers before Wagtail's routing.
    "decorum.news.page_cache.CachedArticleMiddleware",
]

ROOT_URLCONF = "decorum.urls"
WSGI_APPLICATION = "decorum.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "decorum.news.context_processors.site_chrome",
            ],
        },
    },
]

DATABASES = {
    "default": {
        "ENGINE": "decorum.core.sqlite_backend",  # Django's, writers of a process take turns
        "NAME": DATA_DIR / "decorum.sqlite3",
        # Each server thread keeps its connection: opening one (and Django registering its
        # SQL functions on it) cost about a tenth of a logged-in post's time.
        "CONN_MAX_AGE": 600,
        # Write-ahead log: readers (every page) no longer wait while the screening job or a
        # post commits, and a commit syncs the log rather than the database file (NORMAL is
        # safe from corruption in WAL mode; a power cut may lose the last commits, a killed
        # process loses nothing).
        "OPTIONS": {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        },
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian"))]
# Each language is an edition: its own home page, sections and articles (Wagtail locales),
# served under /<code>/ (English, the default, has no prefix).
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]  # the site look (decorum/site.css)
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
# The embedded default serves uploads itself (DEBUG is off); production leaves it to the proxy.
DECORUM_SERVE_MEDIA = env_bool("DECORUM_SERVE_MEDIA", True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = False

# In-process; its writes in the screening helper reach the web process (decorum.core.cache).
CACHES = {
    "default": {
        "BACKEND": "decorum.core.cache.HelperLocMemCache",
        "LOCATION": "decorum",
    }
}

# Wagtail
WAGTAIL_SITE_NAME = "Decorum"
WAGTAILADMIN_BASE_URL = env_str("DECORUM_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "decorum.news.search_backend"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "pdf", "txt"]
WAGTAILEMBEDS_FINDERS: list[dict[str, object]] = []
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
TAGGIT_CASE_INSENSITIVE = True

# Accounts (django-allauth)
SITE_ID = 1
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SIGNUP_FORM_CLASS = "decorum.accounts.forms.SignupExtraForm"
ACCOUNT_FORMS = {"reset_password": "decorum.accounts.reset_forms.ResetPasswordWithCaptchaForm"}
ACCOUNT_ADAPTER = "decorum.accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "decorum.accounts.adapters.SocialAccountAdapter"
# Failed logins: 10 a minute per address, and 5 in 5 minutes per account *from one address*
# ("key" is the account plus the client's address: AccountAdapter._get_login_attempts_cache_key).
# There is deliberately no limit per account alone: failing logins from elsewhere must not
# lock a moderator out. Addresses come from decorum.core.client_ip (DECORUM_TRUSTED_PROXIES).
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_LOGOUT_ON_GET = False
LOGIN_REDIRECT_URL = "/"
LOGIN_URL = "account_login"  # a name, so readers of /ru/ log in on /ru/accounts/login/
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_PROVIDERS: dict[str, dict[str, object]] = {}
# Providers configured from the environment: DECORUM_OIDC_<...> for one OpenID Connect provider,
# DECORUM_FACEBOOK_CLIENT_ID/SECRET for Facebook (see README).
_oidc_server = env_str("DECORUM_OIDC_SERVER_URL", "-")
if _oidc_server != "-":
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "APPS": [
            {
                "provider_id": env_str("DECORUM_OIDC_PROVIDER_ID", "oidc"),
                "name": env_str("DECORUM_OIDC_NAME", "Single sign-on"),
                "client_id": env_str("DECORUM_OIDC_CLIENT_ID"),
                "secret": env_str("DECORUM_OIDC_SECRET"),
                "settings": {"server_url": _oidc_server},
            }
        ]
    }
_fb_client = env_str("DECORUM_FACEBOOK_CLIENT_ID", "-")
if _fb_client != "-":
    SOCIALACCOUNT_PROVIDERS["facebook"] = {
        "APPS": [{"client_id": _fb_client, "secret": env_str("DECORUM_FACEBOOK_SECRET")}],
        "METHOD": "oauth2",
        "SCOPE": ["email", "public_profile"],
    }

# Captcha (django-simple-captcha: self-hosted images, no third-party service)
# Tuned for people (large dark letters, light noise, no look-alikes): decorum.accounts.captcha.
CAPTCHA_LENGTH = 5
CAPTCHA_TIMEOUT = 10
CAPTCHA_IMAGE_SIZE = (250, 80)
CAPTCHA_FONT_SIZE = 42
CAPTCHA_LETTER_ROTATION = (-10, 10)
CAPTCHA_BACKGROUND_COLOR = "#ffffff"
CAPTCHA_FOREGROUND_COLOR = "#1b1f24"
CAPTCHA_CHALLENGE_FUNCT = "decorum.accounts.captcha.legible_challenge"
CAPTCHA_NOISE_FUNCTIONS = ("decorum.accounts.captcha.light_noise",)
CAPTCHA_FILTER_FUNCTIONS: tuple[str, ...] = ()
CAPTCHA_2X_IMAGE = False  # the library's 2x picture overflows a fixed CAPTCHA_IMAGE_SIZE
# Audio needs the flite speech synthesiser on the server; off unless its path is given.
CAPTCHA_FLITE_PATH = env_str("DECORUM_CAPTCHA_FLITE_PATH", "") or None
CAPTCHA_TEST_MODE = env_bool("DECORUM_CAPTCHA_TEST_MODE", False)

# E-mail: file backend in the embedded default, SMTP when DECORUM_EMAIL_HOST is set.
DEFAULT_FROM_EMAIL = env_str("DECORUM_FROM_EMAIL", "Decorum <noreply@localhost>")
_email_host = env_str("DECORUM_EMAIL_HOST", "-")
if _email_host != "-":
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _email_host
    EMAIL_PORT = env_int("DECORUM_EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("DECORUM_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = env_str("DECORUM_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("DECORUM_EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(DATA_DIR / "mail")

# Background work: in-process thread by default, Celery when a broker is set
# (DECORUM_BROKER_URL; DECORUM_CELERY_BROKER_URL is the older name and still read).
DECORUM_CELERY_BROKER_URL = env_first(("DECORUM_BROKER_URL", "DECORUM_CELERY_BROKER_URL"), "")
# Without a broker, `decorum serve` screens comments in a helper process of its own
# (decorum.core.processes); false: in the web process's job threads.
DECORUM_SCREENING_PROCESS = env_bool("DECORUM_SCREENING_PROCESS", True)
DECORUM_REDIS_URL = env_first(("REDIS_URL", "DECORUM_REDIS_URL"), "")

# Community (app settings, documented in community/app_settings.py)
DECORUM_COMMUNITY_PREMODERATION = env_bool("DECORUM_PREMODERATION", False)
# Enforcement answers community's gate and accounts' hooks (dotted paths: neither app imports it)
DECORUM_COMMUNITY_GATE = "decorum.enforcement.gate.EnforcementGate"
DECORUM_ACCOUNTS_HOOKS = "decorum.enforcement.gate.EnforcementAccountHooks"

SESSION_COOKIE_HTTPONLY = True
# Sessions are stored in the database and read through the cache: a logged-in request skips a
# query (the embedded default's cache is the web process's memory; production reads them from
# the database, settings.production says why).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Sent by decorum.core.middleware.SecurityHeadersMiddleware. The public site runs only its own
# scripts and styles (no inline ones); the Wagtail and Django admins (DECORUM_ADMIN_PATHS) rely
# on inline scripts and styles and get the relaxed policy. No form-action: social login posts
# to the site and is redirected to the provider, which form-action would block.
DECORUM_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "frame-ancestors 'self'"
)
DECORUM_ADMIN_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https:; font-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'self'"
)
DECORUM_ADMIN_PATHS = ("/admin/", "/django-admin/")
DECORUM_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"decorum": {"level": "INFO"}},
}
