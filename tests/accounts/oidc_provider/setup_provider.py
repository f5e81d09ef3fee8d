"""Prepare the provider's database: migrate, one user, Decorum registered as a client.

Usage: ``python -m tests.accounts.oidc_provider.setup_provider REDIRECT_URI CLIENT_ID SECRET``
(with ``OIDC_PROVIDER_DATA`` and the provider settings in the environment).
"""

from __future__ import annotations

import sys

import django


def main(redirect_uri: str, client_id: str, secret: str) -> None:
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0, interactive=False)
    user = get_user_model().objects.create_user(
        "ada",
        email="ada@provider.example",
        password="provider-pass-42",
        first_name="Ada",
        last_name="Lovelace",
    )
    Application.objects.create(
        name="Decorum",
        user=user,
        client_id=client_id,
        client_secret=secret,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=redirect_uri,
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=False,
    )


if __name__ == "__main__":
    main(*sys.argv[1:4])
