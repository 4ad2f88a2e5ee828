"""Staff lists resolve their relations through loaders: more rows, no more statements."""

from __future__ import annotations

import httpx

from tenantry.serving.services import Services
from tests.conftest import Factory, StatementCounter
from tests.resolvers.reservations.support import ReservationWriter
from tests.support import graphql

STAFFS = """
{ reservationStaffs { items { name serviceIds hours { weekday start end } } }
  reservationServices { items { name staffIds } } }
"""


async def test_staff_lists_cost_the_same_for_one_person_or_four(
    client: httpx.AsyncClient, services: Services, factory: Factory, count_queries: StatementCounter
) -> None:
    counts, answers = [], []
    for people in (1, 4):
        tenant = await factory.tenant()
        await ReservationWriter(services, tenant).shop(staff=people, start="10:00", end="19:30")
        count_queries.reset()
        body = await graphql(client, STAFFS, tenant=tenant.slug, bearer=tenant.secret_key)
        counts.append(count_queries.count)
        answers.append(body["data"])
    assert counts[0] == counts[1]
    [one, four] = answers
    assert len(four["reservationStaffs"]["items"]) == 4
    first = one["reservationStaffs"]["items"][0]
    assert first["name"] == "Staff 1"
    assert first["hours"][0] == {"weekday": 1, "start": "10:00", "end": "19:30"}
    assert len(first["hours"]) == 7
    assert len(four["reservationServices"]["items"][0]["staffIds"]) == 4
