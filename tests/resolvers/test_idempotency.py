"""Idempotency keys: claimed in the request's transaction, their result stored, replayed after."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tenantry.auth.principal import Principal
from tenantry.core.context import Ctx
from tenantry.core.errors import ValidationFailed
from tenantry.core.inputs import Input
from tenantry.resolvers.idempotency import (
    OTHER_OPERATION,
    REUSED,
    Claim,
    KeyReused,
    Result,
    claim_key,
    remember_result,
    run_once,
)
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.support import FixedClock, make_ctx, member_principal

OPERATION = "test.create"
MADE: Result = {"thing_id": 1}


class Params(Input):
    a: int = 0
    b: list[int] = []


async def first_use(
    services: Services, ctx: Ctx, key: str, params: Params, *, operation: str = OPERATION
) -> None:
    async with services.db.unit(ctx.tenant.id) as uow:
        claim = await claim_key(uow.session, ctx=ctx, operation=operation, key=key, params=params)
        assert claim.record is not None
        await remember_result(uow.session, record=claim.record, result=MADE)
        await uow.commit()


async def claim(
    services: Services, ctx: Ctx, key: str, params: Params, *, operation: str = OPERATION
) -> Claim:
    async with services.db.unit(ctx.tenant.id) as uow:
        found = await claim_key(uow.session, ctx=ctx, operation=operation, key=key, params=params)
        await uow.commit()
    return found


def member(services: Services, tenant: TenantFixture, member_id: int = 1) -> Ctx:
    return make_ctx(services, tenant, member_principal(member_id))


async def test_a_new_key_is_claimed(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    found = await claim(services, member(services, tenant), "key-1", Params(a=1))
    assert found.record is not None
    assert found.earlier is None


async def test_the_same_key_and_input_find_the_first_result(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    ctx = member(services, tenant)
    await first_use(services, ctx, "key-1", Params(a=1, b=[1, 2]))
    # when: the same input, built again
    found = await claim(services, ctx, "key-1", Params.model_validate({"b": [1, 2], "a": 1}))
    # then
    assert found.earlier == MADE
    assert found.record is None


async def test_the_same_key_with_other_input_is_refused(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    ctx = member(services, tenant)
    await first_use(services, ctx, "key-1", Params(a=1))
    with pytest.raises(KeyReused) as raised:
        await claim(services, ctx, "key-1", Params(a=2))
    assert raised.value.message == REUSED
    assert raised.value.fields == {"idempotency_key": [REUSED]}
    assert raised.value.code == "idempotency_key_reused"


async def test_the_same_key_for_another_operation_is_refused(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    ctx = member(services, tenant)
    await first_use(services, ctx, "key-1", Params(a=1), operation="orders.create_from_cart")
    with pytest.raises(KeyReused) as raised:
        await claim(services, ctx, "key-1", Params(a=1), operation="payments.create")
    assert raised.value.message == OTHER_OPERATION


async def test_run_once_runs_once_and_replays_from_the_stored_ids(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    ctx = member(services, tenant)
    runs: list[int] = []

    async def once() -> tuple[str, bool]:
        async with services.db.unit(tenant.id) as uow:

            async def run() -> str:
                runs.append(1)
                return "made 7"

            async def replay(made: Result) -> str:
                return f"loaded {made['thing_id']}"

            outcome = await run_once(
                uow.session,
                ctx=ctx,
                operation=OPERATION,
                key="k",
                params=Params(a=1),
                run=run,
                result=lambda _: {"thing_id": 7},
                replay=replay,
            )
            await uow.commit()
        return outcome.value, outcome.replayed

    # when
    first, second = await once(), await once()
    # then
    assert (first, second) == (("made 7", False), ("loaded 7", True))
    assert runs == [1]


async def test_keys_belong_to_one_principal(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    await first_use(services, member(services, tenant, 1), "shared", Params(a=1))
    found = await claim(services, member(services, tenant, 2), "shared", Params(a=2))
    assert found.record is not None


async def test_keys_belong_to_one_tenant(services: Services, factory: Factory) -> None:
    tenant, other = await factory.tenant(), await factory.tenant()
    await first_use(services, member(services, tenant), "shared", Params(a=1))
    found = await claim(services, member(services, other), "shared", Params(a=1))
    assert found.record is not None


async def test_a_request_that_failed_leaves_its_key_free(
    services: Services, factory: Factory
) -> None:
    # given: a claim rolled back with its failed request
    tenant = await factory.tenant()
    ctx = member(services, tenant)
    async with services.db.unit(tenant.id) as uow:
        await claim_key(uow.session, ctx=ctx, operation=OPERATION, key="retry", params=Params(a=1))
        await uow.rollback()
    # when
    found = await claim(services, ctx, "retry", Params(a=2))
    # then
    assert found.record is not None


async def test_a_key_is_forgotten_after_a_day(services: Services, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    clock = FixedClock()
    ctx = make_ctx(services, tenant, member_principal(1), clock=clock)
    await first_use(services, ctx, "old", Params(a=1))
    # when
    clock.advance(timedelta(hours=24, seconds=1).total_seconds())
    found = await claim(services, ctx, "old", Params(a=2))
    # then
    assert found.record is not None


async def test_a_key_too_long_is_invalid(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    with pytest.raises(ValidationFailed) as raised:
        await claim(services, member(services, tenant), "k" * 256, Params())
    assert list(raised.value.fields) == ["idempotency_key"]


async def test_an_anonymous_caller_has_a_scope_too(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    ctx = make_ctx(services, tenant, Principal())
    await first_use(services, ctx, "anon", Params(a=1))
    assert (await claim(services, ctx, "anon", Params(a=1))).earlier == MADE
