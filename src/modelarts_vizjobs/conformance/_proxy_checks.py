"""The proxy's spec checks, in a child process: openapi-core takes ~5 ms of CPU per exchange,
which in a thread of the proxy's process would hold the GIL the forwarding needs.

The child stops when told (``close``), and on its own when the proxy process is gone (killed
with SIGKILL, say): it is never left running, re-parented to PID 1.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from modelarts_vizjobs.cassette import Exchange

from ._spec import Finding, SpecChecker

__all__ = ["CheckingProcess"]


class CheckingProcess:
    """A child process running :class:`SpecChecker` over submitted exchanges; *done* hears of
    each result, in order, from a reader thread."""

    def __init__(self, spec: Path, done: Callable[[Exchange, list[Finding]], None]) -> None:
        context = multiprocessing.get_context("spawn")
        self._inbox: Any = context.Queue()
        self._outbox: Any = context.Queue()
        self._process = context.Process(
            target=_check_forever, args=(spec, self._inbox, self._outbox), daemon=True
        )
        self._process.start()
        self._done = done
        self._pending = 0
        self._idle = threading.Condition()
        self._reader = threading.Thread(target=self._read, name="proxy-checks", daemon=True)
        self._reader.start()

    def submit(self, exchange: Exchange) -> None:
        with self._idle:
            self._pending += 1
        self._inbox.put(exchange)

    def _read(self) -> None:
        while True:
            try:
                result = self._outbox.get(timeout=0.5)
            except queue.Empty:
                if self._process.is_alive():
                    continue
                result = None
            if result is None:
                with self._idle:
                    self._pending = 0
                    self._idle.notify_all()
                return
            exchange, findings = result
            try:
                self._done(exchange, findings)
            finally:
                with self._idle:
                    self._pending -= 1
                    self._idle.notify_all()

    def drain(self, timeout: float) -> None:
        with self._idle:
            self._idle.wait_for(lambda: self._pending == 0, timeout)

    def close(self, timeout: float = 30.0) -> None:
        """Let the checks still queued finish (up to *timeout*), then end the child."""
        if self._process.is_alive():
            self._inbox.put(None)
            self._reader.join(timeout=timeout)
            self._process.join(timeout=5)
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(timeout=5)
        for channel in (self._inbox, self._outbox):
            channel.close()
            channel.join_thread()


def _check_forever(spec: Path, inbox: Any, outbox: Any) -> None:
    """The checking process: one result per exchange, then None when told to stop. Ctrl-C in
    a terminal reaches the whole process group: the proxy decides when this process stops.
    SIGTERM still ends it (multiprocessing's exit handler stops daemon children with it)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()
    checker = SpecChecker(spec)
    while (exchange := _next(inbox, parent)) is not None:
        try:
            findings = checker.check(exchange)
        except Exception as exc:  # one odd exchange must not end the checks of the others
            findings = [
                Finding(
                    "violation", exchange.operation or "(unknown)", "", f"check failed: {exc!r}"
                )
            ]
        outbox.put((exchange, findings))
    outbox.put(None)


def _next(inbox: Any, parent: int) -> Exchange | None:
    """The next exchange; None when told to stop or when the proxy process is gone."""
    while True:
        try:
            item: Exchange | None = inbox.get(timeout=1.0)
            return item
        except queue.Empty:
            if os.getppid() != parent:
                return None
