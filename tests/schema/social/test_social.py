"""socialProviders, socialAuthorizationUrl, socialSignIn, socialAccounts, connectSocialAccount,
disconnectSocialAccount; configureSocialProvider and socialProviderConfigs (staff)."""

from __future__ import annotations

import httpx

from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.fake_oauth import CLIENT_ID, CLIENT_SECRET, FakeOAuth
from tests.resolvers.social.support import REDIRECT, configure
from tests.support import create_member, error_of, graphql, member_token

CONFIGURE = """
mutation($input: ConfigureSocialProviderInput!) {
  configureSocialProvider(input: $input) {
    provider name clientId clientSecret redirectUris enabled
  }
}
"""
CONFIGS = "{ socialProviderConfigs { provider clientSecret } }"
PROVIDERS = "{ socialProviders { provider name } }"
AUTHORIZE = """
query($provider: String!, $redirectUri: String) {
  socialAuthorizationUrl(provider: $provider, redirectUri: $redirectUri) { url state }
}
"""
SIGN_IN = """
mutation($provider: String!, $input: SocialCredentialInput!) {
  socialSignIn(provider: $provider, input: $input) {
    token refreshToken tokenType expiresIn member { id email }
  }
}
"""
CONNECT = """
mutation($provider: String!, $input: SocialCredentialInput!) {
  connectSocialAccount(provider: $provider, input: $input) { provider email emailVerified }
}
"""
ACCOUNTS = "{ socialAccounts { provider } }"
DISCONNECT = """
mutation($provider: String!) { disconnectSocialAccount(provider: $provider) { provider } }
"""


async def test_staff_configure_a_provider_and_visitors_list_it(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    given = {
        "provider": "google",
        "clientId": CLIENT_ID,
        "clientSecret": CLIENT_SECRET,
        "redirectUris": [REDIRECT],
    }

    # when
    done = await graphql(
        client, CONFIGURE, {"input": given}, tenant=tenant.slug, bearer=tenant.secret_key
    )
    listed = await graphql(client, PROVIDERS, tenant=tenant.slug)
    configs = await graphql(client, CONFIGS, tenant=tenant.slug, bearer=tenant.secret_key)

    # then
    assert done == {
        "data": {
            "configureSocialProvider": {
                "provider": "google",
                "name": "Google",
                "clientId": CLIENT_ID,
                "clientSecret": "****" + CLIENT_SECRET[-4:],
                "redirectUris": [REDIRECT],
                "enabled": True,
            }
        }
    }
    assert listed == {"data": {"socialProviders": [{"provider": "google", "name": "Google"}]}}
    assert configs["data"]["socialProviderConfigs"] == [
        {"provider": "google", "clientSecret": "****" + CLIENT_SECRET[-4:]}
    ]


async def test_members_cannot_configure_providers(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    member = await create_member(services, tenant)
    assert member.id is not None
    given = {"provider": "google", "clientId": "c", "clientSecret": "s"}

    body = await graphql(
        client,
        CONFIGURE,
        {"input": given},
        tenant=tenant.slug,
        bearer=await member_token(services, tenant, member.id),
    )

    assert error_of(body)[1]["code"] == "FORBIDDEN"


async def test_web_flow_signs_in_through_graphql(
    client: httpx.AsyncClient, services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    # given
    tenant = await factory.tenant()
    await configure(services, tenant, "google")
    started = await graphql(
        client, AUTHORIZE, {"provider": "google", "redirectUri": REDIRECT}, tenant=tenant.slug
    )
    back = await oauth.authorize(started["data"]["socialAuthorizationUrl"]["url"])
    credential = {"code": back["code"], "state": back["state"]}

    # when
    body = await graphql(
        client, SIGN_IN, {"provider": "google", "input": credential}, tenant=tenant.slug
    )
    replayed = await graphql(
        client, SIGN_IN, {"provider": "google", "input": credential}, tenant=tenant.slug
    )

    # then
    signed_in = body["data"]["socialSignIn"]
    assert signed_in["member"]["email"] == oauth.account.email
    assert (signed_in["tokenType"], signed_in["expiresIn"]) == ("Bearer", 3600)
    _, extensions = error_of(replayed)
    assert (extensions["code"], extensions["reason"]) == ("BAD_REQUEST", "state_used")


async def test_a_wrong_audience_is_refused_through_graphql(
    client: httpx.AsyncClient, services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    tenant = await factory.tenant()
    await configure(services, tenant, "google")
    credential = {"idToken": oauth.id_token(audience="someone-else")}

    body = await graphql(
        client, SIGN_IN, {"provider": "google", "input": credential}, tenant=tenant.slug
    )

    _, extensions = error_of(body)
    assert (extensions["code"], extensions["reason"]) == ("UNAUTHENTICATED", "id_token_audience")


async def test_connect_list_and_disconnect_through_graphql(
    client: httpx.AsyncClient, services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    # given: a member created by Google sign-in
    tenant = await factory.tenant()
    await configure(services, tenant, "google")
    await configure(services, tenant, "naver")
    signed_in = await graphql(
        client,
        SIGN_IN,
        {"provider": "google", "input": {"idToken": oauth.id_token()}},
        tenant=tenant.slug,
    )
    token = signed_in["data"]["socialSignIn"]["token"]

    # when
    connected = await graphql(
        client,
        CONNECT,
        {"provider": "naver", "input": {"accessToken": oauth.access_token()}},
        tenant=tenant.slug,
        bearer=token,
    )
    listed = await graphql(client, ACCOUNTS, tenant=tenant.slug, bearer=token)
    first = await graphql(
        client, DISCONNECT, {"provider": "google"}, tenant=tenant.slug, bearer=token
    )
    last = await graphql(
        client, DISCONNECT, {"provider": "naver"}, tenant=tenant.slug, bearer=token
    )

    # then
    assert connected["data"]["connectSocialAccount"] == {
        "provider": "naver",
        "email": oauth.account.email,
        "emailVerified": False,
    }
    assert listed["data"]["socialAccounts"] == [{"provider": "google"}, {"provider": "naver"}]
    assert first["data"]["disconnectSocialAccount"] == [{"provider": "naver"}]
    _, extensions = error_of(last)
    assert (extensions["code"], extensions["reason"]) == ("CONFLICT", "last_sign_in_method")
