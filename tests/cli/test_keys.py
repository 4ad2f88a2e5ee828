"""`tenantry key`: API keys created once in plaintext, listed without it, revoked by id."""

from __future__ import annotations

import json

import pytest

from tests.cli.test_main import create_tenant, database_url, lookup_key, migrated, run

__all__ = ["database_url", "migrated"]  # the CLI tests' fixtures: a fresh SQLite per test


def test_key_create_list_and_revoke(migrated: str, capsys: pytest.CaptureFixture[str]) -> None:
    # given
    create_tenant(capsys)
    code, out, _ = run(
        capsys, "key", "create", "--tenant", "acme", "--kind", "secret", "--name", "ci", "--json"
    )
    assert code == 0
    key = json.loads(out)
    assert key["kind"] == "secret"
    assert key["key"].startswith("sk_")
    assert lookup_key(migrated, key["key"]) is not None

    # when
    listed = run(capsys, "key", "list", "--tenant", "acme")[1]
    code, _, err = run(capsys, "key", "revoke", "--tenant", "acme", str(key["id"]))

    # then
    assert code == 0, err
    assert key["prefix"] in listed
    assert key["key"] not in listed
    assert lookup_key(migrated, key["key"]) is None
    revoked_row = run(capsys, "key", "list", "--tenant", "acme")[1].splitlines()[-1]
    assert revoked_row.split()[-1] != "-"


def test_key_revoke_of_another_tenants_key_fails(
    migrated: str, capsys: pytest.CaptureFixture[str]
) -> None:
    create_tenant(capsys, "acme")
    other = create_tenant(capsys, "other")
    other_key = lookup_key(migrated, other["secret_key"])
    assert other_key is not None

    code, _, err = run(capsys, "key", "revoke", "--tenant", "acme", str(other_key.id))

    assert code == 1
    assert "not found" in err.lower()
    assert lookup_key(migrated, other["secret_key"]) is not None
