from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "decorum.community"
    label = "community"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from decorum.community import checks  # noqa: F401 - registers the system checks
