from __future__ import annotations

import binascii
from base64 import urlsafe_b64decode
from pathlib import Path
from typing import Literal

from limits import parse
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET_KEY = "dev-insecure-secret-key-change-me-0123456789"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TENANTRY_", env_file=".env", extra="ignore")

    environment: Literal["development", "production", "test"] = "development"
    database_url: str = "sqlite+aiosqlite:///./tenantry.db"
    database_pool_size: int = 10
    broadcast_url: str | None = None
    secret_key: str = DEV_SECRET_KEY
    # Serving beyond loopback with the development key is refused unless this says otherwise.
    allow_dev_secret: bool = False
    cors_origins: list[str] = Field(default_factory=list)

    access_token_ttl: int = 3600
    refresh_token_ttl: int = 7 * 24 * 3600
    reset_token_ttl: int = 30 * 60
    login_max_failures: int = 5
    login_lockout_seconds: int = 15 * 60
    password_min_length: int = 8

    media_root: Path = Path("media")
    max_body_bytes: int = 1024 * 1024
    upload_max_bytes: int = 10 * 1024 * 1024
    upload_allowed_types: list[str] = Field(
        default_factory=lambda: [
            "image/jpeg",
            "image/png",
            "image/gif",
            "image/webp",
            "application/pdf",
            "text/plain",
            "text/csv",
            "application/zip",
            "video/mp4",
            "audio/mpeg",
        ]
    )
    tenant_cache_seconds: float = 5.0
    # Anonymous public GraphQL reads answered from memory while the tables they read are
    # unchanged, for at most this long (0 turns the cache off).
    response_cache_seconds: float = 10.0
    response_cache_entries: int = 2048
    rate_limit_storage_url: str = "memory://"
    # Per tenant and client address (and, for mail, per address), in the limits notation.
    throttle_login: str = "30 per 5 minutes"
    throttle_register: str = "10 per hour"
    throttle_forgot_password: str = "20 per hour"
    throttle_reset_password: str = "20 per hour"
    throttle_find_email: str = "10 per 10 minutes"
    throttle_mail_per_address: str = "3 per hour"
    # forgot-password answers no sooner than this, whether or not the address is known.
    account_answer_floor_seconds: float = Field(default=0.05, ge=0, le=2)

    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = True
    mail_from: str = "no-reply@tenantry.local"

    chat_poll_timeout_seconds: float = 25.0
    chat_typing_ttl_seconds: float = 6.0
    agent_http_timeout_seconds: float = 30.0
    # No run lasts longer; executions still queued or running after it (and a minute more) were
    # left by a process that died, and are failed (tenantry/agents/reaper.py).
    agent_run_timeout_seconds: float = 300.0
    # Whether agents may call endpoints on private, loopback or link-local addresses (a model
    # served inside your own network). Off: tenants cannot make the server reach internal hosts.
    agent_allow_private_endpoints: bool = False

    # Outgoing webhooks (tenantry/serving/webhook_worker.py). The worker runs inside the server
    # unless turned off here and run on its own (`tenantry worker`).
    webhook_worker_in_process: bool = True
    # Whether endpoints may be plain http:// or on loopback, private or link-local addresses.
    webhook_allow_private_endpoints: bool = False
    webhook_timeout_seconds: float = Field(default=10.0, gt=0, le=60)
    webhook_retry_first_seconds: float = Field(default=5.0, gt=0)
    webhook_retry_max_interval_seconds: float = Field(default=3600.0, gt=0)
    # How long a delivery is retried; an endpoint failing every attempt as long is disabled.
    webhook_retry_for_seconds: float = Field(default=3 * 24 * 3600.0, gt=0)
    webhook_keep_days: int = Field(default=30, ge=1)
    webhook_concurrency: int = Field(default=16, ge=1, le=512)
    webhook_poll_seconds: float = Field(default=0.5, gt=0)
    # How often unpaid reservation holds past their expiry are released
    # (tenantry/serving/hold_sweeper.py; it runs wherever the webhook worker runs).
    hold_sweep_seconds: float = Field(default=30.0, gt=0)
    # Fernet keys (urlsafe base64, 32 bytes) for secrets stored in the database: the first seals,
    # all open. Empty: one key derived from secret_key (tenantry/secrets.py).
    encryption_keys: list[str] = []

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, url: str) -> str:
        """The URLs other tools print (postgres://, postgresql://, sqlite:///) name no driver,
        or a blocking one; the app needs asyncpg and aiosqlite."""
        scheme, sep, rest = url.partition("://")
        if not sep:
            raise ValueError(
                "a URL like postgresql+asyncpg://user@host/db or sqlite+aiosqlite:///./x.db"
            )
        drivers = {
            "postgres": "postgresql+asyncpg",
            "postgresql": "postgresql+asyncpg",
            "postgresql+psycopg": "postgresql+asyncpg",
            "postgresql+psycopg2": "postgresql+asyncpg",
            "sqlite": "sqlite+aiosqlite",
        }
        if scheme in drivers:
            return f"{drivers[scheme]}://{rest}"
        if scheme not in ("postgresql+asyncpg", "sqlite+aiosqlite"):
            raise ValueError("the database must be PostgreSQL (postgresql+asyncpg://) or SQLite")
        return url

    @field_validator(
        "throttle_login",
        "throttle_register",
        "throttle_forgot_password",
        "throttle_reset_password",
        "throttle_find_email",
        "throttle_mail_per_address",
    )
    @classmethod
    def _throttle_rule(cls, rule: str) -> str:
        try:
            parse(rule)
        except ValueError:
            raise ValueError('a rule like "30 per 5 minutes" or "10/hour"') from None
        return rule

    @field_validator("encryption_keys")
    @classmethod
    def _fernet_keys(cls, keys: list[str]) -> list[str]:
        for key in keys:
            try:
                raw = urlsafe_b64decode(key.encode())
            except (binascii.Error, ValueError):
                raw = b""
            if len(raw) != 32:
                raise ValueError("each key must be a Fernet key (32 bytes, urlsafe base64)")
        return keys

    # Where the payment providers' APIs are: the real services, or an emulator in tests.
    stripe_api_base: str = "https://api.stripe.com"
    toss_api_base: str = "https://api.tosspayments.com"
    # How long a call to a payment provider may take before the payment is left to be checked.
    payment_timeout_seconds: float = Field(default=15.0, gt=0, le=120)

    # Social login (tenantry/resolvers/social/): a provider key -> a base URL replacing the
    # scheme and host of that preset's endpoints (a local fake provider in tests, a proxy).
    oauth_base_overrides: dict[str, str] = Field(default_factory=dict)
    # Whether provider endpoints may be plain http:// or on loopback, private or link-local
    # addresses (an identity provider inside your network, tests).
    oauth_allow_private_endpoints: bool = False
    oauth_timeout_seconds: float = Field(default=10.0, gt=0, le=60)

    # How `serve` and `worker` log: text lines or JSON objects, from this level up.
    log_format: Literal["text", "json"] = "text"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    graphql_max_depth: int = 12
    graphql_max_aliases: int = 30
    graphql_max_tokens: int = 5000
    graphql_max_document_bytes: int = 64 * 1024
    graphql_max_fields: int = 500
    graphql_max_repeats: int = 20
    graphql_max_cost: int = 25_000
    graphql_cache_bytes: int = 4 * 1024 * 1024
    # Live sockets: open at once per client address (per instance), subscriptions per socket,
    # and how often a socket's credentials and tenant are checked again.
    ws_max_per_client: int = Field(default=50, ge=1)
    ws_max_subscriptions: int = Field(default=100, ge=1)
    ws_recheck_seconds: float = Field(default=5.0, gt=0)
    # None: on outside production, off in it (introspection also lets GraphiQL work).
    graphiql: bool | None = None
    graphql_introspection: bool | None = None

    public_url: str = "http://127.0.0.1:8000"

    @property
    def graphiql_enabled(self) -> bool:
        return self.graphiql if self.graphiql is not None else self.environment != "production"

    @property
    def introspection_enabled(self) -> bool:
        if self.graphql_introspection is not None:
            return self.graphql_introspection
        return self.environment != "production" or self.graphiql_enabled

    @property
    def resolved_broadcast_url(self) -> str:
        if self.broadcast_url:
            return self.broadcast_url
        if self.database_url.startswith("postgresql"):
            return "postgres://" + self.database_url.split("://", 1)[1]
        return "memory://"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")
