# Generated from openapi/fincard.yaml by `make generate`: do not edit.
# Fix the spec or templates/ instead; `make check-generated` fails on any hand edit.
"""What every generated operation needs from a transport, and a small standalone aiohttp client.

An operation builds a :class:`PreparedRequest` and hands it to ``Transport.send`` together with
the type of its success answer. ``fincard_async`` supplies a transport with auth, signing,
retries and typed errors; :class:`Client` here is the bare minimum, for direct use of this
package.
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from typing import Any, Literal, Protocol, Self

import aiohttp
import cattrs
import orjson
from attrs import define, field
from cattrs.preconf.orjson import make_converter

from . import errors
from .models import configure_converter
from .types import File, Response

__all__ = ["Client", "Operation", "PreparedRequest", "Transport", "build_form"]

Family = Literal["finhub", "hypercard"]
Auth = Literal["bearer", "signature", "none"]


@define(frozen=True, kw_only=True)
class Operation:
    """Static facts about one operation, taken from the spec."""

    operation_id: str
    method: str
    path: str
    family: Family
    auth: Auth
    multipart: bool = False


@define(kw_only=True)
class PreparedRequest:
    """One call, ready to send: a JSON body (unstructured) or multipart fields."""

    operation: Operation
    headers: dict[str, str]
    json: Any = None
    multipart: list[tuple[str, str | File]] | None = None


class Transport(Protocol):
    """Sends a prepared request; raises on any error, returns only success."""

    @property
    def converter(self) -> cattrs.Converter: ...

    async def send(self, request: PreparedRequest, response_type: Any) -> Response[Any]: ...


def build_form(fields: list[tuple[str, str | File]]) -> aiohttp.FormData:
    """Multipart body for aiohttp; aiohttp picks a random boundary for each one."""
    form = aiohttp.FormData()
    for name, value in fields:
        if isinstance(value, File):
            form.add_field(
                name, value.payload, filename=value.file_name, content_type=value.mime_type
            )
        else:
            form.add_field(name, value)
    return form


@define(kw_only=True)
class Client:
    """A bare aiohttp transport: no auth, no retries. Raises ``errors.*`` on failure.

    Use as ``async with Client(base_url=...) as client``. A session passed in is not closed.
    """

    base_url: str
    headers: Mapping[str, str] = field(factory=dict)
    timeout: aiohttp.ClientTimeout = field(
        factory=lambda: aiohttp.ClientTimeout(total=30, connect=10)
    )
    session: aiohttp.ClientSession | None = None
    converter: cattrs.Converter = field(factory=lambda: configure_converter(make_converter()))
    # Documented errors are raised, never returned: the generator's stock default is False.
    raise_on_unexpected_status: Literal[True] = True
    _owns_session: bool = field(default=False, init=False)

    async def __aenter__(self) -> Self:
        if self.session is None:
            self.session = aiohttp.ClientSession(timeout=self.timeout)
            self._owns_session = True
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: types.TracebackType | None,
    ) -> None:
        if self._owns_session and self.session is not None:
            await self.session.close()
        self.session = None

    async def send(self, request: PreparedRequest, response_type: Any) -> Response[Any]:
        """Send ``request``; structure a 2xx JSON answer into ``response_type``."""
        if self.session is None:
            raise RuntimeError("use the client inside `async with`")
        op = request.operation
        headers = {**self.headers, **request.headers}
        body: Any = None
        if request.multipart is not None:
            body = build_form(request.multipart)
        elif request.json is not None:
            body = orjson.dumps(request.json)
            headers["Content-Type"] = "application/json"
        url = self.base_url.rstrip("/") + op.path
        async with self.session.request(op.method, url, data=body, headers=headers) as resp:
            content = await resp.read()
            if not 200 <= resp.status < 300:
                raise errors.UnexpectedStatus(resp.status, content)
            try:
                parsed = self.converter.structure(orjson.loads(content), response_type)
            except (orjson.JSONDecodeError, cattrs.BaseValidationError) as exc:
                raise errors.ResponseDecodeError(f"{op.operation_id}: {exc}") from exc
            return Response(
                status_code=resp.status,
                headers=dict(resp.headers),
                content=content,
                parsed=parsed,
                request_id=resp.headers.get("X-Request-Id"),
            )
