"""Each field type's rules, with the messages clients show next to the field."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import select

from tenantry.core.errors import ValidationFailed
from tenantry.models.forms import FormSubmission
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.forms.support import make_form, media_row, member, submit
from tests.support import members

TEXT = {"name": "nick_name", "type": "text", "min": 2, "max": 5}
TEXTAREA = {"name": "bio", "type": "textarea", "max": 10}
EMAIL = {"name": "email", "type": "email"}
NUMBER = {"name": "age", "type": "number", "min": 18, "max": 99.5}
SELECT = {"name": "plan", "type": "select", "options": ["basic", "pro", "10"]}
CHECKBOX = {"name": "agree", "type": "checkbox", "required": True}
CHOICES = {"name": "topics", "type": "checkbox", "options": ["a", "b", "c"], "min": 1, "max": 2}
DATE = {"name": "birthday", "type": "date"}
ALL = [TEXT, TEXTAREA, EMAIL, NUMBER, SELECT, CHECKBOX, CHOICES, DATE]
VALID = {"agree": True}


@pytest.mark.parametrize(
    ("answers", "errors"),
    [
        ({"nick_name": "a"}, {"nick_name": ["The nick name field must be at least 2 characters."]}),
        (
            {"nick_name": "abcdef"},
            {"nick_name": ["The nick name field must not be greater than 5 characters."]},
        ),
        ({"nick_name": 12}, {"nick_name": ["The nick name field must be a string."]}),
        ({"bio": "x" * 11}, {"bio": ["The bio field must not be greater than 10 characters."]}),
        ({"email": "not-an-email"}, {"email": ["The email field must be a valid email address."]}),
        ({"email": "a@b"}, {"email": ["The email field must be a valid email address."]}),
        ({"age": 17}, {"age": ["The age field must be at least 18."]}),
        ({"age": "100"}, {"age": ["The age field must not be greater than 99.5."]}),
        ({"age": "eighteen"}, {"age": ["The age field must be a number."]}),
        ({"age": True}, {"age": ["The age field must be a number."]}),
        ({"age": "NaN"}, {"age": ["The age field must be a number."]}),
        ({"plan": "gold"}, {"plan": ["The selected plan is invalid."]}),
        ({"plan": ["pro"]}, {"plan": ["The selected plan is invalid."]}),
        ({"agree": False}, {"agree": ["The agree field must be accepted."]}),
        ({"agree": None}, {"agree": ["The agree field must be accepted."]}),
        ({"agree": "maybe"}, {"agree": ["The agree field must be true or false."]}),
        ({"topics": ["a", "z"]}, {"topics": ["The selected topics is invalid."]}),
        (
            {"topics": ["a", "b", "c"]},
            {"topics": ["The topics field must not have more than 2 items."]},
        ),
        ({"topics": {"a": 1}}, {"topics": ["The topics field must be an array."]}),
        ({"birthday": "2024-02-30"}, {"birthday": ["The birthday field must be a valid date."]}),
        ({"birthday": "20240101"}, {"birthday": ["The birthday field must be a valid date."]}),
        ({"birthday": 20240101}, {"birthday": ["The birthday field must be a valid date."]}),
    ],
)
async def test_invalid_answers_are_refused_with_the_field_message(
    factory: Factory, services: Services, answers: dict[str, Any], errors: dict[str, list[str]]
) -> None:
    # given
    tenant = await factory.tenant()
    form = await make_form(services, tenant, fields=ALL)

    # when
    with pytest.raises(ValidationFailed) as refused:
        await submit(services, tenant, form, {**VALID, **answers})

    # then
    assert refused.value.fields == errors


async def test_every_error_is_reported_at_once(factory: Factory, services: Services) -> None:
    tenant = await factory.tenant()
    form = await make_form(services, tenant)

    with pytest.raises(ValidationFailed) as refused:
        await submit(services, tenant, form, {"email": "nope", "message": "hi"})

    assert refused.value.fields == {
        "name": ["The name field is required."],
        "email": ["The email field must be a valid email address."],
        "message": ["The message field must be at least 5 characters."],
    }


async def test_valid_answers_are_normalized_and_unknown_keys_dropped(
    factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    form = await make_form(services, tenant, fields=ALL)
    answers = {
        "nick_name": "  Kim  ",
        "bio": "",
        "email": "kim@example.com",
        "age": "42",
        "plan": 10,
        "agree": "on",
        "topics": "b",
        "birthday": "1990-05-17",
        "is_admin": True,
    }

    # when
    done = await submit(services, tenant, form, answers)

    # then
    async with services.db.unit(tenant.id) as uow:
        stored = await uow.session.scalar(
            select(FormSubmission).where(FormSubmission.id == done.submission.id)
        )
    assert stored is not None
    assert stored.data == {
        "nick_name": "Kim",
        "email": "kim@example.com",
        "age": 42,
        "plan": "10",
        "agree": True,
        "topics": ["b"],
        "birthday": "1990-05-17",
    }


async def test_optional_fields_may_be_left_out(factory: Factory, services: Services) -> None:
    tenant = await factory.tenant()
    form = await make_form(services, tenant, fields=ALL)

    done = await submit(services, tenant, form, {"agree": 1})

    assert done.submission.data == {"agree": True}


async def test_a_required_choice_list_must_not_be_empty(
    factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    form = await make_form(services, tenant, fields=[{**CHOICES, "required": True}])

    with pytest.raises(ValidationFailed) as refused:
        await submit(services, tenant, form, {"topics": []})

    assert refused.value.fields == {"topics": ["The topics field is required."]}


async def test_a_file_field_takes_the_members_own_upload(
    factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    form = await make_form(services, tenant, fields=[{"name": "resume", "type": "file"}])
    [owner] = await members(services, tenant)
    mine = await media_row(services, tenant, member_id=owner)

    # when
    done = await submit(services, tenant, form, {"resume": str(mine.id)}, principal=member(owner))

    # then
    assert done.submission.data == {"resume": mine.id}


@pytest.mark.parametrize("whose", ["another member's", "unknown", "not an id", "anonymous"])
async def test_a_file_field_refuses_media_the_caller_does_not_own(
    factory: Factory, services: Services, whose: str
) -> None:
    # given
    tenant = await factory.tenant()
    form = await make_form(services, tenant, fields=[{"name": "resume", "type": "file"}])
    owner, caller = await members(services, tenant, count=2)
    theirs = await media_row(services, tenant, member_id=owner)
    value = {"unknown": 999_999_999, "not an id": "x"}.get(whose, theirs.id)
    principal = None if whose == "anonymous" else member(caller)

    # when
    with pytest.raises(ValidationFailed) as refused:
        await submit(services, tenant, form, {"resume": value}, principal=principal)

    # then
    assert refused.value.fields == {"resume": ["The selected resume is invalid."]}
