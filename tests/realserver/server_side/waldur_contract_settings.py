"""Django settings of the real Waldur server for the contract suite: no broker, no worker, a throwaway database.

Read from the environment that tests/realserver/server.py sets: WALDUR_CONTRACT_DIR (media, static files) and
WALDUR_CONTRACT_DB_PORT. With WALDUR_CONTRACT_NO_MIGRATIONS=1 every app's migrations are skipped, so
``migrate --run-syncdb`` creates the tables straight from the models (seconds instead of minutes).
"""

import os

from waldur_core.server.base_settings import *  # noqa: F401,F403

WORK_DIR = os.environ["WALDUR_CONTRACT_DIR"]

SECRET_KEY = "contract-suite-only"  # nosec - a throwaway server on 127.0.0.1
DEBUG = False
ALLOWED_HOSTS = ["*"]
MEDIA_ROOT = os.path.join(WORK_DIR, "media")
STATIC_ROOT = os.path.join(WORK_DIR, "static")
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "waldur",
        "USER": os.environ.get("WALDUR_CONTRACT_DB_USER", "postgres"),
        "HOST": "127.0.0.1",
        "PORT": os.environ["WALDUR_CONTRACT_DB_PORT"],
    }
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "contract"}}
CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = "cache+memory://"


class _NoMigrations(dict):
    def __contains__(self, item):
        return True

    def __getitem__(self, item):
        return None


if os.environ.get("WALDUR_CONTRACT_NO_MIGRATIONS") == "1":
    MIGRATION_MODULES = _NoMigrations()
