from __future__ import annotations

from typing import Any

import pytest

from tenantry.core.errors import ValidationFailed
from tenantry.resolvers.entities import EntitySchema, FieldSpec, FieldType, parse_schema


def errors_of(raw: Any) -> dict[str, list[str]]:
    with pytest.raises(ValidationFailed) as caught:
        parse_schema(raw)
    return caught.value.fields


def test_a_schema_is_normalized() -> None:
    # given
    raw = {
        "fields": [
            {"name": "title", "type": "text", "required": True, "label": "Title", "extra": 1},
            {"name": "size", "type": "select", "options": ["S", "M"], "unique": True},
            {"name": "owner", "type": "relation", "entity": "people"},
        ],
        "public": True,
    }

    # when
    schema = parse_schema(raw)

    # then
    assert schema == EntitySchema(
        fields=(
            FieldSpec("title", FieldType.TEXT, required=True, label="Title"),
            FieldSpec("size", FieldType.SELECT, unique=True, options=("S", "M")),
            FieldSpec("owner", FieldType.RELATION, entity="people"),
        ),
        public=True,
    )
    assert schema.as_json() == {
        "fields": [
            {"name": "title", "type": "text", "required": True, "unique": False, "label": "Title"},
            {
                "name": "size",
                "type": "select",
                "required": False,
                "unique": True,
                "options": ["S", "M"],
            },
            {
                "name": "owner",
                "type": "relation",
                "required": False,
                "unique": False,
                "entity": "people",
            },
        ],
        "public": True,
    }


def test_an_empty_schema_has_no_fields() -> None:
    assert parse_schema({}) == EntitySchema()


@pytest.mark.parametrize(
    ("raw", "errors"),
    [
        ([], {"schema": ["The schema field must be an object."]}),
        ({"fields": {}}, {"schema.fields": ["The schema.fields field must be an array."]}),
        ({"fields": [1]}, {"schema.fields.0": ["The schema.fields.0 field must be an object."]}),
        (
            {"fields": [{"type": "text"}]},
            {"schema.fields.0.name": ["The schema.fields.0.name field is required."]},
        ),
        (
            {"fields": [{"name": "id", "type": "text"}]},
            {"schema.fields.0.name": ["The schema.fields.0.name field may not be id."]},
        ),
        (
            {"fields": [{"name": "a" * 65, "type": "text"}]},
            {
                "schema.fields.0.name": [
                    "The schema.fields.0.name field must start with a lowercase letter and "
                    "contain only lowercase letters, digits and underscores (at most 64 "
                    "characters)."
                ]
            },
        ),
        (
            {"fields": [{"name": "a"}]},
            {"schema.fields.0.type": ["The schema.fields.0.type field is required."]},
        ),
        (
            {"fields": [{"name": "a", "type": ["text"]}]},
            {
                "schema.fields.0.type": [
                    "The selected schema.fields.0.type is invalid: use one of text, number, "
                    "boolean, date, email, url, select, relation."
                ]
            },
        ),
        (
            {"fields": [{"name": "a", "type": "select", "options": ["x", "x", 3]}]},
            {
                "schema.fields.0.options.1": [
                    "The schema.fields.0.options.1 field is a duplicate."
                ],
                "schema.fields.0.options.2": [
                    "The schema.fields.0.options.2 field must be a string of 1 to 200 characters."
                ],
            },
        ),
        (
            {"fields": [{"name": "a", "type": "relation", "entity": "Not A Slug"}]},
            {
                "schema.fields.0.entity": [
                    "The schema.fields.0.entity field must name an entity's slug for relation "
                    "fields."
                ]
            },
        ),
        ({"public": "yes"}, {"schema.public": ["The schema.public field must be true or false."]}),
        (
            {"fields": [{"name": f"f{i}", "type": "text"} for i in range(101)]},
            {"schema.fields": ["The schema.fields field must not have more than 100 items."]},
        ),
    ],
)
def test_an_invalid_schema_is_refused_with_named_errors(
    raw: Any, errors: dict[str, list[str]]
) -> None:
    assert errors_of(raw) == errors
