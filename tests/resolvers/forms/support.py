"""Forms for tests, written through the resolvers with a secret-key context."""

from __future__ import annotations

import secrets
from typing import Any

from tenantry.auth.principal import Principal, PrincipalKind
from tenantry.clock import Clock
from tenantry.core.context import Ctx
from tenantry.core.inputs import parse_input
from tenantry.models.forms import Form
from tenantry.models.media import Media
from tenantry.models.tenant import ApiKeyKind
from tenantry.resolvers import forms
from tenantry.serving.services import Services
from tests.conftest import TenantFixture

SECRET_KEY = Principal(kind=PrincipalKind.API_KEY, key_kind=ApiKeyKind.SECRET)

CONTACT_FIELDS: list[dict[str, Any]] = [
    {"name": "name", "label": "Name", "type": "text", "required": True, "max": 50},
    {"name": "email", "label": "Email", "type": "email", "required": True},
    {"name": "message", "label": "Message", "type": "textarea", "min": 5},
]


def ctx(
    services: Services,
    tenant: TenantFixture,
    principal: Principal = SECRET_KEY,
    *,
    client_ip: str | None = "203.0.113.7",
    clock: Clock | None = None,
) -> Ctx:
    return Ctx(
        tenant=tenant.info,
        settings=services.settings,
        principal=principal,
        clock=clock or services.clock,
        client_ip=client_ip,
    )


def member(member_id: int) -> Principal:
    return Principal(kind=PrincipalKind.MEMBER, member_id=member_id)


async def make_form(
    services: Services,
    tenant: TenantFixture,
    *,
    fields: list[dict[str, Any]] | None = None,
    settings: dict[str, Any] | None = None,
    name: str = "Contact",
    slug: str | None = None,
    is_active: bool = True,
    description: str = "",
) -> Form:
    data = parse_input(
        forms.FormIn,
        {
            "name": name,
            "slug": slug or f"form-{secrets.token_hex(4)}",
            "description": description,
            "fields": CONTACT_FIELDS if fields is None else fields,
            "settings": settings or {},
            "is_active": is_active,
        },
    )
    async with services.db.unit(tenant.id) as uow:
        form = await forms.create_form(uow.session, ctx=ctx(services, tenant), data=data)
        await uow.commit()
    return form


async def submit(
    services: Services,
    tenant: TenantFixture,
    form: Form,
    answers: dict[str, Any],
    *,
    principal: Principal | None = None,
    client_ip: str | None = "203.0.113.7",
    clock: Clock | None = None,
) -> forms.Submitted:
    context = ctx(services, tenant, principal or Principal(), client_ip=client_ip, clock=clock)
    async with services.db.unit(tenant.id) as uow:
        done = await forms.submit_form(
            uow.session,
            ctx=context,
            slug=form.slug,
            data=forms.SubmissionIn(answers=answers, user_agent="pytest"),
        )
        await uow.commit()
    return done


async def media_row(services: Services, tenant: TenantFixture, *, member_id: int | None) -> Media:
    """A media row without a stored file: enough for answers that refer to an upload."""
    token = secrets.token_hex(8)
    row = Media(
        filename=f"{token}.png",
        original_name="resume.png",
        content_type="image/png",
        size=10,
        storage_path=f"t{tenant.id}/media/{token}.png",
        member_id=member_id,
    )
    async with services.db.unit(tenant.id) as uow:
        uow.session.add(row)
        await uow.commit()
    return row
