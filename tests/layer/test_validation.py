"""Pre-flight validation through the public client: every violation at once, no values, no I/O."""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp.test_utils import TestServer
from sample_applications import base_info, kyc_info

from fincard_async import APIStatusError, ValidationError
from fincard_async._generated.models import (
    CardApplyBaseInfo,
    CardApplyKycInfo,
    DocNeverExpire,
    PoaType,
)
from fincard_async._validation import SpecValidator

from .conftest import FakeFinHub, FakeHyperCard, open_client

SECRET = "SECRET123"
IMAGE = "iVBORw0KGgo="  # base64 text; the content is the server's business
ADDRESS = r"^[A-Za-z0-9][A-Za-z0-9 ,.'#/()-]{4,255}$"
CARD_TYPES: list[dict[str, Any]] = [
    {
        "card_type_id": "10002",
        "apply_type": "1",
        "doc_type": "[1,3]",
        "need_poa": "1",
        "support_poa_type": "1",
        "kyc_country_limit_short": "US,GB",
        "kyc_nationality_limit_short": '["US","GB","CA"]',
        "status": "1",
        "monthly_fee": "1.50",
    },
    {"card_type_id": "20001", "apply_type": 2, "doc_type": "1", "need_poa": 0},
]


def _base(**changes: Any) -> CardApplyBaseInfo:
    return base_info(**{"card_type_id": "10002", **changes})


def _kyc(**changes: Any) -> CardApplyKycInfo:
    # card type 10002 needs a proof of address
    return kyc_info(**{"poa_type": PoaType(1), "poa_doc": IMAGE, **changes})


def _rules(error: ValidationError) -> set[tuple[str, str]]:
    return {(v.path, v.rule) for v in error.violations}


async def test_a_work_order_with_many_mistakes_lists_them_all_and_sends_nothing(
    finhub: FakeFinHub, finhub_server: TestServer
) -> None:
    async with open_client(finhub_server=finhub_server) as client:
        with pytest.raises(ValidationError) as caught:
            await client.work_orders.submit(
                title="",
                target=SECRET * 40,
                trade_type="CARD_BLOCK",
                content=SECRET * 200,
                merchant_order_no=SECRET,
            )
    assert _rules(caught.value) == {
        ("title", "minLength"),
        ("target", "maxLength"),
        ("tradeType", "enum"),
        ("content", "maxLength"),
        ("merchantOrderNo", "minLength"),
        ("merchantOrderNo", "pattern"),
    }
    assert SECRET not in str(caught.value)
    assert caught.value.operation == "submitWorkOrder"
    assert sum(finhub.calls.values()) == 0  # not even a login


async def test_a_valid_work_order_is_sent(finhub: FakeFinHub, finhub_server: TestServer) -> None:
    async with open_client(finhub_server=finhub_server) as client:
        order = await client.work_orders.submit(
            title="Activate", target="4111111111111111", trade_type="CARD_ACTIVE"
        )
    assert order.order_no == "P1"
    assert finhub.calls["submitWorkOrder"] == 1


async def test_an_application_with_many_mistakes_lists_them_all_without_values(
    hypercard: FakeHyperCard, hypercard_server: TestServer
) -> None:
    hypercard.card_types = CARD_TYPES
    kyc = _kyc(
        doc_no=SECRET * 20,
        birthday=f"{SECRET}-01",
        country_id="FR",
        nationality_id="fr",
        doc_type=2,
        address=f"#{SECRET}",
        doc_never_expire=DocNeverExpire(0),
        poa_type=None,
        poa_doc=None,
    )
    base = _base(email=f"{SECRET}-at-example", mobile="12")
    async with open_client(
        hypercard_server=hypercard_server, address_patterns={"10002": ADDRESS}
    ) as client:
        with pytest.raises(ValidationError) as caught:
            await client.cards.apply(base_info=base, kyc_info=kyc, mc_trade_no=f"{SECRET}!")
    assert _rules(caught.value) == {
        ("mc_trade_no", "pattern"),
        ("base_info.email", "format"),
        ("base_info.email", "pattern"),
        ("base_info.mobile", "minLength"),
        ("base_info.mobile", "pattern"),
        ("kyc_info.doc_no", "maxLength"),
        ("kyc_info.birthday", "pattern"),
        ("kyc_info.nationality_id", "pattern"),
        ("kyc_info.doc_expire_date", "required"),
        ("kyc_info.address", "address-regex"),
        ("kyc_info.doc_type", "doc-type-supported"),
        ("kyc_info.poa_type", "poa-type-required"),
        ("kyc_info.country_id", "country-limit"),
        ("kyc_info.nationality_id", "nationality-limit"),
    }
    assert SECRET not in str(caught.value)
    assert SECRET not in repr(caught.value.violations)
    messages = {v.path: v.message for v in caught.value.violations}
    assert messages["kyc_info.doc_expire_date"] == "is required when doc_never_expire is 0"
    assert messages["kyc_info.doc_no"] == "must be at most 128 characters"
    assert messages["kyc_info.country_id"] == "must be one of GB, US for this card type"
    assert hypercard.calls == {"listCardTypes": 1}  # the (cached) card list, never the apply


