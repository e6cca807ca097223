"""HyperCard: signature, timestamp and nonce checks, card types, card applications."""

from __future__ import annotations

import base64
import time
from typing import Any

import orjson
import pytest

from fincard_async._signing import load_private_key, sign_request, signing_headers
from fincard_async.sandbox import Sandbox

from .helpers import JPEG, PDF, PNG, HyperCard

PNG64 = base64.b64encode(PNG).decode("ascii")
JPEG64 = base64.b64encode(JPEG).decode("ascii")
PDF64 = base64.b64encode(PDF).decode("ascii")


def encoded(magic: bytes, raw_size: int) -> str:
    """Base64 of a file of ``raw_size`` bytes starting with ``magic``."""
    return base64.b64encode(magic + b"\x00" * (raw_size - len(magic))).decode("ascii")


def application(trade_no: str = "MC202406100001", **kyc: Any) -> dict[str, Any]:
    kyc_info: dict[str, Any] = {
        "address": "1 Market Street, Apt 5",
        "birthday": "1990-04-12",
        "city": "San Francisco",
        "country_id": "US",
        "doc_no": "X12345678",
        "doc_type": 1,
        "emergency_contact": "John Doe +1 4155550199",
        "front_doc": JPEG64,
        "back_doc": JPEG64,
        "gender": 2,
        "mix_doc": JPEG64,
        "nationality_id": "US",
        "sign_img": PNG64,
        "state": "CA",
        "zip_code": "94105",
        "doc_expire_date": "2031-04-11",
        "doc_never_expire": 0,
    }
    kyc_info.update(kyc)
    return {
        "mc_trade_no": trade_no,
        "base_info": {
            "card_type_id": kyc_info.pop("card_type_id", "10001"),
            "email": "jane.doe@example.com",
            "first_name": "Jane",
            "last_name": "Doe",
            "mobile": "4155550123",
            "mobile_code": "+1",
            "user_ip": "203.0.113.7",
            "first_recharge_amount": "100.00",
        },
        "kyc_info": {key: value for key, value in kyc_info.items() if value is not None},
    }


# -- the gate --------------------------------------------------------------------------------
async def test_a_signed_call_succeeds(hypercard: HyperCard) -> None:
    answer = await hypercard.call("listCardTypes")

    assert answer.status == 200
    assert (answer.body["code"], answer.body["msg"]) == ("00000", "ok")
    assert "X-Request-Id" in answer.headers


async def test_an_unsigned_call_answers_a0001(hypercard: HyperCard) -> None:
    headers = hypercard.signed_headers(b"{}")
    del headers["signature"]

    answer = await hypercard.send("listCardTypes", b"{}", headers)

    assert answer.status == 200
    assert answer.body["code"] == "A0001"


async def test_a_signature_over_other_bytes_answers_a0001(hypercard: HyperCard) -> None:
    headers = hypercard.signed_headers(b'{"card_type_id":"10001"}')

    answer = await hypercard.send("listCardTypes", b'{"card_type_id":"10002"}', headers)

    assert answer.body == {"code": "A0001", "msg": "signature error"}


async def test_a_signature_by_another_key_answers_a0001(
    hypercard: HyperCard, fincard_sandbox: Sandbox
) -> None:
    from fincard_async.sandbox._keys import generate_key_pair

    hypercard.private_key = load_private_key(generate_key_pair()[0])

    answer = await hypercard.call("listCardTypes")

    assert answer.body["code"] == "A0001"


async def test_an_unknown_api_key_answers_a0007(hypercard: HyperCard) -> None:
    headers = signing_headers(api_key="someone-else")
    headers["signature"] = sign_request(
        headers=headers, body=b"{}", private_key=hypercard.private_key
    )

    answer = await hypercard.send("listCardTypes", b"{}", headers)

    assert answer.body["code"] == "A0007"


# 302, not 301: the header holds whole seconds (truncated), so "now + 301" can land less than
# 300 s ahead of the server's clock a moment later (seen once in CI on Python 3.13)
@pytest.mark.parametrize("skew", [-302, 302])
async def test_a_timestamp_outside_the_window_answers_a0002(
    hypercard: HyperCard, skew: int
) -> None:
    headers = hypercard.signed_headers(b"{}", now=time.time() + skew)

    answer = await hypercard.send("listCardTypes", b"{}", headers)

    assert answer.body["code"] == "A0002"


