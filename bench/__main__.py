"""python -m bench [--duration S] [--concurrency N] [--database-url URL] [--scenario NAME]"""

from __future__ import annotations

import argparse
import asyncio
import sys
from importlib import import_module

from bench.database import DEFAULT_SERVER
from bench.runner import BenchFailed, report, run
from bench.scenarios.base import Scenario

SCENARIOS = ("blog_list", "product_list", "health")


def load(name: str) -> Scenario:
    scenario: Scenario = import_module(f"bench.scenarios.{name}").SCENARIO
    return scenario


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per target")
    parser.add_argument("--concurrency", type=int, default=16, help="concurrent clients")
    parser.add_argument(
        "--database-url",
        default=DEFAULT_SERVER,
        help="PostgreSQL server to create the throwaway database on",
    )
    parser.add_argument("--scenario", choices=SCENARIOS, action="append")
    args = parser.parse_args(argv)
    if not 0 < args.duration <= 600 or not 0 < args.concurrency <= 1000:
        parser.error("duration must be in (0, 600] and concurrency in (0, 1000]")
    for name in args.scenario or SCENARIOS[:1]:
        scenario = load(name)
        try:
            results = asyncio.run(
                run(
                    scenario,
                    server_url=args.database_url,
                    seconds=args.duration,
                    concurrency=args.concurrency,
                )
            )
        except BenchFailed as exc:
            print(f"bench: {name} failed: {exc}", file=sys.stderr)
            return 1
        print(report(scenario, results, concurrency=args.concurrency))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
