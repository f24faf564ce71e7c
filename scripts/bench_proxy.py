"""Benchmark: the validating proxy's added latency per call, against a direct call, on loopback.

Run ``.venv/bin/python scripts/bench_proxy.py`` (``--calls N``). The stub
(``modelarts-vizjobs stub serve``) and the proxy (``modelarts-vizjobs proxy``, re-signing with
AK/SK) run as separate processes, as they are deployed; this process is the client, signing
with AK/SK too. Direct and proxied calls alternate, so a neighbour stealing CPU slows both
alike. It prints p50/p99 of each, the added milliseconds and the ratio, and checks that the
proxy saw every call and found no violation (its exit summary).
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from modelarts_vizjobs import AkSkAuth
from modelarts_vizjobs.stub import DEFAULT_ACCESS_KEY, DEFAULT_PROJECT_ID, DEFAULT_SECRET_KEY

COMMAND = [str(Path(sys.executable).with_name("modelarts-vizjobs"))]
PATHS = (
    f"/v1/{DEFAULT_PROJECT_ID}/visualization-jobs/1",
    f"/v1/{DEFAULT_PROJECT_ID}/visualization-jobs?per_page=10",
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(port: int, process: subprocess.Popen[str], seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args} exited with {process.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port} after {seconds} s")


@contextmanager
def _running(
    arguments: list[str], port: int, env: dict[str, str]
) -> Iterator[subprocess.Popen[str]]:
    process = subprocess.Popen(
        COMMAND + arguments, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        _wait_for(port, process)
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def measure(calls: int) -> dict[str, float]:
    stub_port, proxy_port = _free_port(), _free_port()
    env = {
        **os.environ,
        "HUAWEICLOUD_SDK_AK": DEFAULT_ACCESS_KEY,
        "HUAWEICLOUD_SDK_SK": DEFAULT_SECRET_KEY,
        "HUAWEICLOUD_SDK_PROJECT_ID": DEFAULT_PROJECT_ID,
    }
    env.pop("MODELARTS_VIZJOBS_TOKEN", None)
    stub = ["stub", "serve", "--port", str(stub_port), "--seed-demo"]
    upstream = f"http://127.0.0.1:{stub_port}"
    proxy_args = ["proxy", "--upstream", upstream, "--port", str(proxy_port)]
    auth = AkSkAuth(DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY, project_id=DEFAULT_PROJECT_ID)
    timings: dict[str, list[float]] = {"direct": [], "proxy": []}
    with _running(stub, stub_port, env), _running(proxy_args, proxy_port, env) as proxy:
        clients = {
            "direct": httpx.Client(base_url=upstream, auth=auth),
            "proxy": httpx.Client(base_url=f"http://127.0.0.1:{proxy_port}", auth=auth),
        }
        for index in range(calls + calls // 10):
            path = PATHS[index % len(PATHS)]
            for name, client in clients.items():
                start = time.perf_counter()
                response = client.get(path)
                elapsed = (time.perf_counter() - start) * 1000
                response.raise_for_status()
                if index >= calls // 10:  # the first tenth warms up connections and caches
                    timings[name].append(elapsed)
        for client in clients.values():
            client.close()
        time.sleep(1.0)  # let the checks catch up before the summary
    _, errors = proxy.communicate(timeout=60)
    summary = errors[errors.find("proxy summary") :].strip()
    figures = {
        f"{name}_{label}": _percentile(values, fraction)
        for name, values in timings.items()
        for label, fraction in (("p50", 0.5), ("p99", 0.99))
    }
    figures["added_p50"] = figures["proxy_p50"] - figures["direct_p50"]
    figures["added_p99"] = figures["proxy_p99"] - figures["direct_p99"]
    print(summary)
    if " 0 violations" not in summary:
        raise SystemExit("the proxy reported violations against the stub")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1000, help="calls of each kind (default 1000)")
    figures = measure(parser.parse_args().calls)
    print()
    print("| call (AK/SK, loopback) | p50 ms | p99 ms |")
    print("|---|---:|---:|")
    print(f"| direct to the stub | {figures['direct_p50']:.2f} | {figures['direct_p99']:.2f} |")
    print(f"| through the proxy | {figures['proxy_p50']:.2f} | {figures['proxy_p99']:.2f} |")
    print(f"| added by the proxy | {figures['added_p50']:.2f} | {figures['added_p99']:.2f} |")
    ratio = figures["proxy_p50"] / figures["direct_p50"]
    print(f"\nproxy/direct p50 ratio: {ratio:.2f}x")


if __name__ == "__main__":
    main()
