"""`tenantry tenant social SLUG PROVIDER`: a provider stored, its client secret sealed, masked."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from tenantry.models.social import SocialProvider
from tests.cli.test_main import create_tenant, database_url, migrated, run, scalar

__all__ = ["database_url", "migrated"]  # the CLI tests' fixtures: a fresh SQLite per test

pytestmark = pytest.mark.usefixtures("migrated")

SECRET = "google-client-secret-0001"


def test_a_provider_is_set_and_shown_masked(
    migrated: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # given
    create_tenant(capsys, "acme")
    # when
    code, out, err = run(
        capsys, "tenant", "social", "acme", "google",
        "--client-id", "cid.apps.example", "--client-secret", SECRET,
        "--redirect-uri", "https://acme.example/cb", "--redirect-uri", "https://app.example/cb",
        "--json",
    )  # fmt: skip
    # then
    assert code == 0, err
    assert json.loads(out) == {
        "tenant": "acme",
        "provider": "google",
        "enabled": True,
        "client_id": "cid.apps.example",
        "client_secret": "****0001",
        "redirect_uris": ["https://acme.example/cb", "https://app.example/cb"],
        "issuer": None,
        "endpoints": {},
    }
    row = scalar(migrated, select(SocialProvider))
    assert row.client_secret.startswith("enc:v1:")
    assert SECRET not in row.client_secret


def test_a_generic_provider_needs_an_issuer_and_can_be_disabled(
    migrated: str, capsys: pytest.CaptureFixture[str]
) -> None:
    create_tenant(capsys, "acme")
    base = ("tenant", "social", "acme", "acme-sso", "--client-id", "c", "--client-secret", "s")

    refused, _, err = run(capsys, *base)
    code, out, _ = run(capsys, *base, "--issuer", "https://sso.acme.example", "--disable")

    assert refused == 1
    assert "issuer" in err
    assert code == 0
    assert "Acme Sso sign-in is disabled for acme." in out
    row = scalar(migrated, select(SocialProvider))
    assert (row.issuer, row.enabled) == ("https://sso.acme.example", False)
