"""In-memory stores of one sandbox: tokens, files, work orders, card applications, nonces."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Any

import attrs

__all__ = [
    "CardApplication",
    "SandboxState",
    "StoredFile",
    "Token",
    "WorkOrder",
]


@attrs.define(kw_only=True)
class Token:
    """A FinHub bearer token."""

    value: str = attrs.field(repr=False)
    tenant_id: str
    email: str
    expires_at: float


@attrs.define(kw_only=True)
class StoredFile:
    """An uploaded file (kind detected from its content)."""

    file_id: str
    tenant_id: str
    category: str
    kind: str
    size: int
    filename: str | None
    content: bytes = attrs.field(repr=False)
    created_ms: int


@attrs.define(kw_only=True)
class WorkOrder:
    """A FinHub work order. Its status follows the clock unless pinned (``pinned_status``)."""

    order_no: str
    tenant_id: str
    merchant_order_no: str
    title: str
    target: str
    content: str | None
    trade_type: str
    files: tuple[str, ...]
    created_at: float
    sequence: int
    pinned_status: str | None = None
    pinned_remark: str | None = None
    pinned_at: float | None = None

    def request_fields(self) -> dict[str, Any]:
        """The submitted fields, to tell an idempotent replay from a conflicting one."""
        return {
            "title": self.title,
            "target": self.target,
            "content": self.content,
            "tradeType": self.trade_type,
            "files": list(self.files),
        }


@attrs.define(kw_only=True)
class CardApplication:
    """A HyperCard card application."""

    mc_trade_no: str
    api_key: str
    card_type_id: str
    status: str
    created_at: float
    body: dict[str, Any] = attrs.field(repr=False)


class SandboxState:
    """Everything a sandbox remembers. Tests may read and change it directly."""

    def __init__(self) -> None:
        self.tokens: dict[str, Token] = {}
        self.files: dict[str, StoredFile] = {}
        self.work_orders: dict[str, WorkOrder] = {}
        self.applications: dict[tuple[str, str], CardApplication] = {}
        self._by_merchant_no: dict[tuple[str, str], WorkOrder] = {}
        self._by_tenant: dict[str, list[WorkOrder]] = {}
        self._nonces: dict[tuple[str, str], float] = {}
        self._sequence = 0

    # -- tokens ---------------------------------------------------------------------------
    def issue_token(self, *, tenant_id: str, email: str, expires_at: float) -> Token:
        """Create a random opaque token."""
        token = Token(
            value=secrets.token_urlsafe(32), tenant_id=tenant_id, email=email, expires_at=expires_at
        )
        self.tokens[token.value] = token
        return token

    def revoke_token(self, value: str) -> bool:
        """Forget a token; ``True`` if it existed."""
        return self.tokens.pop(value, None) is not None

    def expire_all_tokens(self) -> None:
        """Forget every token (every caller gets 401 next)."""
        self.tokens.clear()

    # -- work orders ----------------------------------------------------------------------
    def next_sequence(self) -> int:
        """A strictly increasing number that orders work orders by creation."""
        self._sequence += 1
        return self._sequence

    def add_work_order(self, order: WorkOrder) -> None:
        """Store a new work order."""
        self.work_orders[order.order_no] = order
        self._by_merchant_no[(order.tenant_id, order.merchant_order_no)] = order
        self._by_tenant.setdefault(order.tenant_id, []).append(order)

    def work_order_by_merchant_no(self, tenant_id: str, merchant_order_no: str) -> WorkOrder | None:
        """The tenant's work order with this ``merchantOrderNo``, if any."""
        return self._by_merchant_no.get((tenant_id, merchant_order_no))

    def tenant_work_orders(self, tenant_id: str) -> Sequence[WorkOrder]:
        """The tenant's work orders in creation order (do not modify the sequence)."""
        return self._by_tenant.get(tenant_id, [])

    def pin_work_order_status(
        self, order_no: str, status: str, *, remark: str | None = None, at: float | None = None
    ) -> None:
        """Fix a work order's status (e.g. ``fail`` with a remark) instead of the timed walk."""
        order = self.work_orders[order_no]
        order.pinned_status = status
        order.pinned_remark = remark
        order.pinned_at = at

    # -- HyperCard ------------------------------------------------------------------------
    def use_nonce(self, api_key: str, nonce: str, *, now: float, window: float) -> bool:
        """Record a nonce; ``False`` if it was already used within the window."""
        if len(self._nonces) > 10_000:
            self._forget_nonces(older_than=now - 2 * window)
        key = (api_key, nonce)
        seen_at = self._nonces.get(key)
        if seen_at is not None and now - seen_at <= 2 * window:
            return False
        self._nonces[key] = now
        return True

    def _forget_nonces(self, *, older_than: float) -> None:
        self._nonces = {key: at for key, at in self._nonces.items() if at >= older_than}
