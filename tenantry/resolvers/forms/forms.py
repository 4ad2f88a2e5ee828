"""Forms: public reads of active forms; definitions written by owner/admin staff or a secret key."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.access import require_admin
from tenantry.core.context import Ctx
from tenantry.core.errors import NotFound, ValidationFailed
from tenantry.models.forms import Form
from tenantry.resolvers.forms.definitions import FormIn, FormUpdate, check_fields
from tenantry.resolvers.slugs import TAKEN, ensure_free, slugify, unique_slug, validate_slug

DEFAULT_SUCCESS_MESSAGE = "Thank you for your submission."


def success_message(form: Form) -> str:
    return str(form.settings.get("success_message") or DEFAULT_SUCCESS_MESSAGE)


async def list_forms(
    session: AsyncSession, *, ctx: Ctx, include_inactive: bool = False
) -> list[Form]:
    if include_inactive:
        require_admin(ctx)
    query: Select[Any] = select(Form)
    if not include_inactive:
        query = query.where(col(Form.is_active))
    rows = await session.scalars(query.order_by(col(Form.name), col(Form.id)))
    return list(rows)


async def get_form(session: AsyncSession, *, ctx: Ctx, slug: str) -> Form:
    """An active form by slug; admins also get inactive ones."""
    form = await session.scalar(select(Form).where(col(Form.slug) == slug))
    if form is None or not (form.is_active or ctx.principal.is_admin):
        raise NotFound("form", "Form not found.")
    return form


async def create_form(session: AsyncSession, *, ctx: Ctx, data: FormIn) -> Form:
    require_admin(ctx)
    fields = check_fields(data.fields)
    if data.slug:
        slug = validate_slug(data.slug)
        await ensure_free(session, Form, slug)
    else:
        slug = await unique_slug(session, Form, slugify(data.name, fallback="form")[:90])
    now = ctx.now()
    form = Form(
        slug=slug,
        name=data.name,
        description=data.description,
        fields=fields,
        settings=data.settings.as_json(),
        is_active=data.is_active,
        created_at=now,
        updated_at=now,
    )
    session.add(form)
    await _flush_unique(session)
    return form


async def update_form(session: AsyncSession, *, ctx: Ctx, form_id: int, data: FormUpdate) -> Form:
    require_admin(ctx)
    form = await _form(session, form_id)
    if data.name is not None:
        form.name = data.name
    if data.slug and data.slug != form.slug:
        slug = validate_slug(data.slug)
        await ensure_free(session, Form, slug, exclude_id=form.id)
        form.slug = slug
    if data.description is not None:
        form.description = data.description
    if data.fields is not None:
        form.fields = check_fields(data.fields)
    if data.settings is not None:
        form.settings = data.settings.as_json()
    if data.is_active is not None:
        form.is_active = data.is_active
    form.updated_at = ctx.now()
    await _flush_unique(session)
    return form


async def delete_form(session: AsyncSession, *, ctx: Ctx, form_id: int) -> None:
    """Its submissions go with it."""
    require_admin(ctx)
    form = await _form(session, form_id)
    await session.delete(form)
    await session.flush()


async def forms_by_ids(session: AsyncSession, ids: Iterable[int]) -> dict[int, Form]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = await session.scalars(select(Form).where(col(Form.id).in_(wanted)))
    return {form.id: form for form in rows if form.id is not None}


async def _form(session: AsyncSession, form_id: int) -> Form:
    form = await session.scalar(select(Form).where(col(Form.id) == form_id))
    if form is None:
        raise NotFound("form", "Form not found.")
    return form


async def _flush_unique(session: AsyncSession) -> None:
    try:
        await session.flush()
    except IntegrityError as exc:
        if "slug" not in str(exc.orig):
            raise
        raise ValidationFailed.single("slug", TAKEN) from None
