"""Every tenant-owned model: a session of tenant A never reads, updates or deletes B's rows."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import delete, func, update
from sqlmodel import SQLModel, col, select

from tenantry.db.scoping import ScopeViolation
from tenantry.models.base import tenant_owned_models
from tenantry.models.blog import BlogPost, BlogPostTag, BlogTag
from tenantry.models.member import Member
from tenantry.models.tenant import Tenant
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.db.rows import FACTORIES

MODELS = tenant_owned_models()


def _ids(rows: Any) -> set[int]:
    return {row.id for row in rows}


async def _rows_in(services: Services, model: type[SQLModel], tenant: TenantFixture) -> int:
    async with services.db.unit(tenant.id) as uow:
        row = await FACTORIES[model](uow.session, tenant.id)
        await uow.commit()
    assert isinstance(row.id, int)  # type: ignore[attr-defined]
    return row.id  # type: ignore[attr-defined,no-any-return]


@pytest.fixture
async def two_tenants(factory: Factory) -> tuple[TenantFixture, TenantFixture]:
    return await factory.tenant(), await factory.tenant()


def test_every_tenant_owned_model_has_a_row_factory() -> None:
    missing = [model.__name__ for model in MODELS if model not in FACTORIES]
    assert missing == [], f"add a row factory in tests/db/rows.py for {missing}"


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
async def test_select_and_count_see_only_own_tenant(
    services: Services, two_tenants: tuple[TenantFixture, TenantFixture], model: type[SQLModel]
) -> None:
    # given
    a, b = two_tenants
    mine = await _rows_in(services, model, a)
    theirs = await _rows_in(services, model, b)
    # when
    async with services.db.unit(a.id) as uow:
        seen = _ids(await uow.session.scalars(select(model)))
        by_id = await uow.session.get(model, theirs)
        filtered = await uow.session.scalar(select(model).where(col(model.id) == theirs))  # type: ignore[attr-defined]
        counted = await uow.session.scalar(
            select(func.count()).select_from(select(model).subquery())
        )
    # then
    assert mine in seen
    assert theirs not in seen
    assert by_id is None
    assert filtered is None
    async with services.db.unit(None) as uow:
        own_total = await uow.session.scalar(
            select(func.count()).select_from(model).where(col(model.tenant_id) == a.id)  # type: ignore[attr-defined]
        )
    assert counted == own_total


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
async def test_bulk_update_and_delete_never_touch_another_tenant(
    services: Services, two_tenants: tuple[TenantFixture, TenantFixture], model: type[SQLModel]
) -> None:
    # given
    a, b = two_tenants
    theirs = await _rows_in(services, model, b)
    # when
    async with services.db.unit(a.id) as uow:
        updated = await uow.session.execute(
            update(model).where(col(model.id) == theirs).values(tenant_id=a.id)  # type: ignore[attr-defined]
        )
        deleted = await uow.session.execute(delete(model).where(col(model.id) == theirs))  # type: ignore[attr-defined]
        await uow.commit()
    # then
    assert updated.rowcount == 0  # type: ignore[attr-defined]
    assert deleted.rowcount == 0  # type: ignore[attr-defined]
    async with services.db.unit(b.id) as uow:
        assert await uow.session.get(model, theirs) is not None


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
async def test_rows_are_stamped_with_the_session_tenant(
    services: Services, two_tenants: tuple[TenantFixture, TenantFixture], model: type[SQLModel]
) -> None:
    # given
    a, _ = two_tenants
    # when
    row_id = await _rows_in(services, model, a)
    # then
    async with services.db.unit(None) as uow:
        row = await uow.session.get(model, row_id)
    assert row is not None
    assert row.tenant_id == a.id  # type: ignore[attr-defined]


async def test_adding_a_row_of_another_tenant_is_refused(
    services: Services, two_tenants: tuple[TenantFixture, TenantFixture]
) -> None:
    # given
    a, b = two_tenants

    # when / then
    async with services.db.unit(a.id) as uow:
        uow.session.add(BlogTag(tenant_id=b.id, slug="x", name="x"))
        with pytest.raises(ScopeViolation):
            await uow.session.flush()


async def test_moving_a_row_to_another_tenant_is_refused(
    services: Services, two_tenants: tuple[TenantFixture, TenantFixture]
) -> None:
    # given
    a, b = two_tenants
    tag_id = await _rows_in(services, BlogTag, a)
    # when / then
    async with services.db.unit(a.id) as uow:
        tag = await uow.session.get(BlogTag, tag_id)
        assert tag is not None
        tag.tenant_id = b.id
        with pytest.raises(ScopeViolation):
            await uow.session.flush()


async def test_a_session_without_a_scope_is_refused(services: Services) -> None:
    async with services.db.sessions() as session:
        with pytest.raises(ScopeViolation):
            await session.scalars(select(Member))


async def test_a_subquery_over_a_tenant_owned_model_is_scoped_too(
    services: Services, two_tenants: tuple[TenantFixture, TenantFixture]
) -> None:
    # given a member of tenant B
    from sqlalchemy import exists

    a, b = two_tenants
    theirs = await _rows_in(services, Member, b)
    by_exists = (
        select(Tenant.id)
        .where(col(Tenant.id) == a.id)
        .where(exists().where(col(Member.id) == theirs))
    )
    by_in = (
        select(Tenant.id)
        .where(col(Tenant.id) == b.id)
        .where(col(Tenant.id).in_(select(Member.tenant_id).where(col(Member.id) == theirs)))
    )
    # when tenant A asks about it only inside subqueries of an unscoped outer query
    async with services.db.unit(a.id) as uow:
        scoped = [await uow.session.scalar(by_exists), await uow.session.scalar(by_in)]
    async with services.db.unit(None) as uow:
        unscoped = [await uow.session.scalar(by_exists), await uow.session.scalar(by_in)]
    # then B's member is invisible through either, though the queries do find it unscoped
    assert scoped == [None, None]
    assert unscoped == [a.id, b.id]


def test_tables_are_found_in_joins_subqueries_and_dml() -> None:
    from sqlalchemy import update

    from tenantry.db.scoping import tenant_tables_in

    joined = select(BlogTag).join(BlogPostTag, col(BlogPostTag.tag_id) == BlogTag.id)
    nested = select(BlogPost).where(col(BlogPost.author_id).in_(select(Member.id)))
    counted = select(func.count()).select_from(select(BlogPost).subquery())
    changed = update(BlogTag).where(col(BlogTag.id).in_(select(BlogPostTag.tag_id)))
    assert tenant_tables_in(joined) == ("blog_post_tag", "blog_tag")
    assert tenant_tables_in(nested) == ("blog_post", "member")
    assert tenant_tables_in(counted) == ("blog_post",)
    assert tenant_tables_in(changed) == ("blog_post_tag", "blog_tag")


async def test_aliased_joins_are_scoped_per_alias(
    services: Services, two_tenants: tuple[TenantFixture, TenantFixture]
) -> None:
    # given a tag in each tenant
    from sqlalchemy.orm import aliased

    a, b = two_tenants
    mine = await _rows_in(services, BlogTag, a)
    theirs = await _rows_in(services, BlogTag, b)
    other = aliased(BlogTag)
    # when A self-joins tags to every tag through an alias
    pairs = select(BlogTag.id, other.id).join(other, col(other.id) != BlogTag.id)
    async with services.db.unit(a.id) as uow:
        scoped = (await uow.session.execute(pairs.where(col(BlogTag.id) == mine))).all()
    # then the alias side never reaches B's tag
    assert theirs not in {row[1] for row in scoped}
    async with services.db.unit(None) as uow:
        unscoped = (await uow.session.execute(pairs.where(col(BlogTag.id) == mine))).all()
    assert theirs in {row[1] for row in unscoped}


async def test_criteria_of_one_tenant_never_leak_into_another_tenants_statement(
    services: Services, factory: Factory
) -> None:
    # the same statement, cached once, must bind each session's own tenant

    tenants = [await factory.tenant() for _ in range(3)]
    ids = [await _rows_in(services, BlogTag, tenant) for tenant in tenants]
    statement = select(BlogTag.id)
    for tenant, own in zip(tenants, ids, strict=True):
        async with services.db.unit(tenant.id) as uow:
            assert list(await uow.session.scalars(statement)) == [own]
