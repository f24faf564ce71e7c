"""Headless Chromium driven over the DevTools protocol on a pipe (``--remote-debugging-pipe``:
JSON messages ended by NUL on file descriptors 3 and 4), so no websocket client or browser
download is needed: Debian's ``chromium`` is enough."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

__all__ = ["Browser", "find_chromium"]

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--remote-debugging-pipe",
)


def find_chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _high(*descriptors: int) -> tuple[int, ...]:
    """The descriptors moved above 100, so that placing them on 3 and 4 in the child never
    overwrites one with the other (nor keeps close-on-exec on a descriptor already at 3)."""
    moved = tuple(fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 100) for fd in descriptors)
    for fd in descriptors:
        os.close(fd)
    return moved


class Browser:
    """One Chromium process with one page; ``evaluate`` runs JavaScript in it."""

    def __init__(self, executable: str, profile: Path) -> None:
        # Chromium puts its singleton socket under $TMPDIR, and a Unix socket path has at most
        # 107 bytes: pytest's own tmp paths under a longer TMPDIR are too long for it
        # ("Socket path too long"). Its scratch directory is a short one of its own, removed
        # by close().
        self._scratch = tempfile.mkdtemp(prefix="chromium-")
        to_browser, self._write = _high(*os.pipe())
        self._read, from_browser = _high(*os.pipe())

        def descriptors() -> None:  # in the child: what Chromium reads on 3 and writes on 4
            os.dup2(to_browser, 3)
            os.dup2(from_browser, 4)

        self.process = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            preexec_fn=descriptors,
            close_fds=False,
            env={**os.environ, "TMPDIR": self._scratch},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._next = 0
        self._events: list[str] = []  # methods of the events received so far
        try:
            target = self.call("Target.createTarget", url="about:blank")["targetId"]
            attached = self.call("Target.attachToTarget", targetId=target, flatten=True)
            self._session = attached["sessionId"]
            self.call("Page.enable", self._session)
        except BaseException:
            self.close()  # the process, the pipes and the scratch directory
            raise

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params}
        if session is not None:
            message["sessionId"] = session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._receive(deadline=time.monotonic() + 15)
            if "method" in answer:
                self._events.append(answer["method"])
            elif answer.get("id") == self._next:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                result: dict[str, Any] = answer.get("result", {})
                return result

    def _receive(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._read], [], [], left)[0]:
                raise TimeoutError("no answer from Chromium")
            chunk = os.read(self._read, 65536)
            if not chunk:
                raise RuntimeError("Chromium closed the pipe")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        data: dict[str, Any] = json.loads(message)
        return data

    def evaluate(self, expression: str) -> Any:
        """The value of *expression* (a promise is awaited) in the page."""
        result = self.call(
            "Runtime.evaluate",
            self._session,
            expression=expression,
            awaitPromise=True,
            returnByValue=True,
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def open(self, url: str, timeout: float = 10.0) -> None:
        """Navigate to *url* and wait for its load event (or the jump, within a document)."""
        self._events.clear()
        self.call("Page.navigate", self._session, url=url)
        done = {"Page.loadEventFired", "Page.navigatedWithinDocument"}
        deadline = time.monotonic() + timeout
        while not done.intersection(self._events):
            answer = self._receive(deadline)
            if "method" in answer:
                self._events.append(answer["method"])

    def wait_for(self, condition: str, timeout: float = 10.0) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(condition)
            if value or time.monotonic() > deadline:
                return value
            time.sleep(0.05)

    def close(self) -> None:
        with contextlib.suppress(RuntimeError, TimeoutError, OSError):
            self.call("Browser.close")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._read)
        os.close(self._write)
        shutil.rmtree(self._scratch, ignore_errors=True)
