"""The FinHub login path: its own request, checks on what it returns, and per-caller errors.

Login does not borrow a resource's transport: it sends through a transport of its own (the
client's default options, no token) and reads the answer itself, because the vendor answers
both bare and inside the envelope and its ``expiresIn`` cannot be trusted to be sane.

A token is checked when it arrives: one that cannot go into an HTTP header is refused here,
once, as :class:`AuthenticationError`, rather than breaking every later call while cached.
``expiresIn`` that is missing, not a number, zero or negative gets :data:`TOKEN_TTL_FLOOR`
seconds, and anything longer than :data:`TOKEN_TTL_CEILING` is cut to it, so that a burst of
calls costs one login and a bogus lifetime never keeps a token for days.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Final

from fincard_async._generated.api.auth import login as login_op
from fincard_async._generated.models import LoginRequest

from ._exceptions import APIStatusError, AuthenticationError, RateLimitError, ServerError
from ._transport import Transport

__all__ = ["TOKEN_TTL_CEILING", "TOKEN_TTL_FLOOR", "log_in", "token_lifetime"]

TOKEN_TTL_FLOOR: Final = 30.0
TOKEN_TTL_CEILING: Final = 24 * 3600.0


async def log_in(
    transport: Transport, body: LoginRequest, headers: Mapping[str, Any]
) -> tuple[str, float]:
    """Log in once (with the transport's retries); return ``(token, lifetime_seconds)``."""
    request = login_op.build_request(transport=transport, body=body, **headers)
    try:
        answer = await transport.send(request, Any)
    except APIStatusError as error:
        if isinstance(error, (ServerError, RateLimitError)):
            raise
        raise _login_refused(error) from None
    result = _result_of(answer.parsed)
    token = result.get("accessToken")
    if not isinstance(token, str) or not token:
        raise _login_refused(None, "login answered without a token")
    if not _header_safe(token):
        raise _login_refused(None, "login answered a token that cannot be sent in a header")
    return token, token_lifetime(result.get("expiresIn"))


def token_lifetime(raw: object) -> float:
    """Seconds to keep a token, from the server's ``expiresIn``, within floor and ceiling."""
    if isinstance(raw, bool) or not isinstance(raw, (int, float)) or not math.isfinite(raw):
        return TOKEN_TTL_FLOOR
    return min(TOKEN_TTL_CEILING, max(TOKEN_TTL_FLOOR, float(raw)))


def _result_of(payload: Any) -> Mapping[str, Any]:
    if isinstance(payload, dict):
        data = payload.get("data")
        return data if isinstance(data, dict) and "accessToken" not in payload else payload
    return {}


def _header_safe(token: str) -> bool:
    # visible ASCII only: CR/LF would split the header, others are refused by aiohttp
    return all("!" <= char <= "~" for char in token)


def _login_refused(error: APIStatusError | None, reason: str = "") -> AuthenticationError:
    # the server's own words are kept, the credentials never appear
    if error is None:
        return AuthenticationError(reason, status_code=200, operation="login")
    refused = AuthenticationError(
        f"login refused: HTTP {error.status_code} code={error.code!r}: {error.msg or ''}",
        status_code=error.status_code,
        code=error.code,
        msg=error.msg,
        headers=error.headers,
        operation="login",
        request_id=error.request_id,
    )
    refused.hide(error.hidden)  # the email, should the server echo it
    return refused
