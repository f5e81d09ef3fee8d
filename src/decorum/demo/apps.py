from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Registered for the ``load_demo`` command only; the demo has no models."""

    name = "decorum.demo"
    label = "demo"
