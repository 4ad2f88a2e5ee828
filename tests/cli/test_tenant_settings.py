"""`tenantry tenant settings`: shows, sets and unsets a tenant's settings keys."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from sqlmodel import col, select

from tenantry.config import Settings
from tenantry.db.database import Database
from tenantry.models.tenant import Tenant
from tests.cli.test_main import create_tenant, database_url, migrated, run

__all__ = ["database_url", "migrated"]  # the CLI tests' fixtures: a fresh SQLite per test

pytestmark = pytest.mark.usefixtures("migrated")


def stored(url: str, slug: str) -> dict[str, Any]:
    async def read() -> dict[str, Any]:
        db = Database.from_settings(Settings(database_url=url))
        try:
            async with db.unit(None) as uow:
                tenant = await uow.session.scalar(select(Tenant).where(col(Tenant.slug) == slug))
                assert tenant is not None
                return dict(tenant.settings or {})
        finally:
            await db.dispose()

    return asyncio.run(read())


def test_set_unset_and_show(migrated: str, capsys: pytest.CaptureFixture[str]) -> None:
    create_tenant(capsys)
    code, out, err = run(
        capsys,
        "tenant", "settings", "acme",
        "--set", 'shipping={"flat_rate": 500, "free_over": 5000}',
        "--set", "comments={\"guests\": true}",
    )  # fmt: skip
    assert code == 0, err
    expected = {"shipping": {"flat_rate": 500, "free_over": 5000}, "comments": {"guests": True}}
    assert json.loads(out[: out.rindex("}") + 1]) == expected
    assert stored(migrated, "acme") == expected

    code, out, err = run(capsys, "tenant", "settings", "acme", "--unset", "comments")
    assert code == 0, err
    assert stored(migrated, "acme") == {"shipping": {"flat_rate": 500, "free_over": 5000}}

    code, out, err = run(capsys, "tenant", "settings", "acme")
    assert code == 0, err
    assert json.loads(out) == {"shipping": {"flat_rate": 500, "free_over": 5000}}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--set", "shiping={}"], "shiping: Unknown setting"),
        (["--set", "tax=not json"], "the value of tax is not JSON"),
        (["--set", "novalue"], "--set takes KEY=JSON"),
        (["--set", "tax={}", "--unset", "tax"], "tax: Set and removed at once."),
    ],
)
def test_bad_changes_fail_and_change_nothing(
    migrated: str, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    create_tenant(capsys)
    run(capsys, "tenant", "settings", "acme", "--set", 'tax={"rate_bps": 1000}')
    code, _, err = run(capsys, "tenant", "settings", "acme", *argv)
    assert code == 1
    assert message in err
    assert stored(migrated, "acme") == {"tax": {"rate_bps": 1000}}


def test_an_unknown_tenant_fails(migrated: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "tenant", "settings", "nobody", "--set", "tax={}")
    assert code == 1
    assert "not found" in err.lower()
