"""Enforcement records, one module per kind: status changes, engine decisions, policy versions,
classifier models, sanctions, appeals, the audit log and screening work still to do. Django
finds them all through this package."""

from decorum.enforcement.models.appeals import Appeal, AppealStatus, AppealSubject
from decorum.enforcement.models.audit import AuditEntry
from decorum.enforcement.models.decisions import Decision, DecisionAction, DecisionSource
from decorum.enforcement.models.model_versions import ModelVersion
from decorum.enforcement.models.policies import PolicyVersion
from decorum.enforcement.models.sanctions import AccountNotice, Block, BlockScope
from decorum.enforcement.models.screening_work import ScreeningWork, WorkOutcome
from decorum.enforcement.models.status_changes import StatusChange

__all__ = [
    "AccountNotice",
    "Appeal",
    "AppealStatus",
    "AppealSubject",
    "AuditEntry",
    "Block",
    "BlockScope",
    "Decision",
    "DecisionAction",
    "DecisionSource",
    "ModelVersion",
    "PolicyVersion",
    "ScreeningWork",
    "StatusChange",
    "WorkOutcome",
]
