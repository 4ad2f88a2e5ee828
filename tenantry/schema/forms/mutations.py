"""Form submissions for anyone; form definitions for owner/admin staff or a secret key."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.scalars import JSON

from tenantry.core.errors import ValidationFailed
from tenantry.core.ids import parse_id
from tenantry.core.inputs import parse_input
from tenantry.resolvers import forms
from tenantry.schema import dataloaders
from tenantry.schema.forms.types import Form, FormFieldType, GQLInfo, SubmitFormResult
from tenantry.schema.inputs import input_data


@strawberry.input
class FormFieldInput:
    name: str
    type: FormFieldType
    label: str | None = strawberry.UNSET
    required: bool | None = strawberry.UNSET
    min: float | None = strawberry.UNSET
    max: float | None = strawberry.UNSET
    options: list[str] | None = strawberry.UNSET


@strawberry.input
class FormSettingsInput:
    success_message: str | None = strawberry.UNSET
    submissions_per_ip: int | None = strawberry.UNSET
    ip_window_seconds: int | None = strawberry.UNSET
    requires_member: bool | None = strawberry.UNSET


@strawberry.input
class CreateFormInput:
    name: str
    slug: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    fields: list[FormFieldInput] | None = strawberry.UNSET
    settings: FormSettingsInput | None = strawberry.UNSET
    is_active: bool | None = strawberry.UNSET


@strawberry.input(description="Only the fields given change; fields and settings are replaced.")
class UpdateFormInput:
    name: str | None = strawberry.UNSET
    slug: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    fields: list[FormFieldInput] | None = strawberry.UNSET
    settings: FormSettingsInput | None = strawberry.UNSET
    is_active: bool | None = strawberry.UNSET


def _data(value: object) -> dict[str, Any]:
    data: dict[str, Any] = input_data(value)
    return {key: item for key, item in data.items() if item is not None}


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Answers keyed by field name; unknown keys are ignored.")
    async def submit_form(self, info: GQLInfo, slug: str, data: JSON) -> SubmitFormResult:
        context = info.context
        if not isinstance(data, dict):
            raise ValidationFailed.single("data", "The data field must be an object.")
        user_agent = context.request.headers.get("user-agent", "")
        done = await forms.submit_form(
            context.session,
            ctx=context.ctx,
            slug=slug,
            data=forms.SubmissionIn(answers=data, user_agent=user_agent),
        )
        dataloaders.forget(context, "form_by_id")
        return SubmitFormResult(id=strawberry.ID(str(done.submission.id)), message=done.message)

    @strawberry.mutation
    async def create_form(self, info: GQLInfo, input: CreateFormInput) -> Form:
        context = info.context
        data = parse_input(forms.FormIn, _data(input))
        form = await forms.create_form(context.session, ctx=context.ctx, data=data)
        return Form.from_model(form)

    @strawberry.mutation
    async def update_form(self, info: GQLInfo, id: strawberry.ID, input: UpdateFormInput) -> Form:
        context = info.context
        data = parse_input(forms.FormUpdate, _data(input))
        form = await forms.update_form(
            context.session, ctx=context.ctx, form_id=parse_id(id, "form"), data=data
        )
        dataloaders.forget(context, "form_by_id")
        return Form.from_model(form)

    @strawberry.mutation(description="Its submissions go with it.")
    async def delete_form(self, info: GQLInfo, id: strawberry.ID) -> bool:
        context = info.context
        await forms.delete_form(context.session, ctx=context.ctx, form_id=parse_id(id, "form"))
        dataloaders.forget(context, "form_by_id")
        return True
