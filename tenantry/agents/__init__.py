"""AI agents: the kinds an operator can configure per tenant, and the runner of their executions."""

from tenantry.agents.base import AgentContext, AgentFailed, AgentKind, AgentResult, RunConfig
from tenantry.agents.registry import get_kind, kinds, require_kind

__all__ = [
    "AgentContext",
    "AgentFailed",
    "AgentKind",
    "AgentResult",
    "RunConfig",
    "get_kind",
    "kinds",
    "require_kind",
]
