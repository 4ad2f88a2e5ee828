"""Every error a client can meet carries a stable, documented reason."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import tenantry
from tenantry.core.errors import (
    CODE_PATTERN,
    DomainError,
    RateLimited,
    ValidationFailed,
    error_extensions,
)
from tenantry.resolvers.payments.errors import CARD_ERROR_CODES

ROOT = Path(tenantry.__file__).parent
README = Path(__file__).parents[2] / "README.md"
GRAPHQL_REASONS = {"graphql_parse_failed", "graphql_validation_failed"}


def _all_error_classes() -> list[type[DomainError]]:
    for module in pkgutil.walk_packages([str(ROOT)], "tenantry."):
        if ".migrations." not in module.name and module.name != "tenantry.__main__":
            importlib.import_module(module.name)
    found: list[type[DomainError]] = []
    pending: list[type[DomainError]] = [DomainError]
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return found


ERROR_CLASSES = _all_error_classes()


def _bare(cls: type[DomainError]) -> DomainError:
    """An instance of cls without its own constructor's arguments."""
    error = cls.__new__(cls)
    DomainError.__init__(error, "message")
    if isinstance(error, ValidationFailed):
        error.fields = {"field": ["message"]}
    if isinstance(error, RateLimited):
        error.retry_after = 1
    return error


def _codes_in_source() -> set[str]:
    """Each class's default code, and the codes raisers name for one case (code="...")."""
    codes = {cls.default_code for cls in ERROR_CLASSES} | CARD_ERROR_CODES
    for path in ROOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call):
                for keyword in node.keywords:
                    if keyword.arg == "code" and isinstance(keyword.value, ast.Constant):
                        value = keyword.value.value
                        if isinstance(value, str) and CODE_PATTERN.fullmatch(value):
                            codes.add(value)
    return codes


@pytest.mark.parametrize("cls", ERROR_CLASSES, ids=lambda cls: f"{cls.__module__}.{cls.__name__}")
def test_every_error_class_has_a_category_and_a_snake_case_code(cls: type[DomainError]) -> None:
    extensions = error_extensions(_bare(cls))

    assert re.fullmatch(r"[A-Z_]+", str(extensions["code"]))
    assert CODE_PATTERN.fullmatch(str(extensions["reason"]))


def test_a_raiser_may_name_the_code_of_one_case() -> None:
    error = DomainError("Closed.", code="conversation_closed", param="conversation_id")

    assert error_extensions(error) == {
        "code": "INTERNAL_SERVER_ERROR",
        "reason": "conversation_closed",
        "param": "conversation_id",
    }


def test_the_readme_lists_every_reason() -> None:
    listed = set(re.findall(r"^\| `([a-z0-9_]+)` \|", README.read_text(), flags=re.MULTILINE))
    declared = _codes_in_source() | GRAPHQL_REASONS

    assert declared - listed == set()
    assert listed - declared == set()
