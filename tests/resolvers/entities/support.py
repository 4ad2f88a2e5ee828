"""Entities and records for tests, written through the resolvers as a secret key."""

from __future__ import annotations

from typing import Any

from tenantry.auth.principal import Principal, PrincipalKind
from tenantry.core.context import Ctx
from tenantry.models.entities import Entity, EntityRecord
from tenantry.models.tenant import ApiKeyKind
from tenantry.resolvers import entities
from tenantry.serving.services import Services
from tests.conftest import TenantFixture

SECRET_KEY = Principal(kind=PrincipalKind.API_KEY, key_kind=ApiKeyKind.SECRET)
PUBLISHABLE_KEY = Principal(kind=PrincipalKind.API_KEY, key_kind=ApiKeyKind.PUBLISHABLE)
MEMBER = Principal(kind=PrincipalKind.MEMBER, member_id=1)

CUSTOMERS = {
    "fields": [
        {"name": "company", "type": "text", "required": True},
        {"name": "email", "type": "email"},
    ]
}


def make_ctx(services: Services, tenant: TenantFixture, principal: Principal = SECRET_KEY) -> Ctx:
    return Ctx(tenant=tenant.info, settings=services.settings, principal=principal)


class EntityWriter:
    """Writes one tenant's entities and records, each call in its own transaction."""

    def __init__(self, services: Services, tenant: TenantFixture) -> None:
        self.services = services
        self.tenant = tenant
        self.ctx = make_ctx(services, tenant)

    async def entity(
        self, slug: str, schema: dict[str, Any] | None = None, name: str | None = None
    ) -> Entity:
        data = entities.EntityIn.model_validate(
            {"name": name or slug.title(), "slug": slug, "schema": schema or CUSTOMERS}
        )
        async with self.services.db.unit(self.tenant.id) as uow:
            entity = await entities.create_entity(uow.session, ctx=self.ctx, data=data)
            await uow.commit()
        return entity

    async def record(self, slug: str, **data: Any) -> EntityRecord:
        async with self.services.db.unit(self.tenant.id) as uow:
            record = await entities.create_record(uow.session, ctx=self.ctx, slug=slug, data=data)
            await uow.commit()
        return record

    async def raw_record(self, entity: Entity, data: dict[str, Any]) -> EntityRecord:
        """A row as stored, never validated: what a schema change can leave behind."""
        assert entity.id is not None
        async with self.services.db.unit(self.tenant.id) as uow:
            record = EntityRecord(entity_id=entity.id, data=data)
            uow.session.add(record)
            await uow.session.flush()
            await uow.commit()
        return record

    async def update_schema(self, slug: str, schema: dict[str, Any]) -> entities.EntityChange:
        data = entities.EntityUpdate.model_validate({"schema": schema})
        async with self.services.db.unit(self.tenant.id) as uow:
            change = await entities.update_entity(uow.session, ctx=self.ctx, slug=slug, data=data)
            await uow.commit()
        return change

    async def stored(self, record_id: int | None) -> dict[str, Any]:
        async with self.services.db.unit(self.tenant.id) as uow:
            record = await uow.session.get(EntityRecord, record_id)
            assert record is not None
            return dict(record.data)
