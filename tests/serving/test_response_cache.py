"""The response cache serves an answer only while the tables it read are unchanged."""

from __future__ import annotations

from collections.abc import Hashable

from tenantry.db.changes import ANY_TABLE, TableStamps
from tenantry.serving.response_cache import ResponseCache, Ticket


class Cache(ResponseCache):
    """The cache on a clock the test moves."""

    moment = 1000.0

    def get(self, key: Hashable, *, now: float | None = None) -> bytes | None:
        return super().get(key, now=self.moment if now is None else now)

    def put(self, ticket: Ticket, body: bytes, *, now: float | None = None) -> bool:
        return super().put(ticket, body, now=self.moment if now is None else now)


def _cache(ttl: float = 10.0, **options: int) -> tuple[Cache, TableStamps]:
    stamps = TableStamps()
    return Cache(stamps, ttl=ttl, **options), stamps


def _store(cache: Cache, key: str, body: bytes, tables: set[str], tenant: int = 1) -> bool:
    ticket = cache.ticket(key, tenant)
    ticket.tables, ticket.cacheable = frozenset(tables), True
    return cache.put(ticket, body)


def test_an_answer_is_served_until_a_table_it_read_changes() -> None:
    cache, stamps = _cache()
    assert _store(cache, "k", b"answer", {"product", "product_variant"})
    assert cache.get("k") == b"answer"

    stamps.changed(1, {"cart_item"})  # not read by the answer
    stamps.changed(2, {"product"})  # another tenant
    assert cache.get("k") == b"answer"

    stamps.changed(1, {"product_variant"})
    assert cache.get("k") is None
    assert len(cache) == 0


def test_a_system_write_changes_the_table_for_every_tenant() -> None:
    cache, stamps = _cache()
    _store(cache, "k", b"answer", {"product"}, tenant=7)
    stamps.changed(None, {"product"})
    assert cache.get("k") is None


def test_textual_writes_change_everything() -> None:
    cache, stamps = _cache()
    _store(cache, "k", b"answer", {"product"})
    stamps.changed(1, {ANY_TABLE})
    assert cache.get("k") is None


def test_an_answer_read_while_its_tables_changed_is_not_stored() -> None:
    cache, stamps = _cache()
    ticket = cache.ticket("k", 1)
    stamps.changed(1, {"product"})  # committed while the request was reading
    ticket.tables, ticket.cacheable = frozenset({"product"}), True
    assert cache.put(ticket, b"maybe stale") is False
    assert cache.get("k") is None


def test_only_tickets_marked_cacheable_and_knowing_their_tables_are_stored() -> None:
    cache, _ = _cache()
    assert cache.put(cache.ticket("a", 1), b"errors or writes") is False
    assert _store(cache, "b", b"raw sql", {ANY_TABLE}) is False
    assert cache.get("a") is None
    assert cache.get("b") is None


def test_entries_expire_after_the_ttl() -> None:
    cache, _ = _cache(ttl=5)
    _store(cache, "k", b"answer", {"product"})
    cache.moment += 4.9
    assert cache.get("k") == b"answer"
    cache.moment += 0.2
    assert cache.get("k") is None


def test_the_least_recently_used_entry_goes_first_and_big_answers_are_not_kept() -> None:
    cache, _ = _cache(max_entries=2, max_body_bytes=10)
    _store(cache, "a", b"A", {"t"})
    _store(cache, "b", b"B", {"t"})
    assert cache.get("a") == b"A"  # now b is the least recently used
    _store(cache, "c", b"C", {"t"})
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (b"A", None, b"C")
    assert _store(cache, "d", b"x" * 11, {"t"}) is False


def test_stamps_tell_listeners_where_a_change_was_committed() -> None:
    stamps = TableStamps()
    heard: list[tuple[int | None, frozenset[str], bool]] = []
    stamps.listen(lambda tenant, tables, local: heard.append((tenant, tables, local)))
    stamps.changed(3, ["product"])
    stamps.changed(3, ["order"], local=False)
    assert heard == [(3, frozenset({"product"}), True), (3, frozenset({"order"}), False)]
    assert stamps.now == 2


def test_every_answer_depends_on_its_tenant_row() -> None:
    cache, stamps = _cache()
    _store(cache, "site", b"name and settings", set())  # read through the directory, not SQL
    stamps.changed(None, {"tenant"})  # a system session (the CLI) edited a tenant
    assert cache.get("site") is None
