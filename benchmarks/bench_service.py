"""Load on the HTTP service over loopback: requests a second and p50/p99 latency of one decision.

A real uvicorn server (one worker, as `etablering serve` starts it) in a subprocess, and
1, 8 and 64 concurrent clients (httpx, asyncio) each posting single decisions for a fixed
number of requests; beside it, the same decision made in-process, the floor the service
adds HTTP, JSON and scheduling to. Bounded: a few thousand requests in all.

    .venv/bin/python benchmarks/bench_service.py
"""

from __future__ import annotations

import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

REQUESTS = int(os.environ.get("BENCH_SERVICE_REQUESTS", "1500"))
ON = date(2004, 6, 1)


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def _load(url: str, bodies: list[bytes], clients: int) -> tuple[float, list[float]]:
    import httpx

    latencies: list[float] = []
    queue = list(range(REQUESTS))

    async def client(http: httpx.AsyncClient) -> None:
        while queue:
            index = queue.pop()
            start = time.perf_counter()
            answer = await http.post(url, content=bodies[index % len(bodies)])
            latencies.append(time.perf_counter() - start)
            assert answer.status_code == 200, answer.text

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=60) as http:
        started = time.perf_counter()
        await asyncio.gather(*(client(http) for _ in range(clients)))
        elapsed = time.perf_counter() - started
    return elapsed, latencies


def main() -> int:
    import httpx

    from etableringsmodell import catalog
    from etableringsmodell.io import dumps
    from etableringsmodell.rules.eligibility import check_eligibility
    from etableringsmodell.synthetic import synthetic_cohort

    people = synthetic_cohort(200, ON, seed=3)
    bodies = [dumps(p).encode() for p in people]
    rule = catalog.get("goteborg-2004")
    start = time.perf_counter()
    for person in people * 5:
        check_eligibility(person, rule, ON)
    in_process = (time.perf_counter() - start) / (len(people) * 5)

    port = _port()
    server = subprocess.Popen(  # our own interpreter and fixed arguments
        [sys.executable, "-m", "etableringsmodell", "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")},
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/health").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                print("the server did not start")
                return 1
            time.sleep(0.1)
        url = f"{base}/decisions?rule=goteborg-2004&on=2004-06-01"
        asyncio.run(_load(url, bodies, 4))  # warm up
        print(f"in-process decision with reasons: {in_process * 1e6:.1f} µs (the floor)")
        print(f"{'clients':>8} {'requests/s':>11} {'p50 ms':>8} {'p99 ms':>8}")
        for clients in (1, 8, 64):
            elapsed, latencies = asyncio.run(_load(url, bodies, clients))
            cuts = statistics.quantiles(latencies, n=100)
            print(f"{clients:>8} {REQUESTS / elapsed:>11,.0f} {cuts[49] * 1e3:>8.2f} {cuts[98] * 1e3:>8.2f}")
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
