"""500 WebSocket subscribers on one conversation all receive a message; publish→receive latency.

The subscribers are real graphql-transport-ws clients of the live uvicorn server, all in this
process and event loop. The clock starts just before the agent's reply is written (insert,
commit, publish after commit) and stops when each client has decoded it: the figure includes the
write, the broker, the server's fan-out to 500 sockets and the 500 clients' own work, all on one
event loop, so it overstates what a server alone would take. Run with -s to see the printed figures.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from contextlib import AsyncExitStack

from tenantry.realtime import channels
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.live import GraphQLSocket, LiveServer, graphql_socket
from tests.resolvers.chat.support import agent, reply, start, visitor

SUBSCRIBERS = 500
CONNECT_BATCH = 50
SUBSCRIPTION = """
subscription($id: ID!) { chatMessages(conversationId: $id) { id content } }
"""


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def test_500_subscribers_all_receive_a_message(
    live_server: LiveServer, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    me = visitor()
    conversation = await start(services, tenant, me)
    cid = conversation.id or 0
    staff_id, _ = await factory.staff(tenant)
    channel = channels.chat(tenant.id, cid)
    url = live_server.ws(f"/api/{tenant.slug}/graphql")
    async with asyncio.timeout(120), AsyncExitStack() as stack:

        async def subscriber() -> GraphQLSocket:
            socket = await stack.enter_async_context(graphql_socket(url))
            ack = await socket.init({"tenant": tenant.slug, "visitorId": me.visitor_id})
            assert ack["type"] == "connection_ack", ack
            await socket.start(SUBSCRIPTION, {"id": str(cid)})
            return socket

        sockets: list[GraphQLSocket] = []
        for _ in range(SUBSCRIBERS // CONNECT_BATCH):
            sockets += await asyncio.gather(*(subscriber() for _ in range(CONNECT_BATCH)))
        while True:
            if len(services.broadcast._subscribers.get(channel, ())) >= SUBSCRIBERS:
                break
            await asyncio.sleep(0.05)

        async def received(socket: GraphQLSocket) -> tuple[float, dict[str, object]]:
            message = await socket.receive(within=30)
            return time.perf_counter(), message

        waits = [asyncio.create_task(received(socket)) for socket in sockets]
        await asyncio.sleep(0)
        # when
        sent_at = time.perf_counter()
        message = await reply(services, tenant, agent(staff_id), cid, "Hello, everyone")
        results = await asyncio.gather(*waits)
    # then
    expected = {"chatMessages": {"id": str(message.id), "content": "Hello, everyone"}}
    assert [m["payload"]["data"] for _, m in results] == [expected] * SUBSCRIBERS  # type: ignore[index]
    latencies = [(at - sent_at) * 1000 for at, _ in results]
    p50, p99 = percentile(latencies, 0.50), percentile(latencies, 0.99)
    print(
        f"\nchat fan-out, {SUBSCRIBERS} subscribers ({services.db.dialect}, "
        f"{services.settings.resolved_broadcast_url.split(':')[0]} broker): "
        f"write→receive p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {max(latencies):.1f} ms, "
        f"mean {statistics.fmean(latencies):.1f} ms"
    )
    assert p99 < 10_000
