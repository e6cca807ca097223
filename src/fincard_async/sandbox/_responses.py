"""Answers of both families: JSON bodies, envelopes, and the failures handlers raise."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

import orjson
from aiohttp import web

__all__ = [
    "FINHUB_OK_MSG",
    "FinHubFailure",
    "HyperCardFailure",
    "finhub_envelope",
    "finhub_error",
    "finhub_ok",
    "hypercard_envelope",
    "hypercard_error",
    "json_response",
]

FINHUB_OK_MSG: Final = "success"
_ABSENT: Final = object()


class FinHubFailure(Exception):
    """Raised inside FinHub handlers; answered as ``{success: false, code, msg, data: null}``."""

    def __init__(self, status: int, code: int, msg: str) -> None:
        super().__init__(msg)
        self.status = status
        self.code = code
        self.msg = msg


class HyperCardFailure(Exception):
    """Raised inside HyperCard handlers; answered as HTTP 200 ``{code, msg}``."""

    def __init__(self, code: str, msg: str) -> None:
        super().__init__(msg)
        self.code = code
        self.msg = msg


def json_response(
    payload: Any,
    *,
    status: int = 200,
    headers: Mapping[str, str] | None = None,
) -> web.Response:
    """A JSON answer; the body is serialised once, with orjson."""
    return web.Response(
        body=orjson.dumps(payload),
        status=status,
        content_type="application/json",
        headers=headers,
    )


def finhub_envelope(*, success: bool, code: int, msg: str, data: Any) -> dict[str, Any]:
    """The FinHub envelope ``{success, code, msg, data}``."""
    return {"success": success, "code": code, "msg": msg, "data": data}


def finhub_ok(data: Any) -> web.Response:
    """A FinHub success: HTTP 200, ``success: true``, ``code: 200``."""
    return json_response(finhub_envelope(success=True, code=200, msg=FINHUB_OK_MSG, data=data))


def finhub_error(
    status: int,
    code: int,
    msg: str,
    *,
    headers: Mapping[str, str] | None = None,
) -> web.Response:
    """A FinHub failure envelope with ``data: null``."""
    body = finhub_envelope(success=False, code=code, msg=msg, data=None)
    return json_response(body, status=status, headers=headers)


def hypercard_envelope(code: str, msg: str, data: Any = _ABSENT) -> dict[str, Any]:
    """The HyperCard envelope ``{code, msg, data?}``; ``data`` is left out unless given."""
    body: dict[str, Any] = {"code": code, "msg": msg}
    if data is not _ABSENT:
        body["data"] = data
    return body


def hypercard_error(
    code: str,
    msg: str,
    *,
    status: int = 200,
    headers: Mapping[str, str] | None = None,
) -> web.Response:
    """A HyperCard failure: HTTP 200 (by default) with a non-``00000`` code."""
    return json_response(hypercard_envelope(code, msg), status=status, headers=headers)
