from __future__ import annotations

import strawberry

from tenantry.models.tenant import Staff as StaffModel
from tenantry.models.tenant import StaffRole
from tenantry.resolvers.sessions import IssuedTokens

# Registered in place: the Python enum itself is the GraphQL enum, so fields annotate with it.
strawberry.enum(StaffRole, name="StaffRole")


@strawberry.type
class Staff:
    id: strawberry.ID
    email: str
    name: str
    role: StaffRole

    @classmethod
    def from_model(cls, staff: StaffModel) -> Staff:
        return cls(
            id=strawberry.ID(str(staff.id)),
            email=staff.email,
            name=staff.name,
            role=StaffRole(staff.role),
        )


@strawberry.input
class StaffLoginInput:
    email: str
    password: str


@strawberry.type
class StaffTokenPair:
    token: str
    refresh_token: str
    token_type: str
    expires_in: int

    @classmethod
    def from_tokens(cls, tokens: IssuedTokens) -> StaffTokenPair:
        return cls(
            token=tokens.access_token,
            refresh_token=tokens.refresh_token,
            token_type=tokens.token_type,
            expires_in=tokens.expires_in,
        )


@strawberry.type
class StaffAuthPayload(StaffTokenPair):
    staff: Staff

    @classmethod
    def build(cls, staff: StaffModel, tokens: IssuedTokens) -> StaffAuthPayload:
        return cls(
            token=tokens.access_token,
            refresh_token=tokens.refresh_token,
            token_type=tokens.token_type,
            expires_in=tokens.expires_in,
            staff=Staff.from_model(staff),
        )
