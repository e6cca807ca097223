"""The vendors' own example payloads, each with the verdict the YAML documents for it.

The payloads follow the vendors' pages as summarised in the team's API reference: HyperCard's
example application omits ``zip_code`` and writes ``doc_no`` as a number and ``poa_type`` as a
string, although its field table says otherwise (D10, D19: the table wins, so the YAML refuses
that example and says so in ``x-fincard-note``); FinHub documents the login answer bare (D1).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

import yaml
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

SPEC: Final = yaml.safe_load((Path(__file__).parents[2] / "openapi" / "fincard.yaml").read_text())
_URI: Final = "urn:vendor-examples"
_REGISTRY: Final = Registry().with_resource(_URI, DRAFT202012.create_resource(SPEC))

HYPERCARD_APPLY_EXAMPLE: Final[dict[str, Any]] = {
    "mc_trade_no": "20240610000001",
    "base_info": {
        "card_type_id": "10001",
        "email": "test@example.com",
        "first_name": "San",
        "last_name": "Zhang",
        "mobile": "13800138000",
        "mobile_code": "+86",
        "user_ip": "127.0.0.1",
        "first_recharge_amount": "100",
    },
    "kyc_info": {
        "address": "1 Test Road",
        "birthday": "1990-01-01",
        "city": "Hong Kong",
        "country_id": "HK",
        "doc_no": 123456789,
        "doc_type": 1,
        "emergency_contact": "Li Si 13800138001",
        "front_doc": "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAA==",
        "gender": 1,
        "mix_doc": "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAA==",
        "nationality_id": "CN",
        "sign_img": "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAA==",
        "state": "Hong Kong",
        "doc_never_expire": 1,
        "poa_type": "2",
    },
}


def _errors(schema: str, instance: Any) -> set[tuple[str, str]]:
    validator = Draft202012Validator(
        {"$ref": f"{_URI}#/components/schemas/{schema}"},
        registry=_REGISTRY,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    found = set()
    for error in validator.iter_errors(instance):
        where = ".".join(str(p) for p in error.absolute_path)
        found.add((where, str(error.validator)))
    return found


def test_hypercard_example_application_is_refused_as_the_yaml_documents() -> None:
    assert _errors("CardApplyRequest", HYPERCARD_APPLY_EXAMPLE) == {
        ("kyc_info", "required"),  # zip_code: the field table requires it (D19)
        ("kyc_info.doc_no", "type"),  # a number; the table says string (D10, D19)
        ("kyc_info.poa_type", "type"),  # a string; the table says integer (D10, D19)
        ("kyc_info.poa_type", "enum"),  # "2" is not the integer 2
    }
    kyc = SPEC["components"]["schemas"]["CardApplyKycInfo"]["properties"]
    assert "D19" in kyc["zip_code"]["x-fincard-note"]
    assert "D19" in kyc["doc_no"]["x-fincard-note"]


def test_the_example_written_as_the_table_says_is_accepted() -> None:
    fixed = {
        **HYPERCARD_APPLY_EXAMPLE,
        "kyc_info": {
            **HYPERCARD_APPLY_EXAMPLE["kyc_info"],
            "doc_no": "123456789",
            "poa_type": 2,
            "zip_code": "999077",
        },
    }
    assert _errors("CardApplyRequest", fixed) == set()


def test_finhub_login_answer_as_documented_bare_is_accepted() -> None:
    bare = {
        "accessToken": "eyJhbGciOiJIUzI1NiJ9.e30.c2ln",
        "tokenType": "Bearer",
        "expiresIn": 3600,
    }
    assert _errors("LoginResponse", bare) == set()


def test_hypercard_card_list_as_observed_is_accepted() -> None:
    answer = {
        "code": "00000",
        "msg": "ok",
        "data": [
            {"card_type_id": "10002", "apply_type": "1", "doc_type": "[1,3]", "need_poa": 0},
            {"card_type_id": "10003", "need_poa": "1", "new_vendor_field": {"any": "thing"}},
        ],
    }
    assert _errors("CardTypeListEnvelope", answer) == set()


def test_finhub_success_without_data_is_refused_and_error_answers_are_their_own_schema() -> None:
    assert _errors("UploadFileEnvelope", {"success": True, "code": 200, "msg": "ok"}) == {
        ("", "required")
    }
    business = {"success": False, "code": -1, "msg": "file size exceeds 2MB", "data": None}
    assert _errors("FinHubErrorEnvelope", business) == set()
    assert _errors("FinHubErrorEnvelope", {"success": True, "code": 200, "msg": "ok"}) == {
        ("", "not")
    }
