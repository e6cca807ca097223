"""Cards (HyperCard): the merchant's card types and the basic-mode card application."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from fincard_async._generated.api.cards import apply_card, list_card_types
from fincard_async._generated.models import (
    CardApplyBaseInfo,
    CardApplyKycInfo,
    CardApplyRequest,
    CardType,
    CardTypeListRequest,
)

from ._cache import TTLCache
from ._card_rules import CardTypeRules, address_violations, card_type_violations
from ._config import RequestOptions
from ._exceptions import APIError, Violation
from ._inputs import check_arguments
from ._receipts import CardApplyReceipt
from ._resources import Resource
from ._validation import SpecValidator, raise_if_any

if TYPE_CHECKING:
    from ._client import FincardClient

__all__ = ["DEFAULT_CARD_TYPES_TTL", "Cards"]

DEFAULT_CARD_TYPES_TTL: Final = 600.0
"""Seconds the merchant card list is kept before :meth:`Cards.card_type_rules` fetches it again."""


class Cards(Resource):
    """HyperCard card types and applications.

    Args:
        client: the owning client.
        card_types_ttl: seconds the card list used for validation is kept (default 10 min).

    The card-list cache and the compiled spec are shared with ``with_options()`` copies.
    """

    def __init__(
        self,
        client: FincardClient,
        *,
        validator: SpecValidator,
        card_types_ttl: float = DEFAULT_CARD_TYPES_TTL,
    ) -> None:
        super().__init__(client, validator=validator)
        self._card_types: TTLCache[str, tuple[CardType, ...]] = TTLCache(
            card_types_ttl, lambda: client._core.clock.monotonic()
        )

    async def list_card_types(
        self, *, card_type_id: str | None = None, options: RequestOptions | None = None
    ) -> list[CardType]:
        """The merchant's card types (``/v5/openapi/card/list``), as the server sent them.

        Never cached; :meth:`card_type_rules` reads a cached copy in clean types.

        Example::

            for card_type in await client.cards.list_card_types():
                print(card_type.card_type_id, card_type.card_type_name)
        """
        check_arguments(self.list_card_types, locals())
        answer = await list_card_types.asyncio(
            transport=self._transport(options),
            body=CardTypeListRequest(card_type_id=card_type_id),
            **self._hypercard_headers(),
        )
        return [*(answer.data or [])]

    async def card_type_rules(
        self, card_type_id: str, *, refresh: bool = False, options: RequestOptions | None = None
    ) -> CardTypeRules | None:
        """The application rules of one card type, or ``None`` when the merchant has no such type.

        The whole card list is fetched once and kept 10 minutes (concurrent callers share one
        request); ``refresh=True`` fetches it now.

        Raises:
            APIResponseValidationError: a rule field of this card type is unreadable (a limit
                we cannot read is never taken for "no limit").

        Example::

            rules = await client.cards.card_type_rules("10002")
            if rules is not None and rules.need_poa:
                ...
        """
        check_arguments(self.card_type_rules, locals())
        if refresh:
            self._card_types.invalidate("all")

        async def load() -> tuple[CardType, ...]:
            return tuple(await self.list_card_types(options=options))

        card_types = await self._card_types.get("all", load)
        found = next((c for c in card_types if c.card_type_id == card_type_id), None)
        return None if found is None else CardTypeRules.from_card_type(found)

    async def apply(
        self,
        *,
        base_info: CardApplyBaseInfo,
        kyc_info: CardApplyKycInfo,
        mc_trade_no: str | None = None,
        validate_with_card_type: bool = True,
        options: RequestOptions | None = None,
    ) -> CardApplyReceipt:
        """Apply for a card (basic mode, v4).

        Returns a :class:`CardApplyReceipt`: the ``mc_trade_no`` sent, the server's request id
        and the answer's ``data``.

        Before anything is sent, the application is checked against the spec (lengths,
        patterns, required fields, ``doc_never_expire``/``poa_type`` conditions), the address
        regex configured for the card type (``HyperCardConfig.address_patterns``) and, with
        ``validate_with_card_type``, the card type's own rules (document types, proof of
        address, country and nationality limits) from the cached card list. All broken rules
        come in one :class:`ValidationError`, whose messages never contain the values.
        The card list read is the only request a failing validation may make.

        ``mc_trade_no`` is the idempotency key: generated once when not given, reused on every
        retry. A duplicate (A0005) raises :class:`DuplicateRequestError`, never retried.

        Raises:
            ValidationError: broken rules; nothing was sent.
            DuplicateRequestError: ``mc_trade_no`` was used already.

        Example::

            encode = fincard_async.encode_kyc_image
            kyc = CardApplyKycInfo(
                front_doc=(await encode("passport.jpg", field="front_doc", auto_fit=True)).data,
                mix_doc=(await encode("selfie.jpg", field="mix_doc", auto_fit=True)).data,
                sign_img=(await encode("signature.png", field="sign_img")).data,
                doc_type=1, doc_no="X1234567", doc_never_expire=DocNeverExpire(1), ...
            )
            receipt = await client.cards.apply(base_info=CardApplyBaseInfo(...), kyc_info=kyc)
            print(receipt.mc_trade_no, receipt.request_id)
        """
        check_arguments(self.apply, locals())
        violations: list[Violation] = []
        if mc_trade_no is None:
            mc_trade_no = self._client.order_numbers.new()
        body = CardApplyRequest(mc_trade_no=mc_trade_no, base_info=base_info, kyc_info=kyc_info)
        wire = self._client._core.converter.unstructure(body)
        violations += await self._validator.violations("applyCard", wire)
        violations += await self._card_type_check(wire, validate_with_card_type, violations)
        raise_if_any(violations, operation="applyCard")
        answer = await apply_card.asyncio_detailed(
            transport=self._transport(options, idempotency_key=mc_trade_no),
            body=body,
            **self._hypercard_headers(),
        )
        return CardApplyReceipt(
            mc_trade_no=mc_trade_no, request_id=answer.request_id, data=answer.parsed.data
        )

    async def _card_type_check(
        self, wire: dict[str, Any], with_card_type: bool, found_so_far: list[Violation]
    ) -> list[Violation]:
        base, kyc = wire.get("base_info") or {}, wire.get("kyc_info") or {}
        card_type_id = base.get("card_type_id")
        patterns = self._client._require_hypercard().address_patterns
        found = address_violations(card_type_id, kyc.get("address"), patterns)
        if not with_card_type or not isinstance(card_type_id, str) or not card_type_id:
            return found
        try:
            rules = await self.card_type_rules(card_type_id)
        except APIError as error:
            # report what is known; the card list failure is the cause, not the news
            raise_if_any([*found_so_far, *found], operation="applyCard", cause=error)
            raise
        return found + card_type_violations(base, kyc, rules)
