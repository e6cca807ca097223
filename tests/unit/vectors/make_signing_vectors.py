"""Derive the HyperCard signing vectors in ``signing.json``: run once, then check in.

The vectors were derived once with this script and are checked in; the tests never regenerate
them, they compare against the JSON. Each case states its canonical string **by hand** below,
and the script refuses to write a vector whose computed canonical string differs, so the JSON
records the intended canonical form, not whatever the code happened to produce.
PKCS#1 v1.5 signatures are deterministic, so each signature is a fixed value.

Usage (from the repository root)::

    .venv/bin/python tests/unit/vectors/make_signing_vectors.py            # reuse the test key
    .venv/bin/python tests/unit/vectors/make_signing_vectors.py --new-key  # new 1024-bit key

The key pair ``test_key.pem``/``test_key.pub.pem`` is a TEST-ONLY key made for these vectors.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from fincard_async._signing import NESTED_WRITERS, canonical_string, load_private_key, sign

HERE = Path(__file__).parent
PRIVATE = HERE / "test_key.pem"
PUBLIC = HERE / "test_key.pub.pem"
OUTPUT = HERE / "signing.json"
BANNER = b"TEST-ONLY key for fincard-async unit tests; never use it anywhere else.\n"

HEADERS = {
    "api-key": "merchant-0001",
    "version": "1.0",
    "timestamp": "1700000000",
    "nonce": "aB3dE5gH7j",
    "lang": "en",
}
TAIL = "nonce=aB3dE5gH7j&timestamp=1700000000&version=1.0"

CASES: list[dict[str, Any]] = [
    {
        "name": "flat body",
        "headers": HEADERS,
        "body": '{"card_type_id":"10001","mc_trade_no":"T20240101000000000001"}',
        "writer": "compact-json",
        "canonical": (
            "api-key=merchant-0001&card_type_id=10001&lang=en"
            f"&mc_trade_no=T20240101000000000001&{TAIL}"
        ),
    },
    {
        "name": "nested base_info and kyc_info, unicode, nested key order as sent",
        "headers": HEADERS,
        "body": (
            '{"mc_trade_no":"01HF3Z8Q9X0000000000000001",'
            '"base_info":{"card_type_id":"10001","email":"zoe@example.com",'
            '"first_name":"Zoë 张","last_name":"Li","mobile":"13800138000","mobile_code":"+86",'
            '"first_recharge_amount":"100.00"},'
            '"kyc_info":{"country_id":"CN","address":"1 Main St","doc_type":1,"gender":2,'
            '"doc_never_expire":1,"front_doc":"aGVsbG8=","birthday":"1990-01-31"}}'
        ),
        "writer": "compact-json",
        "canonical": (
            "api-key=merchant-0001"
            '&base_info={"card_type_id":"10001","email":"zoe@example.com",'
            '"first_name":"Zoë 张","last_name":"Li","mobile":"13800138000","mobile_code":"+86",'
            '"first_recharge_amount":"100.00"}'
            '&kyc_info={"country_id":"CN","address":"1 Main St","doc_type":1,"gender":2,'
            '"doc_never_expire":1,"front_doc":"aGVsbG8=","birthday":"1990-01-31"}'
            f"&lang=en&mc_trade_no=01HF3Z8Q9X0000000000000001&{TAIL}"
        ),
    },
    {
        "name": "empty values dropped at top level only; signature dropped; spacing ignored",
        "headers": {**HEADERS, "lang": ""},
        "body": (
            '{"user_ip": null, "first_recharge_amount": "", "files": [], "extra": {},'
            ' "signature": "bogus", "page": 0, "kyc_info": {"poa_doc": "", "poa_type": null}}'
        ),
        "writer": "compact-json",
        "canonical": (
            'api-key=merchant-0001&kyc_info={"poa_doc":"","poa_type":null}'
            "&nonce=aB3dE5gH7j&page=0&timestamp=1700000000&version=1.0"
        ),
    },
    {
        "name": "booleans, integers, floats and arrays",
        "headers": HEADERS,
        "body": (
            '{"enabled":true,"disabled":false,"page":1,"size":10,"rate":2.5,"delta":-3,'
            '"tags":["a",1,true,null],"opts":{"flag":false,"n":null,"x":1.25}}'
        ),
        "writer": "compact-json",
        "canonical": (
            "api-key=merchant-0001&delta=-3&disabled=false&enabled=true&lang=en&nonce=aB3dE5gH7j"
            '&opts={"flag":false,"n":null,"x":1.25}&page=1&rate=2.5&size=10'
            '&tags=["a",1,true,null]&timestamp=1700000000&version=1.0'
        ),
    },
    {
        "name": "lang absent, header names in any case, names sorted by UTF-8 bytes",
        "headers": {
            "Api-Key": "merchant-0001",
            "VERSION": "1.0",
            "Timestamp": "1700000000",
            "Nonce": "aB3dE5gH7j",
            "Content-Type": "application/json",
        },
        # The body escapes ä as \u00e4; the canonical string holds the decoded character.
        "body": '{"zeta":"z","Zeta":"Z","_under":"u","alpha":"a","\\u00e4rger":"\\u00e4"}',
        "writer": "compact-json",
        "canonical": (
            f"Zeta=Z&_under=u&alpha=a&api-key=merchant-0001&{TAIL}&zeta=z&\u00e4rger=\u00e4"
        ),
    },
    {
        "name": "python-repr writer (reproduces the vendor's Python demo)",
        "headers": HEADERS,
        "body": (
            '{"mc_trade_no":"T1","active":true,"count":3,'
            '"base_info":{"first_name":"Zoë 张","last_name":"O\'Brien","vip":false,"note":null},'
            '"tags":["a",2]}'
        ),
        "writer": "python-repr",
        "canonical": (
            "active=True&api-key=merchant-0001"
            "&base_info={'first_name': 'Zoë 张', 'last_name': \"O'Brien\", 'vip': False,"
            " 'note': None}"
            "&count=3&lang=en&mc_trade_no=T1&nonce=aB3dE5gH7j&tags=['a', 2]"
            "&timestamp=1700000000&version=1.0"
        ),
    },
]


def _write_key_pair() -> None:
    # 1024 bits: the size HyperCard issues, so the vectors exercise the common case.
    key = rsa.generate_private_key(public_exponent=65537, key_size=1024)  # noqa: S505
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    PRIVATE.write_bytes(BANNER + private)
    PUBLIC.write_bytes(BANNER + public)


def _vector(case: dict[str, Any], key: Any) -> dict[str, Any]:
    body = case["body"].encode("utf-8")
    writer = NESTED_WRITERS[case["writer"]]
    canonical = canonical_string(case["headers"], body, nested_writer=writer)
    if canonical != case["canonical"]:
        raise SystemExit(
            f"{case['name']}: computed\n  {canonical}\nexpected\n  {case['canonical']}"
        )
    return {**case, "signature": sign(canonical, key)}


def main() -> None:
    """Check every hand-written canonical string, sign it and write ``signing.json``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--new-key", action="store_true", help="make a new 1024-bit test key")
    if parser.parse_args().new_key or not PRIVATE.exists():
        _write_key_pair()
    key = load_private_key(PRIVATE)
    vectors = [_vector(case, key) for case in CASES]
    document = {
        "comment": (
            "Derived once by make_signing_vectors.py and checked in; tests never rewrite it."
        ),
        "private_key": PRIVATE.name,
        "public_key": PUBLIC.name,
        "vectors": vectors,
    }
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    OUTPUT.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
