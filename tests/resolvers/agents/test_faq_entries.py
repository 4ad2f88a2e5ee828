"""The FAQ entries staff maintain."""

from __future__ import annotations

import pytest

from tenantry.auth.principal import Principal
from tenantry.core.errors import Forbidden, NotFound, Unauthenticated
from tenantry.core.inputs import parse_input
from tenantry.models.tenant import StaffRole
from tenantry.resolvers import agents
from tenantry.serving.services import Services
from tests.agents.support import add_faq, make_ctx, staff
from tests.conftest import Factory


async def test_keywords_are_cleaned_and_entries_listed_in_order(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    later = await add_faq(services, tenant, "Q2", "A2", position=2, is_active=False)
    first = await add_faq(services, tenant, "Q1", "A1", keywords=[" Open ", "open", "", "HOURS"])
    # when
    async with services.db.unit(tenant.id) as unit:
        found = await agents.list_faq_entries(
            unit.session, ctx=make_ctx(services, tenant, staff(role=StaffRole.AGENT))
        )
    # then
    assert [entry.id for entry in found] == [first.id, later.id]
    assert found[0].keywords == ["open", "hours"]


async def test_an_update_changes_only_the_given_fields(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    entry = await add_faq(services, tenant, "Q", "A", keywords=["k"])
    assert entry.id is not None
    data = parse_input(agents.FaqEntryUpdate, {"answer": "B", "is_active": False})
    # when
    async with services.db.unit(tenant.id) as unit:
        updated = await agents.update_faq_entry(
            unit.session, ctx=make_ctx(services, tenant), entry_id=entry.id, data=data
        )
        await unit.commit()
    # then
    assert (updated.question, updated.answer, updated.keywords, updated.is_active) == (
        "Q",
        "B",
        ["k"],
        False,
    )


async def test_another_tenants_entry_cannot_be_deleted(
    services: Services, factory: Factory
) -> None:
    tenant, other = await factory.tenant(), await factory.tenant()
    theirs = await add_faq(services, other, "Q", "A")
    assert theirs.id is not None
    async with services.db.unit(tenant.id) as unit:
        with pytest.raises(NotFound):
            await agents.delete_faq_entry(
                unit.session, ctx=make_ctx(services, tenant), entry_id=theirs.id
            )


@pytest.mark.parametrize(
    ("principal", "error"),
    [(Principal(), Unauthenticated), (staff(role=StaffRole.AGENT), Forbidden)],
)
async def test_only_admins_write_the_faq(
    services: Services, factory: Factory, principal: Principal, error: type[Exception]
) -> None:
    tenant = await factory.tenant()
    data = agents.FaqEntryIn(question="Q", answer="A")
    async with services.db.unit(tenant.id) as unit:
        with pytest.raises(error):
            await agents.create_faq_entry(
                unit.session, ctx=make_ctx(services, tenant, principal), data=data
            )
