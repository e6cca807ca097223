"""Cards (HyperCard): the merchant's card types and the basic-mode card application."""

from __future__ import annotations

from typing import Any

from fincard_api.api.cards import apply_card, list_card_types
from fincard_api.models import (
    CardApplyBaseInfo,
    CardApplyKycInfo,
    CardApplyRequest,
    CardType,
    CardTypeListRequest,
)

from ._config import RequestOptions
from ._order_numbers import MC_TRADE_NO, validate_order_number
from ._resources import Resource

__all__ = ["Cards"]


class Cards(Resource):
    """HyperCard card types and applications."""

    async def list_card_types(
        self, *, card_type_id: str | None = None, options: RequestOptions | None = None
    ) -> list[CardType]:
        """The merchant's card types (``/v5/openapi/card/list``), as the server sent them."""
        answer = await list_card_types.asyncio(
            transport=self._transport(options),
            body=CardTypeListRequest(card_type_id=card_type_id),
            **self._hypercard_headers(),
        )
        return list(answer.data or [])

    async def apply(
        self,
        *,
        base_info: CardApplyBaseInfo,
        kyc_info: CardApplyKycInfo,
        mc_trade_no: str | None = None,
        options: RequestOptions | None = None,
    ) -> Any:
        """Apply for a card (basic mode, v4). Returns the answer's ``data`` (may be None).

        ``mc_trade_no`` is the idempotency key: generated once when not given, reused on every
        retry. A duplicate (A0005) raises :class:`DuplicateRequestError`, never retried.
        """
        if mc_trade_no is None:
            mc_trade_no = self._client.order_numbers.new()
        else:
            low, high = MC_TRADE_NO
            validate_order_number(mc_trade_no, field="mc_trade_no", min_length=low, max_length=high)
        body = CardApplyRequest(mc_trade_no=mc_trade_no, base_info=base_info, kyc_info=kyc_info)
        answer = await apply_card.asyncio(
            transport=self._transport(options, idempotency_key=mc_trade_no),
            body=body,
            **self._hypercard_headers(),
        )
        return answer.data
