"""Proxy: the validating proxy's added latency per call against a direct call, on loopback.

The stub (``modelarts-vizjobs stub serve``) and the proxy (``modelarts-vizjobs proxy``,
verifying each client signature, then re-signing with AK/SK) run as separate processes, as
they are deployed; this process is the client, signing with the proxy's key pair. Direct and
proxied calls alternate, so a neighbour stealing CPU slows both alike. The figure is the p50
added by the proxy (target <= 2 ms); the proxy's exit summary must show every call and no
violation.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from modelarts_vizjobs import AkSkAuth
from modelarts_vizjobs.stub import DEFAULT_ACCESS_KEY, DEFAULT_PROJECT_ID, DEFAULT_SECRET_KEY

from .harness import Figure, Settings, log
from .processes import free_port, wait_for_port

COMMAND = [str(Path(sys.executable).with_name("modelarts-vizjobs"))]
PATHS = (
    f"/v1/{DEFAULT_PROJECT_ID}/visualization-jobs/1",
    f"/v1/{DEFAULT_PROJECT_ID}/visualization-jobs?per_page=10",
)
TARGET_ADDED_MS = 2.0


@contextmanager
def _running(
    arguments: list[str], port: int, env: dict[str, str]
) -> Iterator[subprocess.Popen[str]]:
    """Like ``processes.running``, but on every core (the proxy, its checking process and the
    stub share them as the scheduler likes) and stopped with SIGINT, so the proxy prints its
    summary."""
    process = subprocess.Popen(
        COMMAND + arguments,
        preexec_fn=_every_core,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for_port(port, process)
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def _every_core() -> None:
    """Undo the client-core pinning this process passed on to its children."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, range(os.cpu_count() or 1))


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def measure(calls: int) -> dict[str, float]:
    """p50/p99 in ms of direct and proxied calls, and what the proxy adds."""
    stub_port, proxy_port = free_port(), free_port()
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
    log(summary)
    if " 0 violations" not in summary:
        raise SystemExit("the proxy reported violations against the stub")
    figures = {
        f"{name}_{label}": _percentile(values, fraction)
        for name, values in timings.items()
        for label, fraction in (("p50", 0.5), ("p99", 0.99))
    }
    figures["added_p50"] = figures["proxy_p50"] - figures["direct_p50"]
    figures["added_p99"] = figures["proxy_p99"] - figures["direct_p99"]
    return figures


def proxy(settings: Settings) -> list[Figure]:
    figures = measure(max(settings.calls // 2, 100))
    added = figures["added_p50"]
    return [
        Figure(
            "proxy: AK/SK GET through `modelarts-vizjobs proxy` vs direct, p50",
            f"{figures['proxy_p50']:.2f} ms",
            f"{figures['direct_p50']:.2f} ms",
            figures["proxy_p50"] / figures["direct_p50"],
            f"<= +{TARGET_ADDED_MS:.0f} ms",
            added <= TARGET_ADDED_MS,
            note=(
                f"added p50 {added:.2f} ms, p99 {figures['added_p99']:.2f} ms "
                f"(direct p99 {figures['direct_p99']:.2f} ms, via proxy "
                f"{figures['proxy_p99']:.2f} ms)"
            ),
            raw=figures,
        )
    ]
