"""`tenantry tenant payments SLUG stripe|toss`: keys stored, secret ones sealed and masked."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from tenantry.models.payments import PaymentProvider
from tests.cli.test_main import create_tenant, database_url, migrated, run, scalar

__all__ = ["database_url", "migrated"]  # the CLI tests' fixtures: a fresh SQLite per test

pytestmark = pytest.mark.usefixtures("migrated")

STRIPE = (
    "--secret-key", "sk_test_51Hstripesecret",
    "--publishable-key", "pk_test_51Hstripepublic",
    "--webhook-secret", "whsec_stripewebhooksecret",
)  # fmt: skip


def test_stripe_keys_are_set_and_shown_masked(
    migrated: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # given
    create_tenant(capsys, "acme")
    # when
    code, out, err = run(capsys, "tenant", "payments", "acme", "stripe", *STRIPE, "--json")
    # then
    assert code == 0, err
    assert json.loads(out) == {
        "tenant": "acme",
        "provider": "stripe",
        "enabled": True,
        "keys": {
            "secret_key": "****cret",
            "publishable_key": "pk_test_51Hstripepublic",
            "webhook_secret": "****cret",
        },
    }
    row = scalar(migrated, select(PaymentProvider))
    assert row.settings["secret_key"].startswith("enc:v1:")
    assert "sk_test_51Hstripesecret" not in json.dumps(row.settings)


def test_toss_keys_replace_what_was_set(migrated: str, capsys: pytest.CaptureFixture[str]) -> None:
    create_tenant(capsys, "acme")
    for client_key in ("test_ck_first000000", "test_ck_second00000"):
        code, _, err = run(
            capsys, "tenant", "payments", "acme", "toss",
            "--client-key", client_key, "--secret-key", "test_sk_tosssecret0000",
        )  # fmt: skip
        assert code == 0, err

    row = scalar(migrated, select(PaymentProvider))
    assert (row.provider, row.settings["client_key"]) == ("toss", "test_ck_second00000")


def test_a_malformed_key_fails_naming_it(capsys: pytest.CaptureFixture[str]) -> None:
    create_tenant(capsys, "acme")
    code, _, err = run(
        capsys, "tenant", "payments", "acme", "stripe",
        "--secret-key", "pk_wrong_kind_of_key", "--publishable-key", "pk_test_x",
        "--webhook-secret", "whsec_x",
    )  # fmt: skip

    assert code == 1
    assert "secret_key" in err
    assert "Traceback" not in err


def test_an_unknown_tenant_fails(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "tenant", "payments", "nope", "stripe", *STRIPE)
    assert code == 1
    assert "not found" in err.lower()
