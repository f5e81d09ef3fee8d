from django.apps import AppConfig


class EnforcementConfig(AppConfig):
    name = "decorum.enforcement"
    label = "enforcement"
    default_auto_field = "django.db.models.BigAutoField"
