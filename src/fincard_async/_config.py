"""Option objects: credentials per family, the end user's context, timeouts, retries, limits.

All are frozen attrs classes validated at construction, so a bad option fails when the client
is built, not on the first call. Secrets are kept out of every repr.
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from enum import Enum
from typing import Any, Final, Literal
from urllib.parse import urlsplit

import attrs
from attrs import field

from fincard_async._generated.models import HyperCardLang

from ._exceptions import ConfigurationError

__all__ = [
    "NOT_GIVEN",
    "ConnectionLimits",
    "EndUser",
    "FinHubConfig",
    "HyperCardConfig",
    "NotGiven",
    "RequestOptions",
    "RetryPolicy",
    "Timeout",
    "text_problems",
]

Platform = Literal["web", "ios", "android"]


class NotGiven(Enum):
    """Sentinel type for "not given" per-call options, distinct from an explicit ``None``."""

    NOT_GIVEN = "NOT_GIVEN"

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven.NOT_GIVEN


def _number(attribute: attrs.Attribute[Any], value: object) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise ConfigurationError(f"{attribute.name} must be a number, not {type(value).__name__}")
    return value


def _positive(_: Any, attribute: attrs.Attribute[Any], value: float | None) -> None:
    if value is not None and _number(attribute, value) <= 0:
        raise ConfigurationError(f"{attribute.name} must be > 0 (got {value!r})")


def _not_negative(_: Any, attribute: attrs.Attribute[Any], value: float) -> None:
    if _number(attribute, value) < 0:
        raise ConfigurationError(f"{attribute.name} must be >= 0 (got {value!r})")


@attrs.frozen(kw_only=True)
class Timeout:
    """Time limits in seconds. Never "forever": aiohttp's 5-minute default is not used.

    Args:
        connect: to get a connection (pool wait plus TCP/TLS set-up). Default 5 s.
        read: between two reads of the answer. Default 30 s.
        total: one attempt, from start to the last byte. Default 30 s.
        deadline: one call across every attempt and back-off sleep. Default 60 s.
    """

    connect: float = field(default=5.0, validator=_positive)
    read: float = field(default=30.0, validator=_positive)
    total: float = field(default=30.0, validator=_positive)
    deadline: float = field(default=60.0, validator=_positive)


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """How failed calls are retried: bounded, exponential back-off with jitter.

    Args:
        max_retries: attempts after the first one. Default 2.
        initial_delay: back-off before the first retry, doubled each time. Default 0.5 s.
        max_delay: cap on one back-off. Default 8 s.
        max_retry_after: the longest server ``Retry-After`` honoured; a longer one ends the
            retries. Default 30 s.
    """

    max_retries: int = field(default=2, validator=_not_negative)
    initial_delay: float = field(default=0.5, validator=_not_negative)
    max_delay: float = field(default=8.0, validator=_not_negative)
    max_retry_after: float = field(default=30.0, validator=_not_negative)

    @classmethod
    def disabled(cls) -> RetryPolicy:
        """A policy that never retries."""
        return cls(max_retries=0)


@attrs.frozen(kw_only=True)
class ConnectionLimits:
    """Connection pool sizes: total open connections, and per host."""

    max_connections: int = field(default=100, validator=_positive)
    max_connections_per_host: int = field(default=0, validator=_not_negative)
    keepalive_timeout: float = field(default=15.0, validator=_positive)


def _platform(_: Any, __: attrs.Attribute[Any], value: str) -> None:
    if value not in ("web", "ios", "android"):
        raise ConfigurationError(f"platform must be web, ios or android (got {value!r})")


@attrs.frozen(kw_only=True)
class EndUser:
    """The end user a FinHub call acts for: sent as X-Forwarded-For, platform and deviceId."""

    ip: str
    platform: Platform = field(default="web", validator=_platform)
    device_id: str = "server"


def _required_text(_: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ConfigurationError(f"{attribute.name} is required and must be non-empty text")


# CR, LF, NUL and every other control character but tab: what aiohttp refuses in a header
_HEADER_UNSAFE: Final = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def text_problems(value: str, *, header: bool) -> list[tuple[str, str]]:
    """(rule, message) for each reason ``value`` cannot be sent (as a header, if ``header``).

    The messages never quote the value. Read by the settings below and by the per-call
    argument checks (``_inputs``), so both refuse the same text with the same words.
    """
    problems: list[tuple[str, str]] = []
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            problems.append(("encoding", "contains a lone surrogate, which UTF-8 cannot encode"))
    if header and _HEADER_UNSAFE.search(value) is not None:
        message = "contains CR, LF, NUL or another control character, not allowed in a header"
        problems.append(("headerSafe", message))
    return problems


def _header_problem(value: object) -> str | None:
    if not isinstance(value, str):
        return "must be text"
    problems = text_problems(value, header=True)
    return problems[0][1] if problems else None


def _header_text(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    # sent as a header on every call: refused here, not as aiohttp's ValueError at send time
    _required_text(instance, attribute, value)
    problem = _header_problem(value)
    if problem is not None:
        raise ConfigurationError(f"{attribute.name} {problem}")


def _default_end_user(_: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, EndUser):
        raise ConfigurationError(f"{attribute.name} must be an EndUser")
    for name in ("ip", "device_id"):
        problem = _header_problem(getattr(value, name))
        if problem is not None:
            raise ConfigurationError(f"{attribute.name}.{name} {problem}")


def _lang(_: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    # the values the spec documents for the `lang` header (its generated enum lists only those)
    documented = [member.value for member in HyperCardLang]
    if value is not None and value not in documented:
        raise ConfigurationError(f"{attribute.name} must be {', '.join(documented)} or None")


def _regexes(_: Any, attribute: attrs.Attribute[Any], value: Mapping[str, str]) -> None:
    for card_type, pattern in value.items():
        try:
            re.compile(pattern)
        except re.error as exc:
            message = f"{attribute.name}[{card_type!r}] is not a valid regex: {exc}"
            raise ConfigurationError(message) from None


def _base_url(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    """https, or plain http only to this machine unless ``allow_insecure_http`` says so.

    Credentials travel on every call (a password, a bearer token, a signed key id): over plain
    http anyone on the path reads them. Refused here, before any byte is sent.
    """
    _required_text(instance, attribute, value)
    try:
        parts = urlsplit(str(value))
        host = parts.hostname
    except ValueError:
        raise ConfigurationError(f"{attribute.name} is not a valid URL") from None
    if parts.scheme not in ("https", "http") or not host:
        raise ConfigurationError(f"{attribute.name} must be an https:// URL with a host")
    if parts.scheme == "http" and not _is_loopback(host) and not instance.allow_insecure_http:
        raise ConfigurationError(
            f"{attribute.name} uses plain http:// to {host!r}, which would send the credentials "
            "readable by anyone on the path; use https://, or set allow_insecure_http=True"
        )


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _env(name: str) -> str:
    return os.environ.get(name, "")


@attrs.frozen(kw_only=True)
class FinHubConfig:
    """Credentials and context for the FinHub FinCard Virtual API.

    Unset values fall back to the environment: ``FINCARD_FINHUB_BASE_URL``,
    ``FINCARD_FINHUB_EMAIL``, ``FINCARD_FINHUB_PASSWORD``, ``FINCARD_FINHUB_TENANT_ID``.

    Args:
        base_url: e.g. ``https://sandbox.finhub.cloud``.
        email, password, tenant_id: the login credentials.
        forwarded_from: the calling service's name (``X-Forwarded-From``).
        end_user: default end-user context; override per call with ``RequestOptions``.
        token_refresh_margin: log in again this many seconds before the token expires.
        allow_insecure_http: accept a plain ``http://`` base_url to a host other than this
            machine. Off by default: the password and tokens would travel readable.

    Raises:
        ConfigurationError: a value is missing, or one sent as a header (``tenant_id``,
            ``forwarded_from``, the default ``end_user``'s ``ip`` and ``device_id``) holds
            CR, LF or another control character, or text UTF-8 cannot encode.
    """

    base_url: str = field(factory=lambda: _env("FINCARD_FINHUB_BASE_URL"), validator=_base_url)
    email: str = field(factory=lambda: _env("FINCARD_FINHUB_EMAIL"), validator=_required_text)
    password: str = field(
        factory=lambda: _env("FINCARD_FINHUB_PASSWORD"), validator=_required_text, repr=False
    )
    tenant_id: str = field(factory=lambda: _env("FINCARD_FINHUB_TENANT_ID"), validator=_header_text)
    forwarded_from: str = field(default="fincard-async", validator=_header_text)
    end_user: EndUser = field(factory=lambda: EndUser(ip="127.0.0.1"), validator=_default_end_user)
    token_refresh_margin: float = field(default=60.0, validator=_not_negative)
    allow_insecure_http: bool = False


@attrs.frozen(kw_only=True)
class HyperCardConfig:
    """Credentials for the HyperCard open API.

    Unset values fall back to ``FINCARD_HYPERCARD_BASE_URL``, ``FINCARD_HYPERCARD_API_KEY`` and
    ``FINCARD_HYPERCARD_PRIVATE_KEY`` (a PEM path or text).

    Args:
        base_url: e.g. ``https://sandbox.hyperpay.io``.
        api_key: the merchant id (``api-key`` header).
        private_key: the merchant RSA private key: PEM text or bytes, or a path to a PEM file.
        passphrase: for an encrypted private key.
        lang: ``en`` or ``zh-CN``; sent and signed when set.
        nested_writer: how nested objects are written into the signed string
            (``compact-json``, the default, or ``python-repr``).
        address_patterns: per ``card_type_id``, the regex ``kyc_info.address`` must match.
        sign_in_threads: compute signatures in a small thread pool owned by the client, so
            concurrent calls sign in parallel with the event loop. ``None`` (the default): on
            when the process may use more than one CPU; a call alone in flight still signs
            inline, so latency does not grow. ``True``: on even with one CPU. ``False``: off.
        allow_insecure_http: accept a plain ``http://`` base_url to a host other than this
            machine. Off by default: signed requests and KYC data would travel readable.

    Raises:
        ConfigurationError: a value is missing, ``lang`` is not ``en`` or ``zh-CN``, or one
            sent as a header (``api_key``, ``version``) holds CR, LF or another control
            character, or text UTF-8 cannot encode.
    """

    base_url: str = field(factory=lambda: _env("FINCARD_HYPERCARD_BASE_URL"), validator=_base_url)
    api_key: str = field(factory=lambda: _env("FINCARD_HYPERCARD_API_KEY"), validator=_header_text)
    private_key: str | bytes | os.PathLike[str] = field(
        factory=lambda: _env("FINCARD_HYPERCARD_PRIVATE_KEY"), repr=False
    )
    passphrase: str | bytes | None = field(default=None, repr=False)
    lang: Literal["en", "zh-CN"] | None = field(default=None, validator=_lang)
    version: str = field(default="1.0", validator=_header_text)
    nested_writer: str = "compact-json"
    address_patterns: Mapping[str, str] = field(factory=dict, validator=_regexes)
    sign_in_threads: bool | None = None
    allow_insecure_http: bool = False


@attrs.frozen(kw_only=True)
class RequestOptions:
    """Per-call overrides; anything left ``NOT_GIVEN`` uses the client's setting.

    Args:
        timeout: a :class:`Timeout` for this call.
        retry: a :class:`RetryPolicy` for this call.
        end_user: the FinHub end-user context for this call.
        extra_headers: more headers to send (they cannot replace auth or signing headers).
    """

    timeout: Timeout | NotGiven = NOT_GIVEN
    retry: RetryPolicy | NotGiven = NOT_GIVEN
    end_user: EndUser | NotGiven = NOT_GIVEN
    extra_headers: Mapping[str, str] = field(factory=dict)
