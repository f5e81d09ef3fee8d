"""``{% account_enforcement user %}``: blocks, notices and appeals on the user's account page;
``{% reader_statement decision as statement %}``: a decision's reasons in the active language."""

from __future__ import annotations

from typing import Any

from django import template

from decorum.enforcement.models import AccountNotice, Appeal, Block, Decision
from decorum.enforcement.statements import ReaderStatement
from decorum.enforcement.statements import reader_statement as build_statement

register = template.Library()


@register.inclusion_tag("enforcement/account_enforcement.html")
def account_enforcement(user: Any) -> dict[str, Any]:
    return {
        "blocks": list(Block.objects.filter(user_id=user.pk).select_related("article")[:20]),
        "notices": list(AccountNotice.objects.filter(user_id=user.pk)[:20]),
        "appeals": list(Appeal.objects.filter(user_id=user.pk).order_by("-created_at")[:20]),
    }


@register.simple_tag
def reader_statement(decision: Decision | None) -> ReaderStatement:
    return build_statement(decision)
