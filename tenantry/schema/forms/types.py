"""Form object types; a submission's form resolves through the operation's loader."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.dataloader import DataLoader
from strawberry.scalars import JSON
from strawberry.types import Info

from tenantry.models import forms as rows
from tenantry.resolvers import forms
from tenantry.schema.context import GraphQLContext
from tenantry.schema.dataloaders import batch_loader
from tenantry.schema.pagination import PageInfo

# Registered in place: the Python enum itself is the GraphQL enum, so fields annotate with it.
strawberry.enum(forms.FieldType, name="FormFieldType")
FormFieldType = forms.FieldType

GQLInfo = Info[GraphQLContext, None]


def form_by_id(context: GraphQLContext) -> DataLoader[int, rows.Form | None]:
    return batch_loader(context, "form_by_id", forms.forms_by_ids, None)


@strawberry.type
class FormField:
    name: str
    label: str
    type: FormFieldType
    required: bool
    min: float | None = strawberry.field(
        description="Length for text, textarea and email; value for number; choices for a "
        "checkbox with options."
    )
    max: float | None
    options: list[str] | None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FormField:
        return cls(
            name=data["name"],
            label=data.get("label", data["name"]),
            type=forms.FieldType(data["type"]),
            required=bool(data.get("required")),
            min=data.get("min"),
            max=data.get("max"),
            options=data.get("options"),
        )


@strawberry.type
class Form:
    id: strawberry.ID
    slug: str
    name: str
    description: str
    fields: list[FormField]
    settings: JSON = strawberry.field(
        description="success_message, submissions_per_ip, ip_window_seconds, requires_member."
    )
    is_active: bool
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_model(cls, form: rows.Form) -> Form:
        return cls(
            id=strawberry.ID(str(form.id)),
            slug=form.slug,
            name=form.name,
            description=form.description,
            fields=[FormField.from_json(field) for field in form.fields],
            settings=JSON(form.settings),
            is_active=form.is_active,
            created_at=form.created_at,
            updated_at=form.updated_at,
        )


@strawberry.type
class FormSubmission:
    id: strawberry.ID
    form_id: strawberry.ID
    member_id: strawberry.ID | None
    data: JSON
    ip: str | None
    user_agent: str
    created_at: datetime
    form_row_id: strawberry.Private[int]

    @classmethod
    def from_model(cls, submission: rows.FormSubmission) -> FormSubmission:
        member = submission.member_id
        return cls(
            id=strawberry.ID(str(submission.id)),
            form_id=strawberry.ID(str(submission.form_id)),
            member_id=strawberry.ID(str(member)) if member is not None else None,
            data=JSON(submission.data),
            ip=submission.ip,
            user_agent=submission.user_agent,
            created_at=submission.created_at,
            form_row_id=submission.form_id,
        )

    @strawberry.field
    async def form(self, info: GQLInfo) -> Form | None:
        found = await form_by_id(info.context).load(self.form_row_id)
        return Form.from_model(found) if found else None


@strawberry.type
class FormSubmissionPage:
    items: list[FormSubmission]
    page_info: PageInfo


@strawberry.type
class SubmitFormResult:
    id: strawberry.ID
    message: str


@strawberry.type
class FormIpCheck:
    can_submit: bool
    remaining: int | None = strawberry.field(description="Null when the form sets no limit.")
    retry_after: int | None = strawberry.field(description="Seconds, when can_submit is false.")
