"""Issue 17: no request smuggling against ``modelarts-vizjobs stub serve``.

Each ambiguous request is sent with a second, valid request pipelined behind it on the same
connection; the first must be answered 400 with the JSON error body and the connection closed
before the second is read (RFC 9112 sections 6.1, 6.3, 5.2, 7.1). The server is the documented
command in its own process, its port read from the banner.
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator

import pytest

from modelarts_vizjobs import _config
from modelarts_vizjobs.stub import DEFAULT_PROJECT_ID, DEFAULT_TOKEN
from tests.cli._helpers import stub_serve

JOBS = f"/v1/{DEFAULT_PROJECT_ID}/visualization-jobs".encode()
GET_HEAD = b"GET " + JOBS + b" HTTP/1.1\r\nHost: stub\r\nX-Auth-Token: " + DEFAULT_TOKEN.encode()
SECOND = GET_HEAD + b"\r\n\r\n"
POST_HEAD = b"POST " + JOBS + b" HTTP/1.1\r\nHost: stub\r\nContent-Type: application/json\r\n"


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    """``modelarts-vizjobs stub serve --port 0`` in its own process; the port of its banner."""
    with stub_serve() as (_, exports):
        yield int(exports[_config.ENV_ENDPOINT].rsplit(":", 1)[1])


def exchange(port: int, data: bytes, quiet: float = 1.5) -> tuple[bytes, bool]:
    """Send *data* at once; everything read until the server closes or 1.5 s pass without
    a byte (*quiet*), and whether the server closed the connection."""
    received = b""
    with socket.create_connection(("127.0.0.1", port), timeout=quiet) as connection:
        connection.sendall(data)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                chunk = connection.recv(65536)
            except TimeoutError:
                return received, False
            if not chunk:
                return received, True
            received += chunk
    return received, False


SMUGGLING = {
    "content-length and transfer-encoding": POST_HEAD
    + b"Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    "transfer-encoding then content-length": POST_HEAD
    + b"Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n",
    "two different content-lengths": POST_HEAD
    + b"Content-Length: 2\r\nContent-Length: 4\r\n\r\n{}{}",
    "obs-folded header": GET_HEAD + b"\r\nX-Folded: a\r\n b\r\n\r\n",
    "chunk size not hex": POST_HEAD + b"Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
}


@pytest.mark.parametrize("first", SMUGGLING.values(), ids=SMUGGLING.keys())
def test_an_ambiguous_request_is_refused_and_its_connection_closed(port: int, first: bytes) -> None:
    received, closed = exchange(port, first + SECOND)
    assert closed, received
    assert received.count(b"HTTP/1.1 ") == 1, received  # the pipelined request: never answered
    head, _, body = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 "), head
    assert b"content-type: application/json" in head.lower()
    assert b"connection: close" in head.lower()
    error = json.loads(body)
    assert error["error_code"] == "ModelArts.0101"
    assert error["is_success"] is False


def test_a_valid_request_pipelined_with_another_gets_both_answers(port: int) -> None:
    """The control: the check above would see a second answer if there were one."""
    received, closed = exchange(port, SECOND + SECOND, quiet=0.3)
    assert not closed
    assert received.count(b"HTTP/1.1 200 ") == 2, received
