"""Agent rows for tests, written through the agents' resolvers, each call in its own unit."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlmodel import col, select

from tenantry.auth.principal import Principal, PrincipalKind
from tenantry.core.context import Ctx
from tenantry.models.agents import AgentExecution, ExecutionStatus, FaqEntry
from tenantry.models.tenant import ApiKeyKind, StaffRole
from tenantry.resolvers import agents
from tenantry.serving.services import Services
from tests.conftest import TenantFixture
from tests.fake_llm import FakeLLM, fake_llm_server

SECRET_KEY = Principal(kind=PrincipalKind.API_KEY, key_kind=ApiKeyKind.SECRET)
API_KEY = "sk-test-0123456789abcdef"


def staff(staff_id: int = 1, role: StaffRole = StaffRole.ADMIN) -> Principal:
    return Principal(kind=PrincipalKind.STAFF, staff_id=staff_id, staff_role=role)


def make_ctx(services: Services, tenant: TenantFixture, principal: Principal = SECRET_KEY) -> Ctx:
    return Ctx(tenant=tenant.info, settings=services.settings, principal=principal)


def secret(tenant: TenantFixture) -> dict[str, str]:
    """The tenant's secret key as a Bearer, as a server would call."""
    return {"Authorization": f"Bearer {tenant.secret_key}"}


def llm_settings(llm: FakeLLM, model: str = "echo", **extra: Any) -> dict[str, Any]:
    return {"base_url": llm.base_url, "model": model, "api_key": API_KEY, **extra}


async def configure(
    services: Services,
    tenant: TenantFixture,
    slug: str,
    *,
    enabled: bool = True,
    prompt: str | None = None,
    settings: dict[str, Any] | None = None,
) -> agents.AgentView:
    data = agents.ConfigureIn(enabled=enabled, prompt=prompt, settings=settings)
    async with services.db.unit(tenant.id) as unit:
        view = await agents.configure_agent(
            unit.session, ctx=make_ctx(services, tenant), slug=slug, data=data
        )
        await unit.commit()
    return view


async def add_faq(
    services: Services,
    tenant: TenantFixture,
    question: str,
    answer: str,
    *,
    keywords: list[str] | None = None,
    position: int = 0,
    is_active: bool = True,
) -> FaqEntry:
    data = agents.FaqEntryIn(
        question=question,
        answer=answer,
        keywords=keywords or [],
        position=position,
        is_active=is_active,
    )
    async with services.db.unit(tenant.id) as unit:
        entry = await agents.create_faq_entry(
            unit.session, ctx=make_ctx(services, tenant), data=data
        )
        await unit.commit()
    return entry


async def add_execution(
    services: Services,
    tenant: TenantFixture,
    slug: str,
    input: dict[str, Any],
    **fields: Any,
) -> AgentExecution:
    """A row as the runner would leave it, without running anything."""
    async with services.db.unit(tenant.id) as unit:
        execution = AgentExecution(agent_slug=slug, input=input, **fields)
        unit.session.add(execution)
        await unit.commit()
    return execution


async def load_execution(
    services: Services, tenant: TenantFixture, execution_id: int | None
) -> AgentExecution:
    async with services.db.unit(tenant.id) as unit:
        found = await unit.session.scalar(
            select(AgentExecution).where(col(AgentExecution.id) == execution_id)
        )
    assert found is not None
    return found


async def executions_of(services: Services, tenant: TenantFixture) -> list[AgentExecution]:
    async with services.db.unit(tenant.id) as unit:
        rows = await unit.session.scalars(select(AgentExecution).order_by(col(AgentExecution.id)))
        return list(rows.all())


async def wait_until_finished(
    services: Services, tenant: TenantFixture, execution_id: int | None, within: float = 5.0
) -> AgentExecution:
    async with asyncio.timeout(within):
        while True:
            execution = await load_execution(services, tenant, execution_id)
            if execution.status in (ExecutionStatus.SUCCEEDED, ExecutionStatus.FAILED):
                return execution
            await asyncio.sleep(0.02)


@pytest.fixture
async def llm() -> AsyncIterator[FakeLLM]:
    async with fake_llm_server() as server:
        yield server
