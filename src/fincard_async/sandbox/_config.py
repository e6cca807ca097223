"""Settings of a sandbox: users, merchants, limits, timings, faults and strictness."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

import attrs

from .._signing import NESTED_WRITERS
from ._card_types import DEFAULT_ADDRESS_PATTERNS, DEFAULT_CARD_TYPES
from ._faults import FaultRule

__all__ = [
    "DEFAULT_CITY_COUNTRIES",
    "DEMO_API_KEY",
    "DEMO_EMAIL",
    "DEMO_PASSWORD",
    "DEMO_TENANT_ID",
    "Merchant",
    "SandboxConfig",
    "SandboxUser",
]

DEMO_EMAIL: Final = "demo@example.com"
# A demo-only credential of the local sandbox, printed by its CLI on purpose.
DEMO_PASSWORD: Final = "demo-password"  # noqa: S105
DEMO_TENANT_ID: Final = "tenant-demo"
DEMO_API_KEY: Final = "demo-merchant-0001"

DEFAULT_CITY_COUNTRIES: Final = (
    "US", "CN", "GB", "DE", "CA", "AU", "JP", "FR", "BR", "IN", "ES", "IT", "PH", "ID",
)  # fmt: skip

WORK_ORDER_STATUSES: Final = frozenset({"wait_process", "processing", "success", "fail"})


@attrs.frozen(kw_only=True)
class SandboxUser:
    """A FinHub user that can log in."""

    email: str
    password: str = attrs.field(repr=False)
    tenant_id: str


@attrs.frozen(kw_only=True)
class Merchant:
    """A HyperCard merchant: its ``api-key`` and the public key that verifies its signatures.

    ``public_key_pem=None`` means the sandbox's own demo key pair.
    """

    api_key: str
    public_key_pem: str | None = None


def _check_writer(_: object, __: attrs.Attribute[str], value: str) -> None:
    if value not in NESTED_WRITERS:
        raise ValueError(f"unknown nested writer {value!r}; known: {', '.join(NESTED_WRITERS)}")


def _check_flow(_: object, __: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]) -> None:
    if not value or set(value) - WORK_ORDER_STATUSES:
        raise ValueError(f"status_flow must be made of {sorted(WORK_ORDER_STATUSES)}")


def _check_patterns(_: object, __: attrs.Attribute[Any], value: Mapping[str, str]) -> None:
    for card_type_id, pattern in value.items():
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"bad address regex for card type {card_type_id}: {exc}") from None


_positive = attrs.validators.gt(0)


@attrs.frozen(kw_only=True)
class SandboxConfig:
    """How a sandbox behaves. Every field has a working default.

    Args:
        users: FinHub users that can log in (default: one demo user).
        token_ttl_seconds: ``expiresIn`` of issued tokens.
        login_envelope: answer ``login`` wrapped in the envelope (``False``: the bare form).
        page_size_cap: larger ``pageSize`` values are silently capped, as real servers do.
        status_step_seconds: a work order moves one step along ``status_flow`` this often.
        status_flow: the statuses a work order walks through.
        upload_max_bytes: the largest accepted upload (2,000,000 bytes).
        city_countries: countries whose subdivisions make the city lists.
        city_tree_size: pad the city tree with synthetic nodes up to this many (benchmarks).
        merchants: HyperCard merchants (default: one demo merchant using the demo key).
        private_key_pem: the demo key pair's private key; ``None`` generates one per process.
        timestamp_window_seconds: accepted distance of the HyperCard ``timestamp`` from now.
        nested_writer: canonical-string writer for nested values (``compact-json``,
            ``python-repr``).
        card_types: card types served by ``listCardTypes``, in the vendor's loose shapes.
        address_patterns: address regex per ``card_type_id``.
        seed: seeds fault probabilities and generated order numbers.
        faults: fault rules active from the start.
        strict: the pytest fixture fails a test that caused contract violations.
        validate_contract: check requests and answers against the OpenAPI document.
        spec_path: the OpenAPI document (default: the shipped copy, else the repository's).
        frozen_time: stop the clock at this epoch second (default: wall time).
    """

    users: tuple[SandboxUser, ...] = (
        SandboxUser(email=DEMO_EMAIL, password=DEMO_PASSWORD, tenant_id=DEMO_TENANT_ID),
    )
    token_ttl_seconds: int = attrs.field(default=3600, validator=_positive)
    login_envelope: bool = True
    page_size_cap: int = attrs.field(default=100, validator=_positive)
    status_step_seconds: float = attrs.field(default=60.0, validator=attrs.validators.gt(0.0))
    status_flow: tuple[str, ...] = attrs.field(
        default=("wait_process", "processing", "success"), validator=_check_flow
    )
    upload_max_bytes: int = attrs.field(default=2_000_000, validator=_positive)
    city_countries: tuple[str, ...] = DEFAULT_CITY_COUNTRIES
    city_tree_size: int | None = None
    merchants: tuple[Merchant, ...] = (Merchant(api_key=DEMO_API_KEY),)
    private_key_pem: str | None = attrs.field(default=None, repr=False)
    timestamp_window_seconds: int = attrs.field(default=300, validator=_positive)
    nested_writer: str = attrs.field(default="compact-json", validator=_check_writer)
    card_types: tuple[Mapping[str, Any], ...] = DEFAULT_CARD_TYPES
    address_patterns: Mapping[str, str] = attrs.field(
        factory=lambda: dict(DEFAULT_ADDRESS_PATTERNS), validator=_check_patterns
    )
    seed: int | None = None
    faults: tuple[FaultRule, ...] = ()
    strict: bool = True
    validate_contract: bool = True
    spec_path: str | None = None
    frozen_time: float | None = None

    def __attrs_post_init__(self) -> None:
        if not self.users:
            raise ValueError("a sandbox needs at least one user")
        if not self.merchants:
            raise ValueError("a sandbox needs at least one merchant")
