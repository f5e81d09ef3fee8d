"""WSGI entry point (waitress in the embedded default, any WSGI server in production)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "decorum.settings.dev")

application = get_wsgi_application()
