from __future__ import annotations

from typing import Annotated

import strawberry

from tenantry.core.pagination import DEFAULT_PER_PAGE, PageRequest
from tenantry.resolvers import forms
from tenantry.schema.forms.types import (
    Form,
    FormIpCheck,
    FormSubmission,
    FormSubmissionPage,
    GQLInfo,
)
from tenantry.schema.pagination import PageInfo


@strawberry.type
class Query:
    @strawberry.field(description="Active forms, by name.")
    async def forms(
        self,
        info: GQLInfo,
        include_inactive: Annotated[
            bool, strawberry.argument(description="Admins only: inactive forms too.")
        ] = False,
    ) -> list[Form]:
        context = info.context
        found = await forms.list_forms(
            context.session, ctx=context.ctx, include_inactive=include_inactive
        )
        return [Form.from_model(form) for form in found]

    @strawberry.field(description="An active form with its fields (admins: any form).")
    async def form(self, info: GQLInfo, slug: str) -> Form:
        context = info.context
        return Form.from_model(await forms.get_form(context.session, ctx=context.ctx, slug=slug))

    @strawberry.field(description="Whether this address may submit the form now.")
    async def form_ip_check(self, info: GQLInfo, slug: str) -> FormIpCheck:
        context = info.context
        found = await forms.check_ip(context.session, ctx=context.ctx, slug=slug)
        return FormIpCheck(
            can_submit=found.can_submit, remaining=found.remaining, retry_after=found.retry_after
        )

    @strawberry.field(description="Staff: a form's submissions, newest first.")
    async def form_submissions(
        self, info: GQLInfo, slug: str, page: int = 1, per_page: int = DEFAULT_PER_PAGE
    ) -> FormSubmissionPage:
        context = info.context
        found = await forms.list_submissions(
            context.session, ctx=context.ctx, slug=slug, page=PageRequest.parse(page, per_page)
        )
        return FormSubmissionPage(
            items=[FormSubmission.from_model(item) for item in found.items],
            page_info=PageInfo.from_page(found),
        )

    @strawberry.field(description="The signed-in member's submissions, newest first.")
    async def my_submissions(
        self, info: GQLInfo, page: int = 1, per_page: int = DEFAULT_PER_PAGE
    ) -> FormSubmissionPage:
        context = info.context
        found = await forms.list_my_submissions(
            context.session, ctx=context.ctx, page=PageRequest.parse(page, per_page)
        )
        return FormSubmissionPage(
            items=[FormSubmission.from_model(item) for item in found.items],
            page_info=PageInfo.from_page(found),
        )
