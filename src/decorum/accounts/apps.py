from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "decorum.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from decorum.accounts import checks  # noqa: F401 - registers the system checks
