"""What handlers share: the live objects of one sandbox, reachable from each request."""

from __future__ import annotations

import random
import re
from collections.abc import Awaitable, Callable

import attrs
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey

from .._signing import NestedWriter
from ._card_types import CardTypeRules
from ._clock import SandboxClock
from ._config import SandboxConfig
from ._contract import Contract, ContractViolation
from ._faults import FaultSet
from ._state import SandboxState

__all__ = ["RUNTIME", "Handler", "Runtime"]

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@attrs.define(kw_only=True)
class Runtime:
    """The live parts of one sandbox."""

    config: SandboxConfig
    clock: SandboxClock
    state: SandboxState
    faults: FaultSet
    contract: Contract
    violations: list[ContractViolation]
    merchant_keys: dict[str, RSAPublicKey]
    card_types: dict[str, CardTypeRules]
    address_patterns: dict[str, re.Pattern[str]]
    nested_writer: NestedWriter
    rng: random.Random

    def record_violation(self, violation: ContractViolation) -> None:
        """Remember a contract violation (tests assert there are none)."""
        self.violations.append(violation)


RUNTIME = web.AppKey("fincard_sandbox_runtime", Runtime)
