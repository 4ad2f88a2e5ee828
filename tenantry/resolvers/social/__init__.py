"""Social login (issue 14): OAuth 2.0 / OpenID Connect providers per tenant, the web flow
(authorization code with PKCE and a signed single-use state), mobile token exchange, and
connecting and disconnecting provider accounts."""

from tenantry.resolvers.social.accounts import (
    Authorization,
    AuthorizationIn,
    DisconnectIn,
    connect_social_account,
    disconnect_social_account,
    list_social_accounts,
    social_sign_in,
    start_authorization,
)
from tenantry.resolvers.social.profiles import SocialCredentialIn
from tenantry.resolvers.social.providers import (
    ProviderListing,
    ProviderView,
    SocialProviderIn,
    configure_social_provider,
    list_social_provider_configs,
    list_social_providers,
    set_social_provider,
)

__all__ = [
    "Authorization",
    "AuthorizationIn",
    "DisconnectIn",
    "ProviderListing",
    "ProviderView",
    "SocialCredentialIn",
    "SocialProviderIn",
    "configure_social_provider",
    "connect_social_account",
    "disconnect_social_account",
    "list_social_accounts",
    "list_social_provider_configs",
    "list_social_providers",
    "set_social_provider",
    "social_sign_in",
    "start_authorization",
]