async def test_the_window_follows_the_sandbox_clock(
    hypercard: HyperCard, fincard_sandbox: Sandbox
) -> None:
    fincard_sandbox.advance(3600)
    stale = await hypercard.call("listCardTypes")
    fresh = await hypercard.send(
        "listCardTypes", b"{}", hypercard.signed_headers(b"{}", now=fincard_sandbox.clock.now())
    )

    assert stale.body["code"] == "A0002"
    assert fresh.body["code"] == "00000"


async def test_a_replayed_nonce_answers_a0000(hypercard: HyperCard) -> None:
    headers = hypercard.signed_headers(b"{}")

    first = await hypercard.send("listCardTypes", b"{}", headers)
    replay = await hypercard.send("listCardTypes", b"{}", headers)

    assert first.body["code"] == "00000"
    assert replay.body == {"code": "A0000", "msg": "client error: nonce already used"}


async def test_an_unsupported_version_answers_a0003(hypercard: HyperCard) -> None:
    headers = hypercard.signed_headers(b"{}")
    headers["version"] = "2.0"
    headers["signature"] = sign_request(
        headers=headers, body=b"{}", private_key=hypercard.private_key
    )

    answer = await hypercard.send("listCardTypes", b"{}", headers)

    assert answer.body["code"] == "A0003"
    assert "version" in answer.body["msg"]


@pytest.mark.fincard_sandbox(nested_writer="python-repr")
async def test_the_nested_writer_is_configurable(hypercard: HyperCard) -> None:
    body = orjson.dumps(application())
    compact = hypercard.signed_headers(body)
    python = signing_headers(api_key=hypercard.sandbox.credentials.api_key)
    python["signature"] = sign_request(
        headers=python,
        body=body,
        private_key=hypercard.private_key,
        nested_writer=lambda value: repr(value),
    )

    refused = await hypercard.send("applyCard", body, compact)
    accepted = await hypercard.send("applyCard", body, python)

    assert refused.body["code"] == "A0001"
    assert accepted.body["code"] == "00000"


# -- card types ------------------------------------------------------------------------------
async def test_card_types_come_in_the_vendors_loose_shapes(hypercard: HyperCard) -> None:
    types = {
        item["card_type_id"]: item for item in (await hypercard.call("listCardTypes")).body["data"]
    }

    assert types["10001"]["apply_type"] == 1
    assert types["10002"]["apply_type"] == "1"
    assert types["10002"]["need_poa"] == "1"
    assert types["10002"]["doc_type"] == "[1,3]"
    assert types["10002"]["kyc_nationality_limit_short"] == '["US","GB","CA"]'
    assert types["10001"]["kyc_country_limit_short"] == ""
    assert types["10002"]["kyc_country_limit_short"] == "US,GB"
    assert {types["10001"]["status"], types["10002"]["status"]} == {1, "1"}
    assert "bin_prefix" in types["10001"]  # a field clients do not know


async def test_card_types_filter_by_id(hypercard: HyperCard) -> None:
    answer = await hypercard.call("listCardTypes", {"card_type_id": "10003"})
    nothing = await hypercard.call("listCardTypes", {"card_type_id": "99999"})

    assert [item["card_type_id"] for item in answer.body["data"]] == ["10003"]
    assert nothing.body == {"code": "00000", "msg": "ok", "data": []}


# -- card applications ---------------------------------------------------------------------------
async def test_an_application_is_accepted(hypercard: HyperCard, fincard_sandbox: Sandbox) -> None:
    answer = await hypercard.call("applyCard", application())

    assert answer.body == {
        "code": "00000",
        "msg": "ok",
        "data": {"mc_trade_no": "MC202406100001", "status": "processing"},
    }
    stored = fincard_sandbox.state.applications[("demo-merchant-0001", "MC202406100001")]
    assert stored.card_type_id == "10001"


async def test_a_reused_trade_number_answers_a0005(hypercard: HyperCard) -> None:
    await hypercard.call("applyCard", application())

    answer = await hypercard.call("applyCard", application())

    assert answer.body["code"] == "A0005"


