"""Load benchmark (not a test): p95 latency of area profiles at 50 concurrent clients on loopback.

Starts ``kansrijk serve --db DB`` on a free port (or uses ``--url``), then runs ``--clients``
keep-alive HTTP/1.1 clients (asyncio, one connection each) for ``--seconds``; each client asks for
``/gebied/<code>`` of the current gemeenten in turn. Prints requests, errors, throughput and the
latency percentiles. Usage::

    .venv/bin/python benchmarks/load.py --db /tmp/demo.duckdb --clients 50 --seconds 60
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from kansrijk.areas import AreaRegistry


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_ready(url: str, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/", timeout=5):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"server at {url} did not answer within {timeout:.0f} s")


async def client(host: str, port: int, paths: list[str], offset: int, stop: float,
                 latencies: list[float], errors: list[str]) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    i = offset
    try:
        while time.monotonic() < stop:
            path = paths[i % len(paths)]
            i += 1
            start = time.perf_counter()
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
            await writer.drain()
            status_line = await reader.readline()
            length = 0
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                name, _, value = line.decode("latin-1").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - start)
            if b" 200 " not in status_line:
                errors.append(f"{path}: {status_line.decode().strip()}")
    except (OSError, asyncio.IncompleteReadError) as exc:
        errors.append(f"connection: {exc}")
    finally:
        writer.close()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    pos = q * (len(ordered) - 1)
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


async def run(host: str, port: int, clients: int, seconds: float) -> tuple[list[float], list[str], float]:
    paths = [f"/gebied/{a.code}" for a in AreaRegistry.load().gemeenten()]
    latencies: list[float] = []
    errors: list[str] = []
    start = time.monotonic()
    stop = start + seconds
    step = max(1, len(paths) // clients)
    await asyncio.gather(*(client(host, port, paths, n * step, stop, latencies, errors) for n in range(clients)))
    return latencies, errors, time.monotonic() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="DuckDB store to serve (starts kansrijk serve)")
    parser.add_argument("--url", help="an already running server, e.g. http://127.0.0.1:8000")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    args = parser.parse_args()
    if not args.db and not args.url:
        parser.error("give --db or --url")
    server = None
    if args.url:
        url = args.url.rstrip("/")
    else:
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        exe = Path(sys.executable).with_name("kansrijk")
        server = subprocess.Popen([str(exe), "serve", "--db", str(args.db), "--port", str(port)])
    try:
        wait_ready(url)
        host, port_text = url.split("//", 1)[1].split(":")
        latencies, errors, elapsed = asyncio.run(run(host, int(port_text), args.clients, args.seconds))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
    ms = [x * 1000 for x in latencies]
    print(f"clients {args.clients}, duration {elapsed:.1f} s, requests {len(ms)}, errors {len(errors)}")
    print(f"throughput {len(ms) / elapsed:.0f} req/s")
    if ms:
        print(f"latency ms: p50 {percentile(ms, 0.5):.1f}  p95 {percentile(ms, 0.95):.1f}  "
              f"p99 {percentile(ms, 0.99):.1f}  max {max(ms):.1f}")
    for line in errors[:10]:
        print("error:", line)


if __name__ == "__main__":
    main()
