"""Tests for the sans-I/O HyperCard signing in ``fincard_async._signing``."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey, RSAPublicKey
from hypothesis import given
from hypothesis import strategies as st

from fincard_async._exceptions import ConfigurationError, ValidationError
from fincard_async._signing import (
    NESTED_WRITERS,
    SIGNED_HEADERS,
    canonical_string,
    compact_json,
    load_private_key,
    load_public_key,
    new_nonce,
    python_repr,
    sign,
    sign_request,
    signing_headers,
    verify,
)

VECTORS_DIR = Path(__file__).parent / "vectors"
VECTORS: list[dict[str, Any]] = json.loads(
    (VECTORS_DIR / "signing.json").read_text(encoding="utf-8")
)["vectors"]
HEADERS = {"api-key": "m1", "version": "1.0", "timestamp": "1700000000", "nonce": "abcdeABCDE"}
PASSPHRASE = "correct horse battery staple"
# TEST-ONLY: a deliberately too short (512-bit) key, to check the size floor.
SMALL_KEY_PEM = b"""-----BEGIN PRIVATE KEY-----
MIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEAtPPr/R+0YcPpxC+q
hf5zGCEj87+PraTE3Got3pmaqLI0Vu59JRb+f0S2+tcwlE8kBFFPlb+1ujoiu31Q
EEqCswIDAQABAkAFkxorEyX4eROjkqBbPmqHTMYRxU4E2HWkILVHDU5hcgaxO+fn
iRALwgWeSisznkG59EXIopQe5Z/1lfjDweZJAiEA6pk62kvRrBz71MIzMTMOurgI
vwCk8otplb4np6LN/jcCIQDFddwQ+l5ahYZ1ZCiQNRGUgivxNlenvBjXpThzVbEB
ZQIhAOSjcjhOrIqRtN4mZr4MhM51jhCZEClSthS6vusiQKEBAiA1uiPu2rDhoIM9
XctLsaTe66xZLZgcI6n+ww3hE+fdoQIhALqQ7d1YxOzl4Ryn+UpFgcEdcpu1hjEN
nAmRsxsJ/im+
-----END PRIVATE KEY-----
"""


@pytest.fixture(scope="module")
def private_key() -> RSAPrivateKey:
    return load_private_key(VECTORS_DIR / "test_key.pem")


@pytest.fixture(scope="module")
def public_key() -> RSAPublicKey:
    return load_public_key(VECTORS_DIR / "test_key.pub.pem")


def _canonical(body: dict[str, Any], headers: dict[str, str] | None = None, **kw: Any) -> str:
    return canonical_string(HEADERS if headers is None else headers, orjson.dumps(body), **kw)


# --- golden vectors ----------------------------------------------------------------------------


def test_vectors_cover_the_required_cases() -> None:
    assert len(VECTORS) >= 6
    assert {v["writer"] for v in VECTORS} == set(NESTED_WRITERS)
    assert any("lang" not in {h.lower() for h in v["headers"]} for v in VECTORS)


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_vector_canonical_and_signature(
    vector: dict[str, Any], private_key: RSAPrivateKey, public_key: RSAPublicKey
) -> None:
    writer = NESTED_WRITERS[vector["writer"]]
    body = vector["body"].encode("utf-8")
    canonical = canonical_string(vector["headers"], body, nested_writer=writer)
    assert canonical == vector["canonical"]
    assert sign(canonical, private_key) == vector["signature"]
    assert verify(canonical, vector["signature"], public_key)
    signature = sign_request(
        headers=vector["headers"], body=body, private_key=private_key, nested_writer=writer
    )
    assert signature == vector["signature"]


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_vector_tampering_fails_verification(
    vector: dict[str, Any], public_key: RSAPublicKey
) -> None:
    writer = NESTED_WRITERS[vector["writer"]]
    body = orjson.loads(vector["body"])
    body["mc_trade_no"] = "tampered"
    canonical = canonical_string(vector["headers"], orjson.dumps(body), nested_writer=writer)
    assert not verify(canonical, vector["signature"], public_key)
    flipped = ("B" if vector["signature"][0] == "A" else "A") + vector["signature"][1:]
    assert not verify(vector["canonical"], flipped, public_key)


# --- canonical string rules --------------------------------------------------------------------


def test_names_sort_by_utf8_bytes() -> None:
    body = {"b": "1", "a": "2", "_": "3", "Z": "4", "é": "5", "A": "6"}
    canonical = _canonical(body, headers={})
    assert canonical == "A=6&Z=4&_=3&a=2&b=1&é=5"


@pytest.mark.parametrize("empty", [None, "", [], {}])
def test_empty_top_level_values_are_dropped(empty: object) -> None:
    assert _canonical({"x": empty, "y": "1"}, headers={}) == "y=1"


@pytest.mark.parametrize(("value", "text"), [(0, "0"), (False, "false"), (0.0, "0.0"), (" ", " ")])
def test_falsy_values_that_are_not_empty_are_kept(value: object, text: str) -> None:
    assert _canonical({"x": value}, headers={}) == f"x={text}"


def test_empty_headers_and_signature_are_dropped() -> None:
    headers = {**HEADERS, "lang": "", "signature": "sig"}
    canonical = _canonical({"signature": "sig", "a": "1"}, headers=headers)
    assert "signature" not in canonical
    assert "lang" not in canonical


def test_unsigned_headers_are_ignored() -> None:
    headers = {"Content-Type": "application/json", "X-Other": "1", "API-KEY": "m1"}
    assert _canonical({}, headers=headers) == "api-key=m1"


def test_nested_values_keep_wire_order_and_nested_empties() -> None:
    body = b'{"o":{"z":1,"a":"","m":[]}}'
    assert canonical_string({}, body) == 'o={"z":1,"a":"","m":[]}'


@pytest.mark.parametrize(
    ("writer", "expected"),
    [
        (compact_json, 'b=true&f=1.5&i=-2&n={"k":false,"v":null,"u":"Zoë"}&s=text'),
        (python_repr, "b=True&f=1.5&i=-2&n={'k': False, 'v': None, 'u': 'Zoë'}&s=text"),
    ],
)
def test_writers_and_scalar_rule(writer: Callable[[Any], str], expected: str) -> None:
    body = {"s": "text", "i": -2, "f": 1.5, "b": True, "n": {"k": False, "v": None, "u": "Zoë"}}
    assert _canonical(body, headers={}, nested_writer=writer) == expected


@pytest.mark.parametrize("body", [b"[]", b"1", b'"s"', b"null", b"not json", b"\xff", b""])
def test_body_must_be_a_json_object(body: bytes) -> None:
    with pytest.raises(ValidationError) as info:
        canonical_string(HEADERS, body)
    assert [(v.path, v.rule) for v in info.value.violations] == [("body", "json-object")]


def test_body_field_named_like_a_signed_header_is_refused() -> None:
    with pytest.raises(ValidationError) as info:
        _canonical({"nonce": "x"})
    assert info.value.violations[0].rule == "reserved-name"


_json_scalars = st.none() | st.booleans() | st.integers() | st.text()
_json_values = st.recursive(
    _json_scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(), children),
    max_leaves=12,
)


@given(_json_values)
def test_compact_json_matches_stdlib(value: Any) -> None:
    assert compact_json(value) == json.dumps(value, separators=(",", ":"), ensure_ascii=False)


_body_names = st.text(min_size=1).filter(lambda name: name not in SIGNED_HEADERS)
_json_leaves = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**64 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
_wire_values = st.recursive(
    _json_leaves,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(), children),
    max_leaves=12,
)


@given(
    body=st.dictionaries(_body_names, _wire_values, max_size=8),
    cases=st.lists(st.booleans(), min_size=len(SIGNED_HEADERS), max_size=len(SIGNED_HEADERS)),
    writer=st.sampled_from(sorted(NESTED_WRITERS)),
)
def test_canonical_never_raises_and_ignores_header_case(
    body: dict[str, Any], cases: list[bool], writer: str
) -> None:
    headers = {name: f"v-{name}" for name in SIGNED_HEADERS}
    mixed = {
        (n.upper() if up else n.title()): v
        for (n, v), up in zip(headers.items(), cases, strict=True)
    }
    raw = orjson.dumps(body)
    expected = canonical_string(headers, raw, nested_writer=NESTED_WRITERS[writer])
    assert canonical_string(mixed, raw, nested_writer=NESTED_WRITERS[writer]) == expected


# --- nonce and headers -------------------------------------------------------------------------


def _counting_rng() -> Callable[[int], bytes]:
    state = iter(range(10**6))
    return lambda n: bytes(next(state) % 256 for _ in range(n))


def test_nonce_length_and_alphabet() -> None:
    for _ in range(200):
        nonce = new_nonce()
        assert len(nonce) == 10
        assert nonce.isascii()
        assert nonce.isalnum()


def test_nonce_is_deterministic_with_injected_rng() -> None:
    assert new_nonce(_counting_rng()) == new_nonce(_counting_rng()) == "ABCDEFGHIJ"


def test_nonce_rejects_biased_bytes() -> None:
    # 248..255 would map onto the first 8 letters twice as often: they must be skipped.
    chunks: Iterator[bytes] = iter([bytes(range(248, 256)) + bytes([61, 0]), bytes(range(20))])
    assert new_nonce(lambda n: next(chunks)) == "9A" + "ABCDEFGH"


def test_nonce_refuses_an_empty_random_source() -> None:
    with pytest.raises(ConfigurationError):
        new_nonce(lambda n: b"")


def test_signing_headers_use_the_injected_clock_and_rng() -> None:
    headers = signing_headers(api_key="m1", now=lambda: 1700000000.99, rng=_counting_rng())
    assert headers == {
        "api-key": "m1",
        "version": "1.0",
        "timestamp": "1700000000",
        "nonce": "ABCDEFGHIJ",
    }
    with_lang = signing_headers(api_key="m1", lang="zh-CN", version="2.0")
    assert with_lang["lang"] == "zh-CN"
    assert with_lang["version"] == "2.0"
    assert set(with_lang) == set(SIGNED_HEADERS)


def test_each_call_gets_a_fresh_nonce() -> None:
    assert signing_headers(api_key="m1")["nonce"] != signing_headers(api_key="m1")["nonce"]


# --- keys --------------------------------------------------------------------------------------


def _pem(key: RSAPrivateKey, fmt: serialization.PrivateFormat, password: str | None) -> bytes:
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(password.encode())
        if password
        else serialization.NoEncryption()
    )
    return key.private_bytes(serialization.Encoding.PEM, fmt, encryption)


@pytest.fixture(scope="module")
def fresh_key() -> RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.mark.parametrize(
    "fmt", [serialization.PrivateFormat.PKCS8, serialization.PrivateFormat.TraditionalOpenSSL]
)
@pytest.mark.parametrize("password", [None, PASSPHRASE])
def test_private_key_formats(
    fresh_key: RSAPrivateKey, fmt: serialization.PrivateFormat, password: str | None
) -> None:
    pem = _pem(fresh_key, fmt, password)
    passphrases: list[str | bytes | None] = [password, password.encode()] if password else [None]
    for passphrase in passphrases:
        loaded = load_private_key(pem, passphrase=passphrase)
        assert loaded.private_numbers() == fresh_key.private_numbers()


def test_private_key_from_str_path_and_pathlike(
    fresh_key: RSAPrivateKey, tmp_path: Path, public_key: RSAPublicKey
) -> None:
    pem = _pem(fresh_key, serialization.PrivateFormat.PKCS8, None)
    path = tmp_path / "key.pem"
    path.write_bytes(pem)
    for source in (pem.decode(), str(path), path):
        assert load_private_key(source).key_size == 2048
    vector_key = load_private_key(str(VECTORS_DIR / "test_key.pem"))
    assert vector_key.public_key().public_numbers() == public_key.public_numbers()


def test_public_key_formats(fresh_key: RSAPrivateKey, tmp_path: Path) -> None:
    public = fresh_key.public_key()
    for fmt in (serialization.PublicFormat.SubjectPublicKeyInfo, serialization.PublicFormat.PKCS1):
        pem = public.public_bytes(serialization.Encoding.PEM, fmt)
        (tmp_path / "pub.pem").write_bytes(pem)
        for source in (pem, pem.decode(), tmp_path / "pub.pem"):
            assert load_public_key(source).public_numbers() == public.public_numbers()


def _assert_no_leak(exc: ConfigurationError, *secrets: str) -> None:
    text = str(exc) + repr(exc)
    assert "BEGIN" not in text
    assert "MII" not in text
    for secret in secrets:
        assert secret not in text


def test_wrong_missing_and_unexpected_passphrase(fresh_key: RSAPrivateKey) -> None:
    encrypted = _pem(fresh_key, serialization.PrivateFormat.PKCS8, PASSPHRASE)
    plain = _pem(fresh_key, serialization.PrivateFormat.PKCS8, None)
    cases: list[tuple[bytes, str | None, str]] = [
        (encrypted, "wrong-passphrase-123", "passphrase is wrong"),
        (encrypted, None, "passphrase is required"),
        (plain, PASSPHRASE, "not encrypted"),
    ]
    for pem, passphrase, reason in cases:
        with pytest.raises(ConfigurationError, match=reason) as info:
            load_private_key(pem, passphrase=passphrase)
        _assert_no_leak(info.value, PASSPHRASE, "wrong-passphrase-123")


def test_bad_key_sources(tmp_path: Path) -> None:
    garbage = "-----BEGIN PRIVATE KEY-----\nMIIsecretsecret\n-----END PRIVATE KEY-----\n"
    headerless = "MIICdgIBADANBgkqhkiG9w0BAQEFAASCAmAwggJcAgEAAoGBAKj34GkxFhD9" * 4
    cases: list[tuple[str | bytes | Path, str]] = [
        (tmp_path / "missing.pem", "could not read"),
        (b"not a key", "not PEM"),
        (garbage, "not a valid PEM key"),
        (garbage.encode(), "not a valid PEM key"),
        (headerless, r"\(value not shown\)"),
        (SMALL_KEY_PEM, "512 bits"),
    ]
    for source, reason in cases:
        with pytest.raises(ConfigurationError, match=reason) as info:
            load_private_key(source)
        _assert_no_leak(info.value, "secretsecret", headerless[:20])


def test_non_rsa_keys_are_refused() -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    with pytest.raises(ConfigurationError, match="not an RSA key"):
        load_private_key(pem)
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    with pytest.raises(ConfigurationError, match="not an RSA key"):
        load_public_key(public)


def test_bad_public_keys() -> None:
    small = serialization.load_pem_private_key(SMALL_KEY_PEM, password=None).public_key()
    small_pem = small.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    with pytest.raises(ConfigurationError, match="512 bits"):
        load_public_key(small_pem)
    with pytest.raises(ConfigurationError, match="not a valid PEM public key") as info:
        load_public_key(SMALL_KEY_PEM)
    _assert_no_leak(info.value)


# --- verify ------------------------------------------------------------------------------------


@pytest.mark.parametrize("signature", ["", "not base64!", "é", "QUJD", "QUJD=="])
def test_verify_is_false_for_malformed_signatures(signature: str, public_key: RSAPublicKey) -> None:
    assert verify("a=1", signature, public_key) is False


def test_verify_with_another_key_is_false(
    private_key: RSAPrivateKey, fresh_key: RSAPrivateKey
) -> None:
    signature = sign("a=1", private_key)
    assert verify("a=1", signature, private_key.public_key())
    assert not verify("a=1", signature, fresh_key.public_key())
