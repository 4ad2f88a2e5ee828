"""AI agents: per-tenant configuration of each kind, their runs, and the FAQ they answer."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field

from tenantry.models.base import (
    TenantOwned,
    created_at_field,
    datetime_field,
    enum_field,
    updated_at_field,
)
from tenantry.models.types import json_type


class AgentConfig(TenantOwned, table=True):
    __tablename__ = "agent_config"
    __table_args__ = (UniqueConstraint("tenant_id", "slug"),)

    id: int | None = Field(default=None, primary_key=True)
    # The agent kind from the registry (e.g. "faq-responder", "llm").
    slug: str = Field(max_length=100)
    enabled: bool = Field(default=False)
    prompt: str = Field(default="")
    settings: dict[str, Any] = Field(default_factory=dict, sa_type=json_type())
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class ExecutionStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class AgentExecution(TenantOwned, table=True):
    __tablename__ = "agent_execution"
    __table_args__ = (Index("ix_agent_execution_agent", "tenant_id", "agent_slug", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    agent_slug: str = Field(max_length=100)
    status: ExecutionStatus = enum_field(ExecutionStatus.QUEUED)
    input: dict[str, Any] = Field(default_factory=dict, sa_type=json_type())
    output: dict[str, Any] | None = Field(default=None, sa_type=json_type())
    error: str | None = Field(default=None)
    duration_ms: int | None = Field(default=None)
    prompt_tokens: int = Field(default=0)
    completion_tokens: int = Field(default=0)
    started_at: datetime | None = datetime_field()
    finished_at: datetime | None = datetime_field()
    created_at: datetime = created_at_field()


class FaqEntry(TenantOwned, table=True):
    __tablename__ = "faq_entry"

    id: int | None = Field(default=None, primary_key=True)
    question: str = Field(max_length=500)
    answer: str
    keywords: list[str] = Field(default_factory=list, sa_type=json_type())
    position: int = Field(default=0)
    is_active: bool = Field(default=True)
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()
