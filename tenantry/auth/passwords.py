from __future__ import annotations

from anyio import to_thread
from passlib.context import CryptContext

# argon2id, 19 MiB, t=2: OWASP's minimum recommendation.
_context = CryptContext(
    schemes=["argon2"],
    argon2__type="ID",
    argon2__memory_cost=19 * 1024,
    argon2__time_cost=2,
    argon2__parallelism=1,
)
_DUMMY_HASH = _context.hash("tenantry-dummy-password")


def hash_password_sync(password: str) -> str:
    return str(_context.hash(password))


async def hash_password(password: str) -> str:
    return await to_thread.run_sync(hash_password_sync, password)


async def verify_password(password: str, password_hash: str | None) -> bool:
    """Constant work whether or not the account exists (None hashes against a dummy)."""
    if password_hash is None:
        await to_thread.run_sync(_context.verify, password, _DUMMY_HASH)
        return False
    return bool(await to_thread.run_sync(_context.verify, password, password_hash))
