"""Idempotency keys: claimed in the request's transaction, answered once, replayed after."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tenantry.auth.principal import Principal
from tenantry.core.context import Ctx
from tenantry.core.errors import ValidationFailed
from tenantry.resolvers.idempotency import (
    REUSED,
    Answer,
    Claim,
    KeyReused,
    claim_key,
    remember_answer,
)
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.support import FixedClock, make_ctx, member_principal

OPERATION = "test.create"
ANSWER = Answer(201, {"data": {"id": 1}})


async def first_use(
    services: Services, ctx: Ctx, key: str, params: Any, *, answer: Answer = ANSWER
) -> None:
    async with services.db.unit(ctx.tenant.id) as uow:
        claim = await claim_key(uow.session, ctx=ctx, operation=OPERATION, key=key, params=params)
        assert claim.record is not None
        await remember_answer(uow.session, record=claim.record, answer=answer)
        await uow.commit()


async def claim(services: Services, ctx: Ctx, key: str, params: Any) -> Claim:
    async with services.db.unit(ctx.tenant.id) as uow:
        found = await claim_key(uow.session, ctx=ctx, operation=OPERATION, key=key, params=params)
        await uow.commit()
    return found


def member(services: Services, tenant: TenantFixture, member_id: int = 1) -> Ctx:
    return make_ctx(services, tenant, member_principal(member_id))


async def test_a_new_key_is_claimed(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    found = await claim(services, member(services, tenant), "key-1", {"a": 1})
    assert found.record is not None
    assert found.replay is None


async def test_the_same_key_and_parameters_replay_the_first_answer(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    ctx = member(services, tenant)
    await first_use(services, ctx, "key-1", {"a": 1, "b": [1, 2]})
    # when: the same JSON, keys in another order
    found = await claim(services, ctx, "key-1", {"b": [1, 2], "a": 1})
    # then
    assert found.replay == ANSWER
    assert found.record is None


async def test_the_same_key_with_other_parameters_is_refused(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    ctx = member(services, tenant)
    await first_use(services, ctx, "key-1", {"a": 1})
    with pytest.raises(KeyReused) as raised:
        await claim(services, ctx, "key-1", {"a": 2})
    assert raised.value.message == REUSED
    assert raised.value.fields == {"idempotency_key": [REUSED]}


async def test_keys_belong_to_one_principal(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    await first_use(services, member(services, tenant, 1), "shared", {"a": 1})
    found = await claim(services, member(services, tenant, 2), "shared", {"a": 2})
    assert found.record is not None


async def test_keys_belong_to_one_tenant(services: Services, factory: Factory) -> None:
    tenant, other = await factory.tenant(), await factory.tenant()
    await first_use(services, member(services, tenant), "shared", {"a": 1})
    found = await claim(services, member(services, other), "shared", {"a": 1})
    assert found.record is not None


async def test_a_request_that_failed_leaves_its_key_free(
    services: Services, factory: Factory
) -> None:
    # given: a claim rolled back with its failed request
    tenant = await factory.tenant()
    ctx = member(services, tenant)
    async with services.db.unit(tenant.id) as uow:
        await claim_key(uow.session, ctx=ctx, operation=OPERATION, key="retry", params={"a": 1})
        await uow.rollback()
    # when
    found = await claim(services, ctx, "retry", {"a": 2})
    # then
    assert found.record is not None


async def test_a_key_is_forgotten_after_a_day(services: Services, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    clock = FixedClock()
    ctx = make_ctx(services, tenant, member_principal(1), clock=clock)
    await first_use(services, ctx, "old", {"a": 1})
    # when
    clock.advance(timedelta(hours=24, seconds=1).total_seconds())
    found = await claim(services, ctx, "old", {"a": 2})
    # then
    assert found.record is not None


async def test_a_key_too_long_is_invalid(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    with pytest.raises(ValidationFailed) as raised:
        await claim(services, member(services, tenant), "k" * 256, {})
    assert list(raised.value.fields) == ["idempotency_key"]


async def test_an_anonymous_caller_has_a_scope_too(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    ctx = make_ctx(services, tenant, Principal())
    await first_use(services, ctx, "anon", {"a": 1})
    assert (await claim(services, ctx, "anon", {"a": 1})).replay == ANSWER
