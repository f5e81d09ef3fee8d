"""Deleting an account, restoring it within 30 days, and erasing it after that.

Deletion deactivates the account at once and hides its comments; an e-mail carries a restore
link valid for 30 days (moderators' deletions send one only if the policy says so). After the
30 days the purge job erases the personal data: the user row stays as a tombstone named
"Deleted account" (so threads keep their shape) with e-mail, names, password, social logins,
e-mail addresses and comment IP addresses removed; the comments stay, anonymised under
"Deleted account". The audit log keeps what happened, not who it was.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from decorum.accounts.hooks import get_hooks
from decorum.accounts.models import AccountDeletion, User
from decorum.core.errors import ErrorCode, NotFound, PermissionDenied, ValidationFailed

RESTORE_DAYS = 30


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _restore_url(token: str) -> str:
    base = str(getattr(settings, "WAGTAILADMIN_BASE_URL", "")).rstrip("/")
    return f"{base}{reverse('accounts:restore', args=[token])}"


def _deactivate(user: User, *, by: Any, send_link: bool) -> AccountDeletion:
    now = timezone.now()
    token = secrets.token_urlsafe(32)
    user.is_active = False
    user.comments_hidden = True
    user.save(update_fields=["is_active", "comments_hidden"])
    deletion, _created = AccountDeletion.objects.update_or_create(
        user=user,
        defaults={
            "requested_at": now,
            "requested_by": by,
            "restore_until": now + timedelta(days=RESTORE_DAYS),
            "token_hash": _hash(token) if send_link else "",
            "restore_link_sent": send_link,
            "restored_at": None,
            "purged_at": None,
        },
    )
    get_hooks().account_deleted(deletion, by=by, restore_link=send_link)
    address = user.email
    if address:
        if send_link:
            body = _(
                "Your Decorum account has been deleted and your comments are hidden.\n\n"
                "You can restore everything within %(days)s days with this link:\n%(url)s\n\n"
                "After that, your personal data will be erased for good."
            ) % {"days": RESTORE_DAYS, "url": _restore_url(token)}
        else:
            body = _(
                "A moderator deleted your Decorum account. Your personal data will be erased "
                "in %(days)s days."
            ) % {"days": RESTORE_DAYS}
        transaction.on_commit(
            lambda: send_mail(
                _("Your account has been deleted"), body, settings.DEFAULT_FROM_EMAIL, [address]
            )
        )
    return deletion


@transaction.atomic
def delete_own_account(*, user: Any, password: str) -> AccountDeletion:
    """The user deletes their own account (their password confirms it)."""
    if user is None or not user.is_authenticated:
        raise PermissionDenied(_("Log in to delete your account."))
    if not user.has_usable_password():
        pass  # social-only accounts confirm by being logged in
    elif not user.check_password(password or ""):
        raise ValidationFailed(
            _("The password is not correct; your account was not deleted."),
            code=ErrorCode.WRONG_PASSWORD,
        )
    return _deactivate(user, by=None, send_link=True)


@transaction.atomic
def delete_account_by_moderator(
    *, user: Any, moderator: Any, send_restore_link: bool | None = None
) -> AccountDeletion:
    """A moderator deletes an account, along the same path; whether the user may restore it
    follows the policy (the hooks' ``restore_link_after_moderator_deletion``) unless told."""
    link = check_moderator_deletion(user=user, moderator=moderator)
    if send_restore_link is not None:
        link = send_restore_link
    return _deactivate(user, by=moderator, send_link=link)


def check_moderator_deletion(*, user: Any, moderator: Any) -> bool:
    """Raise unless ``moderator`` may delete ``user``'s account now; return whether the policy
    sends a restore link. Lets the confirmation page refuse before it asks."""
    from decorum.community.access import access_moderation, can_moderate

    access_moderation(moderator)
    if user.pk == moderator.pk:
        raise ValidationFailed(_("Delete your own account from your profile."), code=ErrorCode.SELF)
    if (can_moderate(user) or user.is_superuser) and not moderator.is_superuser:
        raise PermissionDenied(_("Only an administrator can delete a staff account."))
    if hasattr(user, "deletion") and user.deletion.purged_at is None and not user.is_active:
        raise ValidationFailed(
            _("This account is already deleted."), code=ErrorCode.ALREADY_DELETED
        )
    return get_hooks().restore_link_after_moderator_deletion()


def _deletion_for(token: str) -> AccountDeletion:
    deletion = (
        AccountDeletion.objects.select_related("user")
        .filter(token_hash=_hash(token or ""), restored_at__isnull=True, purged_at__isnull=True)
        .exclude(token_hash="")
        .first()
    )
    if deletion is None:
        raise NotFound(_("This restore link is not valid or has already been used."))
    if timezone.now() > deletion.restore_until:
        raise ValidationFailed(
            _("This restore link has expired: accounts can be restored for %(days)s days.")
            % {"days": RESTORE_DAYS},
            code=ErrorCode.EXPIRED,
        )
    return deletion


def check_restore_token(token: str) -> AccountDeletion:
    return _deletion_for(token)


@transaction.atomic
def restore_account(*, token: str) -> User:
    deletion = _deletion_for(token)
    user = deletion.user
    user.is_active = True
    user.comments_hidden = False
    user.save(update_fields=["is_active", "comments_hidden"])
    deletion.restored_at = timezone.now()
    deletion.token_hash = ""
    deletion.save(update_fields=["restored_at", "token_hash"])
    get_hooks().account_restored(deletion)
    return user


def purge_deleted_accounts(now: datetime | None = None) -> int:
    """Erase accounts whose 30 days have passed. Safe to run often (cron, beat, scheduler)."""
    from decorum.community.models import Comment

    now = now or timezone.now()
    due = AccountDeletion.objects.filter(
        restore_until__lt=now, restored_at__isnull=True, purged_at__isnull=True
    ).select_related("user")
    count = 0
    for deletion in due:
        with transaction.atomic():
            user = deletion.user
            EmailAddress.objects.filter(user=user).delete()
            SocialAccount.objects.filter(user=user).delete()
            Comment.objects.filter(author=user).update(ip_address=None)
            user.username = f"erased-{user.pk}"
            user.email = ""
            user.first_name = user.last_name = user.display_name = ""
            user.set_unusable_password()
            user.is_active = False
            user.comments_hidden = False  # published comments return, anonymised
            user.erased_at = now
            user.save()
            deletion.purged_at = now
            deletion.token_hash = ""
            deletion.save(update_fields=["purged_at", "token_hash"])
            get_hooks().account_erased(deletion)
            count += 1
    return count
