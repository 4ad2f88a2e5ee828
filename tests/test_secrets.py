"""Stored secrets: sealed with the first key, opened with any, read as they are when in clear."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from pydantic import ValidationError

from tenantry.config import Settings
from tenantry.secrets import SecretBox, SecretUnreadable, derived_key, is_sealed


def test_a_sealed_value_opens_and_hides_the_secret() -> None:
    box = SecretBox([Fernet.generate_key()])
    sealed = box.seal("sk-live-0123456789")
    assert is_sealed(sealed)
    assert "0123456789" not in sealed
    assert box.open(sealed) == "sk-live-0123456789"
    assert box.seal(sealed) == sealed  # never sealed twice


def test_values_in_clear_are_read_as_they_are() -> None:
    assert SecretBox([Fernet.generate_key()]).open("sk-old-plain") == "sk-old-plain"


def test_rotation_the_first_key_seals_and_every_key_opens() -> None:
    old, new = Fernet.generate_key(), Fernet.generate_key()
    sealed_before = SecretBox([old]).seal("secret")
    rotated = SecretBox([new, old])
    assert rotated.open(sealed_before) == "secret"
    sealed_after = rotated.seal("secret")
    assert SecretBox([new]).open(sealed_after) == "secret"
    with pytest.raises(SecretUnreadable, match="cannot be decrypted"):
        SecretBox([old]).open(sealed_after)


def test_a_tampered_value_is_unreadable() -> None:
    box = SecretBox([Fernet.generate_key()])
    sealed = box.seal("secret")
    with pytest.raises(SecretUnreadable):
        box.open(sealed[:-4] + "AAAA")


def test_without_configured_keys_one_is_derived_from_the_secret_key() -> None:
    a = SecretBox.from_settings(Settings(secret_key="a" * 40))
    b = SecretBox.from_settings(Settings(secret_key="b" * 40))
    sealed = a.seal("secret")
    assert SecretBox([derived_key("a" * 40)]).open(sealed) == "secret"
    with pytest.raises(SecretUnreadable):
        b.open(sealed)


def test_configured_keys_must_be_fernet_keys() -> None:
    key = Fernet.generate_key().decode()
    assert Settings(encryption_keys=[key]).encryption_keys == [key]
    with pytest.raises(ValidationError, match="Fernet key"):
        Settings(encryption_keys=[key, "not-a-key"])
