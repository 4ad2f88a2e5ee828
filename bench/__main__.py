"""python -m bench [--duration S] [--concurrency N] [--database-url URL] [--scenario NAME]

chat_fanout takes [--subscribers N] [--messages K] [--broker memory|postgres]
[--client-processes P] instead of --duration and --concurrency.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from importlib import import_module

from bench.database import DEFAULT_SERVER
from bench.runner import BenchFailed, report, run
from bench.scenarios.base import Scenario

SCENARIOS = (
    "blog_list",
    "blog_list_uncached",
    "product_list",
    "product_list_uncached",
    "health",
    "checkout",
    "checkout_untracked",
    "availability",
    "chat_fanout",
)


def load(name: str) -> Scenario:
    scenario: Scenario = import_module(f"bench.scenarios.{name}").SCENARIO
    return scenario


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per target")
    parser.add_argument("--concurrency", type=int, default=16, help="concurrent clients")
    parser.add_argument(
        "--database-url",
        default=DEFAULT_SERVER,
        help="PostgreSQL server to create the throwaway database on",
    )
    parser.add_argument("--scenario", choices=SCENARIOS, action="append")
    fanout = parser.add_argument_group("chat_fanout")
    fanout.add_argument("--subscribers", type=int, default=500, help="WebSocket subscribers")
    fanout.add_argument("--messages", type=int, default=10, help="measured agent replies")
    fanout.add_argument("--broker", choices=("memory", "postgres"), default="memory")
    fanout.add_argument(
        "--client-processes", type=int, default=None, help="default: one per 1,250 sockets, ≤ 4"
    )
    args = parser.parse_args(argv)
    if not 0 < args.duration <= 600 or not 0 < args.concurrency <= 1000:
        parser.error("duration must be in (0, 600] and concurrency in (0, 1000]")
    if not 0 < args.subscribers <= 10_000 or not 0 < args.messages <= 100:
        parser.error("subscribers must be in (0, 10000] and messages in (0, 100]")
    if args.client_processes is not None and not 0 < args.client_processes <= 16:
        parser.error("client-processes must be in (0, 16]")
    for name in args.scenario or SCENARIOS[:1]:
        try:
            text = asyncio.run(_run(name, args))
        except BenchFailed as exc:
            print(f"bench: {name} failed: {exc}", file=sys.stderr)
            return 1
        print(text)
        print()
    return 0


async def _run(name: str, args: argparse.Namespace) -> str:
    if name == "chat_fanout":
        from bench import fanout

        result = await fanout.run_fanout(
            server_url=args.database_url,
            subscribers=args.subscribers,
            messages=args.messages,
            broker=args.broker,
            processes=args.client_processes,
        )
        return fanout.report(result)
    scenario = load(name)
    ours, theirs, notes = await run(
        scenario, server_url=args.database_url, seconds=args.duration, concurrency=args.concurrency
    )
    return report(scenario, (ours, theirs), concurrency=args.concurrency, notes=notes)


if __name__ == "__main__":
    sys.exit(main())
