"""The agent kinds this build knows. Kinds are code; a tenant's AgentConfig row configures one."""

from __future__ import annotations

from typing import Any

from tenantry.agents.base import AgentKind
from tenantry.agents.faq import FaqResponder
from tenantry.agents.llm import LlmAgent
from tenantry.core.errors import NotFound

_KINDS: dict[str, AgentKind[Any]] = {kind.slug: kind for kind in (FaqResponder(), LlmAgent())}


def kinds() -> list[AgentKind[Any]]:
    return list(_KINDS.values())


def get_kind(slug: str) -> AgentKind[Any] | None:
    return _KINDS.get(slug)


def require_kind(slug: str) -> AgentKind[Any]:
    kind = _KINDS.get(slug)
    if kind is None:
        raise NotFound("agent")
    return kind
