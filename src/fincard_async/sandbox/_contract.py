"""Contract checks: every request and every answer against the OpenAPI document.

The document is found as the copy shipped in the generated package
(``fincard_async._generated``), else by walking up from this file to the repository's
``openapi/fincard.yaml``. It is parsed and turned into openapi-core objects once per process and
file.

Two adjustments make openapi-core fit a local server without weakening the contract:
server URLs are reduced to their path (the sandbox answers on any host and port), and
multipart binary parts are handed to the schema as text (openapi-core reads them as
``bytes``, which ``type: string`` would refuse).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlparse

import attrs
import yaml
from multidict import CIMultiDict
from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.templating.paths.exceptions import PathError

__all__ = [
    "Contract",
    "ContractViolation",
    "find_spec",
]

logger = logging.getLogger("fincard_async.sandbox")

_SPEC_NAME: Final = "openapi.yaml"
_REPO_SPEC: Final = Path("openapi") / "fincard.yaml"
_MESSAGE_LIMIT: Final = 160
_CACHE_LIMIT: Final = 256


@attrs.frozen(kw_only=True)
class ContractViolation:
    """A request or an answer the OpenAPI document does not allow (a sandbox or spec bug)."""

    operation: str
    status: int
    errors: tuple[str, ...]
    request_id: str | None = None

    def __str__(self) -> str:
        rid = f" [request_id={self.request_id}]" if self.request_id else ""
        return f"{self.operation} -> HTTP {self.status}{rid}: {'; '.join(self.errors)}"


def find_spec() -> Path | None:
    """The OpenAPI document: the generated package's copy, else the repository's."""
    found = importlib.util.find_spec("fincard_async._generated")
    for location in (found.submodule_search_locations or []) if found else []:
        candidate = Path(location) / _SPEC_NAME
        if candidate.is_file():
            return candidate
    for parent in Path(__file__).resolve().parents:
        candidate = parent / _REPO_SPEC
        if candidate.is_file():
            return candidate
    return None


class _Request:
    """The openapi-core view of a request (path, method, headers, raw body)."""

    def __init__(self, path: str, headers: Mapping[str, str], body: bytes, content_type: str):
        self.parameters = RequestParameters(header=CIMultiDict(headers))
        self.host_url = "http://sandbox.local"
        self.path = path
        self.method = "post"
        self.body = body
        self.content_type = content_type


class _Response:
    """The openapi-core view of an answer."""

    def __init__(self, status: int, body: bytes, content_type: str):
        self.status_code = status
        self.data = body
        self.content_type = content_type
        self.headers: CIMultiDict[str] = CIMultiDict()


class Contract:
    """Validates requests and answers; disabled (checks nothing) without a document."""

    def __init__(self, spec_path: Path | None) -> None:
        self.spec_path = spec_path
        self._openapi = _load(spec_path) if spec_path is not None else None
        self._answers_seen: dict[bytes, tuple[str, ...]] = {}

    @property
    def enabled(self) -> bool:
        """Whether a document was loaded."""
        return self._openapi is not None

    def request_errors(
        self, path: str, headers: Mapping[str, str], body: bytes, content_type: str
    ) -> list[str]:
        """Check a request; return the caller's mistakes (answered with the family's error).

        A route the document does not know is not the caller's fault: it shows up as a
        contract violation when the answer is checked.
        """
        if self._openapi is None:
            return []
        if "json" in content_type.lower() and not _utf8(body):
            # JSON is UTF-8 (RFC 8259); openapi-core would fail describing it (an HTTP 500)
            return ["body: is not UTF-8 text"]
        request = _Request(path, headers, body, content_type)
        try:
            return [
                message
                for error in self._openapi.iter_request_errors(request)
                if not isinstance(error, PathError)
                for message in _describe(error)
            ]
        except Exception as exc:
            # openapi-core fails on some malformed bodies (a multipart part without a name is an
            # AssertionError in its deserializer): a body that cannot be read is the caller's
            # mistake, the documented 400, never a 500
            return [f"body: cannot be read ({type(exc).__name__})"]

    def answer_errors(
        self, path: str, status: int, body: bytes, content_type: str
    ) -> tuple[str, ...]:
        """Check an answer; identical answers are checked once (reference data is big)."""
        if self._openapi is None:
            return ()
        key = hashlib.blake2b(
            f"{path}\0{status}\0{content_type}\0".encode() + body, digest_size=16
        ).digest()
        cached = self._answers_seen.get(key)
        if cached is None:
            request = _Request(path, {}, b"", "application/json")
            response = _Response(status, body, content_type)
            errors = self._openapi.iter_response_errors(request, response)
            cached = tuple(message for error in errors for message in _describe(error))
            if len(self._answers_seen) >= _CACHE_LIMIT:
                self._answers_seen.clear()
            self._answers_seen[key] = cached
        return cached


def _utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@functools.lru_cache(maxsize=4)
def _load_cached(path: Path, mtime_ns: int) -> OpenAPI:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    _relative_servers(document)
    media_types = _part_media_types(document) | {"application/octet-stream"}
    deserializers: dict[str, Callable[[bytes], Any]] = dict.fromkeys(media_types, _binary_as_text)
    return OpenAPI.from_dict(document, config=Config(extra_media_type_deserializers=deserializers))


def _load(path: Path) -> OpenAPI:
    resolved = path.resolve()
    return _load_cached(resolved, resolved.stat().st_mtime_ns)


def _relative_servers(node: Any) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "servers" and isinstance(value, list):
                node[key] = [
                    {"url": urlparse(str(server.get("url", "/"))).path or "/"} for server in value
                ]
            else:
                _relative_servers(value)
    elif isinstance(node, list):
        for item in node:
            _relative_servers(item)


def _part_media_types(node: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        encoding = node.get("encoding")
        if isinstance(encoding, dict):
            found.update(
                str(part["contentType"])
                for part in encoding.values()
                if isinstance(part, dict) and "contentType" in part
            )
        for value in node.values():
            found |= _part_media_types(value)
    elif isinstance(node, list):
        for item in node:
            found |= _part_media_types(item)
    return found


def _binary_as_text(value: bytes, **_: str) -> str:
    return value.decode("latin-1")


def _describe(error: Exception) -> Iterator[str]:
    cause = error.__cause__
    schema_errors: Iterable[Any] = getattr(cause, "schema_errors", None) or ()
    where = _where(error)
    described = False
    for schema_error in schema_errors:
        described = True
        yield _schema_message(schema_error, where)
    if not described:
        yield _short(str(error))


def _where(error: Exception) -> str:
    name = getattr(error, "name", None)
    location = getattr(error, "location", None)
    if name and location:
        return f"{location} {name}"
    return "body" if "body" in type(error).__name__.lower() else ""


_PHRASES: Final = {
    "maxLength": "is longer than {} characters",
    "minLength": "is shorter than {} characters",
    "pattern": "does not match {}",
    "enum": "must be one of {}",
    "type": "must be of type {}",
    "format": "is not a valid {}",
    "minimum": "must be at least {}",
    "maximum": "must be at most {}",
    "const": "must be {}",
}


def _deepest(schema_error: Any) -> Any:
    """For a failed ``oneOf``/``anyOf`` (success or error envelope),
    the branch that got furthest."""
    while schema_error.validator in ("oneOf", "anyOf") and schema_error.context:
        schema_error = max(schema_error.context, key=lambda e: len(e.absolute_path))
    return schema_error


def _schema_message(schema_error: Any, where: str) -> str:
    schema_error = _deepest(schema_error)
    parts = [str(part) for part in schema_error.absolute_path]
    field = ".".join(parts) or where or "body"
    validator = schema_error.validator
    if validator == "required":
        missing = str(schema_error.message).split("'")[1:2]
        name = f"{field}.{missing[0]}" if missing and parts else (missing[0] if missing else field)
        return f"{name}: is required"
    phrase = _PHRASES.get(str(validator))
    if phrase is not None:
        return f"{field}: {phrase.format(_short(repr(schema_error.validator_value)))}"
    return f"{field}: {_short(str(schema_error.message))}"


def _short(text: str) -> str:
    return text if len(text) <= _MESSAGE_LIMIT else text[: _MESSAGE_LIMIT - 3] + "..."
