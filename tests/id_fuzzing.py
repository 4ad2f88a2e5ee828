"""What the id fuzz tests send (ids no row can have, and ids no row has) and who sends them."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import strategies as st

from tenantry.core.ids import MAX_ID
from tenantry.models.tenant import Plan
from tenantry.resolvers.sessions import SessionKind
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.live import access_token
from tests.resolvers.entities.support import EntityWriter

UNICODE_DIGITS = "²³¹⁹₂١٢٣٠۱۲߁०१੧๑༡၁១᠑\uff11\uff12\uff13\uff10\U0001d7d9\U0001d7da"
NOT_IDS = [
    "²",
    "١٢",
    "\uff11\uff12",
    "0",
    "00",
    "-0",
    "-1",
    "+1",
    " 1",
    "1 ",
    " ",
    "\t",
    "1.0",
    "1e3",
    "0x1f",
    "1_000",
    str(MAX_ID + 1),
    str(2**63),
    "99999999999999999999999",
    "prod_1",
    "ord_99999999999999999999",
    "null",
    "%",
    "a\x00b",
]

# Text a client may put where an id goes: every integer (huge, negative, zero), the edges of
# the INTEGER column, unicode digits, whitespace, signs, prefixes, and ids no row has.
raw_ids = st.one_of(
    st.sampled_from(NOT_IDS),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.integers(min_value=MAX_ID - 2, max_value=2**64).map(str),
    st.integers(min_value=1, max_value=MAX_ID).map(str),
    st.text(alphabet=UNICODE_DIGITS + "0123456789 +-_.", min_size=1, max_size=24),
    st.builds(
        "{}_{}".format,
        st.sampled_from(["prod", "ord", "cust", "pay", "x"]),
        st.integers(min_value=-(10**25), max_value=10**25),
    ),
    st.text(min_size=1, max_size=12),
)

# In a path "." and ".." are steps, not segments, and a "/" (even as %2F: the server decodes the
# path before routing) divides segments; the rest reaches the route percent-encoded.
path_ids = raw_ids.filter(lambda raw: raw not in (".", "..") and "/" not in raw)


ENTITY = "fuzz"  # an entity of the tenant: its records are looked up by id


@dataclass(frozen=True)
class Callers:
    """One tenant and a credential of each kind, so that no access check hides the id parser."""

    tenant: TenantFixture
    member_token: str
    staff_token: str

    @property
    def secret_key(self) -> str:
        return self.tenant.secret_key


async def make_callers(services: Services) -> Callers:
    factory = Factory(services)
    # Enterprise: dialect B counts requests per key, and the fuzz sends many.
    tenant = await factory.tenant(plan=Plan.ENTERPRISE)
    staff_id, _ = await factory.staff(tenant)
    member = await access_token(services, tenant.info, kind=SessionKind.MEMBER)
    staff = await access_token(services, tenant.info, kind=SessionKind.STAFF, subject_id=staff_id)
    await EntityWriter(services, tenant).entity(ENTITY)
    return Callers(tenant=tenant, member_token=member, staff_token=staff)
