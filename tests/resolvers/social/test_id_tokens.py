from __future__ import annotations

import pytest

from tenantry.core.errors import BadRequest, Unauthenticated
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.fake_oauth import OTHER_CLIENT_ID, FakeOAuth, new_key
from tests.resolvers.social.support import configure, sign_in, web_sign_in


async def test_a_verified_id_token_signs_in(
    services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    tenant = await factory.tenant()
    await configure(services, tenant, "google")

    first = await sign_in(services, tenant, id_token=oauth.id_token(nonce="n-1"), nonce="n-1")
    second = await sign_in(services, tenant, id_token=oauth.id_token())

    assert first.member.email == oauth.account.email
    assert second.member.id == first.member.id


@pytest.mark.parametrize(
    ("token_options", "code"),
    [
        ({"audience": OTHER_CLIENT_ID}, "id_token_audience"),
        ({"expires_in": 300, "issued_ago": 1000}, "id_token_expired"),
        ({"issuer": "https://accounts.example"}, "id_token_issuer"),
        ({"issued_ago": -3600}, "id_token_invalid"),
    ],
)
async def test_an_id_token_that_fails_a_check_is_refused(
    services: Services,
    factory: Factory,
    oauth: FakeOAuth,
    token_options: dict[str, object],
    code: str,
) -> None:
    tenant = await factory.tenant()
    await configure(services, tenant, "google")

    with pytest.raises(Unauthenticated) as refused:
        await sign_in(services, tenant, id_token=oauth.id_token(**token_options))  # type: ignore[arg-type]

    assert refused.value.code == code


async def test_an_id_token_signed_by_another_key_is_refused(
    services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    tenant = await factory.tenant()
    await configure(services, tenant, "google")
    other = new_key()

    for kid in (oauth.kid, "unknown-kid"):  # posing as the provider's key, or naming another
        with pytest.raises(Unauthenticated) as refused:
            await sign_in(services, tenant, id_token=oauth.id_token(key=other, kid=kid))
        assert refused.value.code == "id_token_signature"


async def test_an_unsigned_or_garbled_id_token_is_refused(
    services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    tenant = await factory.tenant()
    await configure(services, tenant, "google")
    header, payload, _ = oauth.id_token().split(".")
    unsigned = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0." + payload + "."

    for token, code in ((unsigned, "id_token_signature"), ("not-a-jwt", "id_token_invalid")):
        with pytest.raises(Unauthenticated) as refused:
            await sign_in(services, tenant, id_token=token)
        assert refused.value.code == code
    assert header


async def test_a_nonce_that_does_not_match_is_refused(
    services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    tenant = await factory.tenant()
    await configure(services, tenant, "google")

    with pytest.raises(Unauthenticated) as refused:
        await sign_in(services, tenant, id_token=oauth.id_token(nonce="a"), nonce="b")

    assert refused.value.code == "id_token_nonce"


async def test_an_oauth2_provider_takes_no_id_token(
    services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    tenant = await factory.tenant()
    await configure(services, tenant, "github")

    with pytest.raises(BadRequest) as refused:
        await sign_in(services, tenant, "github", id_token=oauth.id_token())

    assert refused.value.code == "id_token_unsupported"


async def test_a_generic_oidc_provider_is_found_by_discovery(
    services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    tenant = await factory.tenant()
    await configure(services, tenant, "acme-sso", issuer=oauth.base_url)

    signed_in = await sign_in(services, tenant, "acme-sso", id_token=oauth.id_token())

    assert signed_in.member.email == oauth.account.email


async def test_a_generic_oidc_provider_signs_in_through_the_web_flow(
    services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    tenant = await factory.tenant()
    await configure(services, tenant, "acme-sso", issuer=oauth.base_url)

    first = await web_sign_in(services, tenant, oauth, "acme-sso")
    second = await web_sign_in(services, tenant, oauth, "acme-sso")

    assert first.member.id == second.member.id
    assert oauth.exchanges == 2
