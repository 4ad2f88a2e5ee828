"""One answer per credential, whatever the domain asking."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tenantry.auth.principal import Principal, PrincipalKind
from tenantry.config import Settings
from tenantry.core import access
from tenantry.core.context import Ctx, TenantInfo
from tenantry.core.errors import DomainError, Forbidden, Unauthenticated
from tenantry.models.tenant import ApiKeyKind, Plan, StaffRole, TenantStatus

TENANT = TenantInfo(
    id=1,
    slug="shop",
    name="Shop",
    description="",
    status=TenantStatus.ACTIVE,
    plan=Plan.STARTER,
    currency="KRW",
    locale="ko",
    timezone="Asia/Seoul",
)

ANONYMOUS = Principal()
VISITOR = Principal(visitor_id="v-1")
PUBLISHABLE = Principal(kind=PrincipalKind.API_KEY, key_kind=ApiKeyKind.PUBLISHABLE, key_id=1)
SECRET = Principal(kind=PrincipalKind.API_KEY, key_kind=ApiKeyKind.SECRET, key_id=2)
MEMBER = Principal(kind=PrincipalKind.MEMBER, member_id=7)
OWNER = Principal(kind=PrincipalKind.STAFF, staff_id=1, staff_role=StaffRole.OWNER)
ADMIN = Principal(kind=PrincipalKind.STAFF, staff_id=2, staff_role=StaffRole.ADMIN)
AGENT = Principal(kind=PrincipalKind.STAFF, staff_id=3, staff_role=StaffRole.AGENT)

Policy = Callable[[Ctx], object]
OK = None

# principal -> (require_admin, require_staff, require_signed_in, require_member)
TABLE: dict[str, tuple[Principal, tuple[type[DomainError] | None, ...]]] = {
    "anonymous": (ANONYMOUS, (Unauthenticated, Unauthenticated, Unauthenticated, Unauthenticated)),
    "visitor": (VISITOR, (Unauthenticated, Unauthenticated, Unauthenticated, Unauthenticated)),
    "publishable": (
        PUBLISHABLE,
        (Unauthenticated, Unauthenticated, Unauthenticated, Unauthenticated),
    ),
    "secret": (SECRET, (OK, OK, OK, Unauthenticated)),
    "member": (MEMBER, (Forbidden, Forbidden, OK, OK)),
    "owner": (OWNER, (OK, OK, OK, Unauthenticated)),
    "admin": (ADMIN, (OK, OK, OK, Unauthenticated)),
    "agent": (AGENT, (Forbidden, OK, OK, Unauthenticated)),
}
POLICIES: tuple[Policy, ...] = (
    access.require_admin,
    access.require_staff,
    access.require_signed_in,
    access.require_member,
)


def ctx_of(principal: Principal) -> Ctx:
    return Ctx(tenant=TENANT, settings=Settings(), principal=principal)


@pytest.mark.parametrize("who", TABLE)
@pytest.mark.parametrize("policy", POLICIES, ids=lambda policy: policy.__name__)
def test_each_credential_gets_one_answer(who: str, policy: Policy) -> None:
    principal, answers = TABLE[who]
    expected = answers[POLICIES.index(policy)]

    if expected is None:
        policy(ctx_of(principal))
    else:
        with pytest.raises(expected):
            policy(ctx_of(principal))


def test_require_member_answers_the_member_id() -> None:
    assert access.require_member(ctx_of(MEMBER)) == 7


@pytest.mark.parametrize(
    ("principal", "proves_no_one"),
    [(ANONYMOUS, True), (VISITOR, True), (PUBLISHABLE, True), (SECRET, False), (MEMBER, False)],
)
def test_a_publishable_key_proves_no_one(principal: Principal, proves_no_one: bool) -> None:
    assert access.proves_no_one(principal) is proves_no_one