async def test_the_spec_condition_on_poa_type_is_reported_with_its_condition(
    hypercard: FakeHyperCard, hypercard_server: TestServer
) -> None:
    async with open_client(hypercard_server=hypercard_server) as client:
        with pytest.raises(ValidationError) as caught:
            await client.cards.apply(
                base_info=_base(), kyc_info=_kyc(poa_doc=None), validate_with_card_type=False
            )
    [violation] = caught.value.violations
    assert (violation.path, violation.rule) == ("kyc_info.poa_doc", "required")
    assert violation.message == "is required when poa_type is 1"
    assert hypercard.calls == {}


async def test_without_card_type_rules_nothing_is_read_or_sent_on_failure(
    hypercard: FakeHyperCard, hypercard_server: TestServer
) -> None:
    async with open_client(
        hypercard_server=hypercard_server, address_patterns={"10002": ADDRESS}
    ) as client:
        with pytest.raises(ValidationError) as caught:
            await client.cards.apply(
                base_info=_base(),
                kyc_info=_kyc(address="#", country_id="FR"),
                validate_with_card_type=False,
            )
    assert _rules(caught.value) == {("kyc_info.address", "address-regex")}
    assert hypercard.calls == {}


async def test_a_valid_application_is_sent(
    hypercard: FakeHyperCard, hypercard_server: TestServer
) -> None:
    hypercard.card_types = CARD_TYPES
    async with open_client(
        hypercard_server=hypercard_server, address_patterns={"10002": ADDRESS}
    ) as client:
        answer = await client.cards.apply(base_info=_base(), kyc_info=_kyc())
        await client.cards.apply(base_info=_base(), kyc_info=_kyc(doc_type=3, country_id="GB"))
    assert answer.data == {"status": "processing"}
    assert hypercard.calls == {"listCardTypes": 1, "applyCard": 2}


@pytest.mark.parametrize(
    ("card_type_id", "expected"),
    [
        ("99999", ("base_info.card_type_id", "card-type-known")),
        ("20001", ("base_info.card_type_id", "apply-type-basic")),
    ],
)
async def test_the_card_type_itself_is_checked(
    hypercard: FakeHyperCard,
    hypercard_server: TestServer,
    card_type_id: str,
    expected: tuple[str, str],
) -> None:
    hypercard.card_types = CARD_TYPES
    async with open_client(hypercard_server=hypercard_server) as client:
        with pytest.raises(ValidationError) as caught:
            await client.cards.apply(
                base_info=_base(card_type_id=card_type_id), kyc_info=_kyc(poa_type=PoaType(1))
            )
    assert expected in _rules(caught.value)
    assert hypercard.calls["applyCard"] == 0


async def test_a_failing_card_list_still_reports_the_static_mistakes(
    hypercard: FakeHyperCard, hypercard_server: TestServer
) -> None:
    hypercard.list_fails = True
    async with open_client(hypercard_server=hypercard_server) as client:
        with pytest.raises(ValidationError) as caught:
            await client.cards.apply(base_info=_base(mobile="1"), kyc_info=_kyc())
        assert isinstance(caught.value.__cause__, APIStatusError)
        with pytest.raises(APIStatusError):  # nothing static to report: the failure shows
            await client.cards.apply(base_info=_base(), kyc_info=_kyc())
    assert _rules(caught.value) == {
        ("base_info.mobile", "minLength"),
        ("base_info.mobile", "pattern"),
    }
    assert hypercard.calls["applyCard"] == 0


async def test_a_small_valid_body_is_remembered_and_a_bad_one_is_refused_every_time() -> None:
    validator = SpecValidator()
    assert await validator.violations("listCities", {"regionCode": "SG"}) == []
    assert await validator.violations("listCities", {"regionCode": "SG"}) == []
    assert ("listCities", b'{"regionCode":"SG"}') in validator._valid_bodies
    for _ in range(2):  # a refusal is never remembered as valid
        found = await validator.violations("listCities", {"regionCode": "sg"})
        assert [(v.path, v.rule) for v in found] == [("regionCode", "pattern")]
    # the verdict belongs to the operation: the same bytes are judged again elsewhere
    assert ("listCityTree", b'{"regionCode":"SG"}') not in validator._valid_bodies


async def test_a_whole_valid_request_is_remembered_and_a_bad_header_is_refused_every_time() -> None:
    validator = SpecValidator()
    good = {"X-Tenant-ID": "t", "X-Forwarded-For": "203.0.113.7", "X-Forwarded-From": "x"}
    body = {"regionCode": "SG"}
    assert await validator.request_violations("listCities", good, body) == []
    assert len(validator._valid_requests) == 1
    bad = {**good, "X-Forwarded-For": "not an address"}
    for _ in range(2):  # a refusal is never remembered, and the header is checked each time
        found = await validator.request_violations("listCities", bad, body)
        assert [(v.path, v.rule) for v in found] == [("header.X-Forwarded-For", "anyOf")]
    assert len(validator._valid_requests) == 1
