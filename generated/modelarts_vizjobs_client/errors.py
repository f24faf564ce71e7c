# Generated from openapi/modelarts-vizjobs.yaml by scripts/regenerate.py: do not edit.
# Change the spec or openapi/templates/ and run `python scripts/regenerate.py` instead.

"""Contains shared errors types that can be raised from API functions"""

import httpx


class UnexpectedStatus(Exception):
    """Raised by api functions when the response status an undocumented status and Client.raise_on_unexpected_status is True"""

    def __init__(self, status_code: int, content: bytes, headers: httpx.Headers | None = None):
        self.status_code = status_code
        self.content = content
        self.headers = headers if headers is not None else httpx.Headers()

        super().__init__(
            f"Unexpected status code: {status_code}\n\nResponse content:\n{content.decode(errors='ignore')}"
        )


class MalformedResponse(Exception):
    """Raised by api functions when the body of a documented status does not parse into its model.

    A gateway's HTML page, an empty or truncated body, or JSON of the wrong shape would otherwise
    leak as JSONDecodeError, KeyError or TypeError; the original error is chained as __cause__.
    """

    def __init__(self, status_code: int, content: bytes, headers: httpx.Headers):
        self.status_code = status_code
        self.content = content
        self.headers = headers

        super().__init__(
            f"Malformed response body for status code {status_code}\n\nResponse content:\n{content.decode(errors='ignore')}"
        )


__all__ = ["MalformedResponse", "UnexpectedStatus"]