async def test_a_refused_application_does_not_use_up_its_number(hypercard: HyperCard) -> None:
    refused = await hypercard.call("applyCard", application(gender=3))
    accepted = await hypercard.call("applyCard", application())

    assert refused.body["code"] == "A0003"
    assert accepted.body["code"] == "00000"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"doc_expire_date": None}, "doc_expire_date"),
        ({"doc_type": 4}, "doc_type"),
        ({"gender": 3}, "gender"),
        ({"birthday": "1990-13-01"}, "birthday"),
        ({"country_id": "XX"}, "country_id"),
        ({"front_doc": "not base64!"}, "front_doc"),
        ({"front_doc": base64.b64encode(b"GIF89a...").decode()}, "front_doc"),
        ({"poa_doc": base64.b64encode(b"plain text").decode(), "poa_type": 1}, "poa_doc"),
        ({"sign_img": encoded(PNG, 750_000)}, "sign_img"),  # 1,000,000 characters
        ({"mix_doc": encoded(JPEG, 1_500_000)}, "mix_doc"),  # 2,000,000 characters
        ({"poa_type": 1}, "poa_doc"),
        ({"address": "<script>"}, "address"),
    ],
)
async def test_rule_violations_answer_a0003_naming_the_field(
    hypercard: HyperCard, change: dict[str, Any], field: str
) -> None:
    answer = await hypercard.call("applyCard", application(**change))

    assert answer.body["code"] == "A0003"
    assert field in answer.body["msg"]


async def test_images_just_under_the_limits_are_accepted(hypercard: HyperCard) -> None:
    big = encoded(JPEG, 1_499_997)  # 1,999,996 characters
    sign = encoded(PNG, 749_997)  # 999,996 characters
    assert (len(big), len(sign)) == (1_999_996, 999_996)

    answer = await hypercard.call(
        "applyCard", application(front_doc=big, sign_img=sign, poa_type=1, poa_doc=PDF64)
    )

    assert answer.body["code"] == "00000", answer.body["msg"]


async def test_a_permanent_document_needs_no_expiry(hypercard: HyperCard) -> None:
    answer = await hypercard.call(
        "applyCard", application(doc_never_expire=1, doc_expire_date=None)
    )

    assert answer.body["code"] == "00000"


async def test_card_type_rules_apply(hypercard: HyperCard) -> None:
    # 10002: need_poa 1, country US/GB, nationality US/GB/CA, doc types 1 and 3.
    no_poa = await hypercard.call("applyCard", application("T1", card_type_id="10002"))
    wrong_country = await hypercard.call(
        "applyCard",
        application("T2", card_type_id="10002", poa_type=1, poa_doc=PDF64, country_id="DE"),
    )
    accepted = await hypercard.call(
        "applyCard", application("T3", card_type_id="10002", poa_type=1, poa_doc=PDF64)
    )

    assert no_poa.body["code"] == "A0003"
    assert "poa_type" in no_poa.body["msg"]
    assert wrong_country.body["code"] == "A0003"
    assert "country_id" in wrong_country.body["msg"]
    assert accepted.body["code"] == "00000", accepted.body["msg"]


@pytest.mark.parametrize(
    ("card_type_id", "code"), [("99999", "A0003"), ("10009", "A0000"), ("20001", "A0000")]
)
async def test_unknown_retired_or_express_card_types_are_refused(
    hypercard: HyperCard, card_type_id: str, code: str
) -> None:
    answer = await hypercard.call("applyCard", application(card_type_id=card_type_id))

    assert answer.body["code"] == code


@pytest.mark.fincard_sandbox(address_patterns={"10001": r"^[0-9]+ .+$"})
async def test_address_patterns_are_configurable(hypercard: HyperCard) -> None:
    refused = await hypercard.call("applyCard", application("T1", address="Market Street 1"))
    accepted = await hypercard.call("applyCard", application("T2", address="1 Market Street"))

    assert refused.body["code"] == "A0003"
    assert accepted.body["code"] == "00000"


async def test_a_body_that_breaks_the_schema_answers_a0003(hypercard: HyperCard) -> None:
    body = application()
    body["kyc_info"]["doc_no"] = 12345678  # the vendor's example shows a number; the table wins

    answer = await hypercard.call("applyCard", body)

    assert answer.body["code"] == "A0003"
    assert "kyc_info.doc_no" in answer.body["msg"]
