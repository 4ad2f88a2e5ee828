"""Staff define forms: field schemas checked on the way in, slugs unique per tenant."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import func, select

from tenantry.auth.principal import Principal
from tenantry.core.errors import Forbidden, NotFound, Unauthenticated, ValidationFailed
from tenantry.core.inputs import parse_input
from tenantry.models.forms import FormSubmission
from tenantry.resolvers import forms
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.forms.support import ctx, make_form, member, submit


async def create(
    services: Services, tenant: TenantFixture, principal: Principal | None = None, **data: Any
) -> Any:
    parsed = parse_input(forms.FormIn, {"name": "Contact", **data})
    async with services.db.unit(tenant.id) as uow:
        context = ctx(services, tenant) if principal is None else ctx(services, tenant, principal)
        form = await forms.create_form(uow.session, ctx=context, data=parsed)
        await uow.commit()
    return form


async def test_fields_are_stored_normalized(factory: Factory, services: Services) -> None:
    tenant = await factory.tenant()

    form = await create(
        services,
        tenant,
        fields=[
            {"name": "full_name", "type": "text", "required": True, "max": 50.0},
            {"name": "plan", "type": "select", "label": "Plan", "options": ["a", "b", "a"]},
        ],
        settings={"submissions_per_ip": 3, "success_message": "Thanks!"},
    )

    assert form.slug == "contact"
    assert form.fields == [
        {"name": "full_name", "label": "Full name", "type": "text", "required": True, "max": 50},
        {
            "name": "plan",
            "label": "Plan",
            "type": "select",
            "required": False,
            "options": ["a", "b"],
        },
    ]
    assert form.settings == {
        "success_message": "Thanks!",
        "submissions_per_ip": 3,
        "requires_member": False,
    }


@pytest.mark.parametrize(
    ("field", "errors"),
    [
        (
            {"name": "plan", "type": "select"},
            {"fields.0.options": ["The fields.0.options field is required for select fields."]},
        ),
        (
            {"name": "x", "type": "text", "options": ["a"]},
            {
                "fields.0.options": [
                    "The fields.0.options field is only allowed for select and checkbox fields."
                ]
            },
        ),
        (
            {"name": "when", "type": "date", "min": 1},
            {"fields.0.min": ["The fields.0.min field is not allowed for date fields."]},
        ),
        (
            {"name": "x", "type": "text", "min": 1.5},
            {"fields.0.min": ["The fields.0.min field must be a whole number of at least 0."]},
        ),
        (
            {"name": "n", "type": "number", "min": 10, "max": 1},
            {"fields.0.max": ["The fields.0.max field must be greater than or equal to min."]},
        ),
        (
            {"name": "1st", "type": "text"},
            {
                "fields.0.name": [
                    "The fields.0.name field must start with a letter or an underscore."
                ]
            },
        ),
        (
            {"name": "a-b", "type": "text"},
            {
                "fields.0.name": [
                    "The fields.0.name field must only contain letters, numbers, and underscores."
                ]
            },
        ),
        (
            {"name": "x", "type": "color"},
            {"fields.0.type": ["The selected fields.0.type is invalid."]},
        ),
    ],
)
async def test_bad_field_definitions_are_refused(
    factory: Factory, services: Services, field: dict[str, Any], errors: dict[str, list[str]]
) -> None:
    tenant = await factory.tenant()

    with pytest.raises(ValidationFailed) as refused:
        await create(services, tenant, fields=[field])

    assert refused.value.fields == errors


async def test_duplicate_field_names_are_refused(factory: Factory, services: Services) -> None:
    tenant = await factory.tenant()
    field = {"name": "email", "type": "email"}

    with pytest.raises(ValidationFailed) as refused:
        await create(services, tenant, fields=[field, field])

    assert refused.value.fields == {
        "fields.1.name": ["The fields.1.name field has a duplicate value."]
    }


async def test_slugs_are_unique_per_tenant(factory: Factory, services: Services) -> None:
    tenant, other = await factory.tenant(), await factory.tenant()
    await create(services, tenant, slug="contact")

    second = await create(services, tenant)
    elsewhere = await create(services, other, slug="contact")
    with pytest.raises(ValidationFailed) as refused:
        await create(services, tenant, slug="contact")

    assert second.slug == "contact-2"
    assert elsewhere.slug == "contact"
    assert refused.value.fields == {"slug": ["The slug has already been taken."]}


@pytest.mark.parametrize(
    ("principal", "error"), [(Principal(), Unauthenticated), (member(1), Forbidden)]
)
async def test_only_admins_define_forms(
    factory: Factory, services: Services, principal: Principal, error: type[Exception]
) -> None:
    tenant = await factory.tenant()

    with pytest.raises(error):
        await create(services, tenant, principal)


async def test_update_replaces_fields_and_settings(factory: Factory, services: Services) -> None:
    tenant = await factory.tenant()
    form = await make_form(services, tenant, settings={"submissions_per_ip": 3})
    data = parse_input(
        forms.FormUpdate,
        {"name": "Support", "fields": [{"name": "topic", "type": "text"}], "settings": {}},
    )

    async with services.db.unit(tenant.id) as uow:
        assert form.id is not None
        updated = await forms.update_form(
            uow.session, ctx=ctx(services, tenant), form_id=form.id, data=data
        )
        await uow.commit()

    assert (updated.name, updated.slug) == ("Support", form.slug)
    assert updated.fields == [
        {"name": "topic", "label": "Topic", "type": "text", "required": False}
    ]
    assert updated.settings == {"requires_member": False}


async def test_delete_removes_the_submissions_too(factory: Factory, services: Services) -> None:
    # given
    tenant = await factory.tenant()
    form = await make_form(services, tenant)
    await submit(services, tenant, form, {"name": "Kim", "email": "kim@example.com"})

    # when
    async with services.db.unit(tenant.id) as uow:
        assert form.id is not None
        await forms.delete_form(uow.session, ctx=ctx(services, tenant), form_id=form.id)
        await uow.commit()

    # then
    async with services.db.unit(tenant.id) as uow:
        left = await uow.session.scalar(
            select(func.count())
            .select_from(FormSubmission)
            .where(FormSubmission.form_id == form.id)
        )
        with pytest.raises(NotFound):
            await forms.get_form(uow.session, ctx=ctx(services, tenant), slug=form.slug)
    assert left == 0


async def test_inactive_forms_are_hidden_from_the_public(
    factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    form = await make_form(services, tenant, is_active=False)

    async with services.db.unit(tenant.id) as uow:
        with pytest.raises(NotFound):
            await forms.get_form(
                uow.session, ctx=ctx(services, tenant, Principal()), slug=form.slug
            )
        found = await forms.get_form(uow.session, ctx=ctx(services, tenant), slug=form.slug)

    assert found.id == form.id
