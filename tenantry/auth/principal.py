from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tenantry.auth.tokens import TokenClaims
from tenantry.models.tenant import ApiKeyKind, Plan, StaffRole


class PrincipalKind(StrEnum):
    ANONYMOUS = "anonymous"
    MEMBER = "member"
    STAFF = "staff"
    API_KEY = "api_key"


@dataclass(frozen=True)
class Principal:
    kind: PrincipalKind = PrincipalKind.ANONYMOUS
    member_id: int | None = None
    staff_id: int | None = None
    staff_role: StaffRole | None = None
    key_kind: ApiKeyKind | None = None
    key_id: int | None = None
    plan: Plan | None = None
    token: TokenClaims | None = None
    visitor_id: str | None = None
    via_session_cookie: bool = False

    @property
    def is_member(self) -> bool:
        return self.kind is PrincipalKind.MEMBER

    @property
    def is_staff(self) -> bool:
        return self.kind is PrincipalKind.STAFF

    @property
    def is_secret_key(self) -> bool:
        return self.kind is PrincipalKind.API_KEY and self.key_kind is ApiKeyKind.SECRET

    @property
    def is_admin(self) -> bool:
        """Staff with owner/admin role, or a server holding a secret key."""
        return self.is_secret_key or (
            self.is_staff and self.staff_role in (StaffRole.OWNER, StaffRole.ADMIN)
        )


ANONYMOUS = Principal()
