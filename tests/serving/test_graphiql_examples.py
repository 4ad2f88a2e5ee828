"""The example operations GraphiQL opens with are valid against the schema, so they cannot rot."""

from __future__ import annotations

import json

import pytest
from graphql import OperationDefinitionNode, OperationType, parse, validate

from tenantry.config import Settings
from tenantry.schema import build_schema
from tenantry.serving.graphiql import EXAMPLES, Example

SCHEMA = build_schema(Settings(environment="development"))._schema


def operations(example: Example) -> list[OperationDefinitionNode]:
    document = parse(example.query)
    return [node for node in document.definitions if isinstance(node, OperationDefinitionNode)]


@pytest.mark.parametrize("example", EXAMPLES, ids=[example.name for example in EXAMPLES])
def test_the_example_validates_against_the_schema(example: Example) -> None:
    errors = validate(SCHEMA, parse(example.query))

    assert errors == [], [error.message for error in errors]


@pytest.mark.parametrize("example", EXAMPLES, ids=[example.name for example in EXAMPLES])
def test_the_example_is_one_named_operation_with_the_variables_it_needs(
    example: Example,
) -> None:
    [operation] = operations(example)
    given = json.loads(example.variables or "{}")

    needed = {
        definition.variable.name.value
        for definition in operation.variable_definitions or ()
        if definition.default_value is None
    }
    assert operation.name is not None, "GraphiQL names a tab after its operation"
    assert set(given) == needed


def test_the_examples_show_each_kind_of_operation() -> None:
    kinds = {operation.operation for example in EXAMPLES for operation in operations(example)}

    assert kinds == {OperationType.QUERY, OperationType.MUTATION, OperationType.SUBSCRIPTION}


def test_the_tabs_have_names_of_their_own() -> None:
    names = [op.name.value for example in EXAMPLES for op in operations(example) if op.name]

    assert len(set(names)) == len(names) == len(EXAMPLES)
