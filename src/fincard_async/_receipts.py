"""What a write returns: enough to find the call again (its key, the server's request id)."""

from __future__ import annotations

import attrs

__all__ = ["CardApplyReceipt"]


@attrs.frozen(kw_only=True)
class CardApplyReceipt:
    """The answer to :meth:`Cards.apply <fincard_async._cards.Cards.apply>`.

    Attributes:
        mc_trade_no: the merchant order number the application was sent with (the one given,
            or the one generated): the key to look the application up or to retry it.
        request_id: the server's request id, for support tickets (``None`` if it sent none).
        data: the answer's ``data`` as the server sent it (any JSON value; the vendor does not
            specify it). Left out of the repr: it may hold cardholder data.
    """

    mc_trade_no: str
    request_id: str | None
    data: object = attrs.field(default=None, repr=False)
