"""Each tenant's view of the registry: which kinds it has configured, enabled and how."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import Field
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.agents import AgentKind, kinds, require_kind
from tenantry.core.access import require_admin, require_staff
from tenantry.core.context import Ctx
from tenantry.core.errors import ValidationFailed
from tenantry.core.inputs import Input
from tenantry.models.agents import AgentConfig
from tenantry.secrets import MASK, SecretBox, SecretUnreadable, mask_secret

MAX_PROMPT_LENGTH = 50_000


class ConfigureIn(Input):
    """Fields left out keep their value. Settings are merged into the stored ones: a key sent as
    null returns to its default, and a secret sent back masked, as answers show it, is kept."""

    enabled: bool | None = None
    prompt: str | None = Field(default=None, max_length=MAX_PROMPT_LENGTH)
    settings: dict[str, Any] | None = None


@dataclass(frozen=True)
class AgentView:
    kind: AgentKind[Any]
    config: AgentConfig | None
    box: SecretBox

    @property
    def enabled(self) -> bool:
        return self.config is not None and self.config.enabled

    @property
    def configured(self) -> bool:
        return self.config is not None

    @property
    def prompt(self) -> str:
        return self.config.prompt if self.config else ""

    @property
    def settings(self) -> dict[str, Any]:
        """The effective settings (defaults included), secrets masked."""
        stored = dict(self.config.settings or {}) if self.config else {}
        try:
            stored = self.kind.open_secrets(stored, self.box)
        except SecretUnreadable:
            secret = self.kind.secret_settings
            stored = {key: MASK if key in secret else value for key, value in stored.items()}
        try:
            effective = self.kind.parse_settings(stored).model_dump(mode="json")
        except ValidationFailed:
            effective = stored
        return self.kind.mask(effective)


async def list_agents(session: AsyncSession, *, ctx: Ctx) -> list[AgentView]:
    require_staff(ctx)
    configs = {config.slug: config for config in await session.scalars(select(AgentConfig))}
    box = SecretBox.from_settings(ctx.settings)
    return [AgentView(kind, configs.get(kind.slug), box) for kind in kinds()]


async def get_agent(session: AsyncSession, *, ctx: Ctx, slug: str) -> AgentView:
    require_staff(ctx)
    kind = require_kind(slug)
    return AgentView(kind, await find_config(session, slug), SecretBox.from_settings(ctx.settings))


async def find_config(session: AsyncSession, slug: str) -> AgentConfig | None:
    return await session.scalar(select(AgentConfig).where(col(AgentConfig.slug) == slug))


async def configure_agent(
    session: AsyncSession, *, ctx: Ctx, slug: str, data: ConfigureIn
) -> AgentView:
    require_admin(ctx)
    kind = require_kind(slug)
    config = await find_config(session, slug)
    box = SecretBox.from_settings(ctx.settings)
    try:
        stored = kind.open_secrets(dict(config.settings or {}) if config else {}, box)
    except SecretUnreadable as exc:
        if data.settings is None or not set(kind.secret_settings) <= set(data.settings):
            raise ValidationFailed.single("settings", f"{exc} Send the secrets again.") from None
        stored = dict(config.settings or {}) if config else {}
    merged = stored if data.settings is None else _merge(kind, stored, data.settings)
    settings = kind.parse_settings(merged).model_dump(mode="json", exclude_unset=True)
    settings = kind.seal_secrets(settings, box)
    if config is None:
        config = AgentConfig(slug=slug)
        session.add(config)
    if data.enabled is not None:
        config.enabled = data.enabled
    if data.prompt is not None:
        config.prompt = data.prompt
    config.settings = settings
    await session.flush()
    return AgentView(kind, config, box)


def _merge(kind: AgentKind[Any], stored: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
    merged = dict(stored)
    for key, value in given.items():
        if value is None:
            merged.pop(key, None)
        elif key in kind.secret_settings and key in stored and value == mask_secret(stored[key]):
            continue
        else:
            merged[key] = value
    return merged
