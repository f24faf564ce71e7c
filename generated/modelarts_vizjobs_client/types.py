# Generated from openapi/modelarts-vizjobs.yaml by scripts/regenerate.py: do not edit.
# Change the spec or openapi/templates/ and run `python scripts/regenerate.py` instead.

"""Contains some shared types for properties, and the path-segment guard of every endpoint"""

from collections.abc import Mapping, MutableMapping
from http import HTTPStatus
from typing import IO, BinaryIO, Generic, Literal, TypeVar
from urllib.parse import quote

from attrs import define, field


class Unset:
    def __bool__(self) -> Literal[False]:
        return False


UNSET: Unset = Unset()

# The types that `httpx.Client(files=)` can accept, copied from that library.
FileContent = IO[bytes] | bytes | str
FileTypes = (
    # (filename, file (or bytes), content_type)
    tuple[str | None, FileContent, str | None]
    # (filename, file (or bytes), content_type, headers)
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
RequestFiles = list[tuple[str, FileTypes]]


@define
class File:
    """Contains information for file uploads"""

    payload: BinaryIO
    file_name: str | None = None
    mime_type: str | None = None

    def to_tuple(self) -> FileTypes:
        """Return a tuple representation that httpx will accept for multipart/form-data"""
        return self.file_name, self.payload, self.mime_type


T = TypeVar("T")


def _known_status(status_code: int) -> HTTPStatus | int:
    """HTTPStatus for the codes it knows, the plain int otherwise (499, 520, 599 are not errors)."""
    try:
        return HTTPStatus(status_code)
    except ValueError:
        return status_code


def path_segment(name: str, value: object) -> str:
    """Percent-encode one path parameter, refusing values that would change the request's path.

    The one rule for a path segment: the SDK runtime (``modelarts_vizjobs._config.path_segment``)
    applies this same function after its own argument checks. httpx removes "." and ".." as dot
    segments and "" leaves an empty segment, so such a value would send the request to another
    resource (".." as a job id addresses the project). Only a str is taken: str() would send None,
    True or b"10" as "None", "True" or "b'10'" (TypeError instead); a str that is not valid
    UTF-8 (a lone surrogate) cannot be sent (ValueError).
    """
    if not isinstance(value, str):
        raise TypeError(f"path parameter {name!r} must be a str, not {type(value).__name__}")
    if value in ("", ".", ".."):
        raise ValueError(
            f"path parameter {name!r} must not be {value!r}: it would change the request path"
        )
    try:
        return quote(value, safe="")
    except UnicodeEncodeError:
        raise ValueError(f"path parameter {name!r} is not valid Unicode (lone surrogate)") from None


@define
class Response(Generic[T]):
    """A response from an endpoint"""

    status_code: HTTPStatus | int = field(converter=_known_status)
    content: bytes
    headers: MutableMapping[str, str]
    parsed: T | None


__all__ = ["UNSET", "File", "FileTypes", "RequestFiles", "Response", "Unset", "path_segment"]
