"""Per-tenant agent configuration: the registry merged with configs, validation, secrets."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from cryptography.fernet import Fernet

from tenantry.agents import require_kind
from tenantry.auth.principal import Principal
from tenantry.core.errors import Forbidden, NotFound, Unauthenticated, ValidationFailed
from tenantry.models.agents import AgentConfig
from tenantry.models.tenant import StaffRole
from tenantry.resolvers import agents
from tenantry.secrets import SecretBox
from tenantry.serving.services import Services
from tests.agents.support import API_KEY, configure, make_ctx, staff
from tests.conftest import Factory

LLM = {"base_url": "http://127.0.0.1:9/v1", "model": "gpt-test", "api_key": API_KEY}


async def test_the_list_merges_the_registry_with_the_tenants_configs(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    await configure(services, tenant, "llm", enabled=False, settings=LLM)
    # when
    async with services.db.unit(tenant.id) as unit:
        found = await agents.list_agents(unit.session, ctx=make_ctx(services, tenant))
    # then
    assert [(v.kind.slug, v.enabled, v.configured) for v in found] == [
        ("faq-responder", False, False),
        ("llm", False, True),
    ]


async def test_settings_come_back_with_defaults_and_the_key_masked(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    await configure(services, tenant, "llm", prompt="Be brief.", settings=LLM)
    # when
    async with services.db.unit(tenant.id) as unit:
        view = await agents.get_agent(unit.session, ctx=make_ctx(services, tenant), slug="llm")
    # then
    assert view.prompt == "Be brief."
    assert view.settings == {
        "base_url": "http://127.0.0.1:9/v1",
        "model": "gpt-test",
        "api_key": "****cdef",
        "temperature": 0.7,
        "max_tokens": 1024,
    }


async def test_settings_merge_and_a_masked_key_sent_back_is_kept(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    await configure(services, tenant, "llm", settings=LLM)
    # when: the client sends back what it was shown, changing one setting
    await configure(services, tenant, "llm", settings={"api_key": "****cdef", "temperature": 0})
    # then
    async with services.db.unit(tenant.id) as unit:
        config = await agents.configs.find_config(unit.session, "llm")
    assert config is not None
    stored = dict(config.settings)
    assert stored.pop("api_key").startswith("enc:v1:")
    assert stored == {key: v for key, v in {**LLM, "temperature": 0.0}.items() if key != "api_key"}
    box = SecretBox.from_settings(services.settings)
    assert box.open(config.settings["api_key"]) == LLM["api_key"]


async def test_a_setting_sent_as_null_returns_to_its_default(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    await configure(services, tenant, "llm", settings={**LLM, "max_tokens": 10})
    # when
    view = await configure(services, tenant, "llm", settings={"max_tokens": None, "api_key": None})
    # then
    assert view.settings["max_tokens"] == 1024
    assert view.settings["api_key"] is None


async def test_invalid_settings_are_refused_field_by_field(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    with pytest.raises(ValidationFailed) as failed:
        await configure(services, tenant, "llm", settings={"base_url": "nope", "max_tokens": 0})
    assert failed.value.fields == {
        "settings.base_url": ["The base url field must be a valid URL."],
        "settings.model": ["The model field is required."],
        "settings.max_tokens": ["The max tokens field must be at least 1."],
    }


async def test_an_unknown_agent_is_not_found(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    with pytest.raises(NotFound):
        await configure(services, tenant, "nope")


@pytest.mark.parametrize(
    ("principal", "error"),
    [
        (Principal(), Unauthenticated),
        (staff(role=StaffRole.AGENT), Forbidden),
    ],
)
async def test_only_admins_configure(
    services: Services, factory: Factory, principal: Principal, error: type[Exception]
) -> None:
    tenant = await factory.tenant()
    data = agents.ConfigureIn(enabled=True)
    async with services.db.unit(tenant.id) as unit:
        with pytest.raises(error):
            await agents.configure_agent(
                unit.session,
                ctx=make_ctx(services, tenant, principal),
                slug="faq-responder",
                data=data,
            )


async def test_any_staff_member_reads(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    ctx = make_ctx(services, tenant, staff(role=StaffRole.AGENT))
    async with services.db.unit(tenant.id) as unit:
        view = await agents.get_agent(unit.session, ctx=ctx, slug="faq-responder")
    assert view.settings == {
        "min_score": 0.5,
        "typing_seconds": 1.0,
        "fallback": False,
        "fallback_message": "An agent will be with you shortly.",
    }


async def test_the_api_key_is_stored_sealed_and_the_run_gets_it_in_clear(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    await configure(services, tenant, "llm", settings=LLM)
    # then: the database never holds the key itself
    async with services.db.unit(tenant.id) as unit:
        config = await agents.configs.find_config(unit.session, "llm")
    assert config is not None
    sealed = config.settings["api_key"]
    assert LLM["api_key"] not in json.dumps(config.settings)
    assert sealed.startswith("enc:v1:")
    # and the kind reads it back in clear
    kind = require_kind("llm")
    opened = kind.open_secrets(dict(config.settings), SecretBox.from_settings(services.settings))
    assert opened["api_key"] == LLM["api_key"]


async def test_a_key_stored_before_sealing_is_read_and_sealed_on_the_next_write(
    services: Services, factory: Factory
) -> None:
    # given: a row written in clear, as before this version
    tenant = await factory.tenant()
    async with services.db.unit(tenant.id) as unit:
        unit.session.add(AgentConfig(slug="llm", enabled=True, settings=LLM))
        await unit.commit()
    async with services.db.unit(tenant.id) as unit:
        view = await agents.get_agent(unit.session, ctx=make_ctx(services, tenant), slug="llm")
    assert view.settings["api_key"] == "****cdef"
    # when
    await configure(services, tenant, "llm", settings={"temperature": 0.1})
    # then
    async with services.db.unit(tenant.id) as unit:
        config = await agents.configs.find_config(unit.session, "llm")
    assert config is not None
    assert config.settings["api_key"].startswith("enc:v1:")


async def test_with_other_keys_the_secret_is_masked_and_must_be_sent_again(
    services: Services, factory: Factory
) -> None:
    # given: a key sealed under other encryption keys than the servers now have
    tenant = await factory.tenant()
    await configure(services, tenant, "llm", settings=LLM)
    rotated = services.settings.model_copy(
        update={"encryption_keys": [Fernet.generate_key().decode()]}
    )
    ctx = make_ctx(services, tenant)
    ctx = replace(ctx, settings=rotated)
    async with services.db.unit(tenant.id) as unit:
        view = await agents.get_agent(unit.session, ctx=ctx, slug="llm")
        assert view.settings["api_key"] == "****"
        with pytest.raises(ValidationFailed) as refused:
            await agents.configure_agent(
                unit.session,
                ctx=ctx,
                slug="llm",
                data=agents.ConfigureIn(settings={"temperature": 0}),
            )
        assert "cannot be decrypted" in refused.value.fields["settings"][0]
        fixed = await agents.configure_agent(
            unit.session,
            ctx=ctx,
            slug="llm",
            data=agents.ConfigureIn(settings={"api_key": "sk-new-0123456789abcd"}),
        )
        assert fixed.settings["api_key"] == "****abcd"
