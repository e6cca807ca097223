"""Sans-I/O signing of HyperCard requests (SHA256withRSA over a canonical string).

Everything here is a pure function: no network, and the clock and the randomness are injected
(``now=``, ``rng=``), so fixed vectors can test them. The client calls these **per attempt**:
a retry gets a fresh timestamp and nonce, and the signature always covers the exact body
bytes that go on the wire.

Canonical string (vendor rule, plus our decisions where the vendor is silent):

1. Take the signed headers present (:data:`SIGNED_HEADERS`, names matched case-insensitively,
   written lower-case) and every top-level field of the JSON body, parsed from the exact bytes
   we send, so nested key order is the order on the wire.
2. Drop ``signature`` and empty values: ``None``, ``""``, ``[]`` and ``{}``.
   ``0`` and ``false`` are values, not empty.
3. Sort the names by their UTF-8 bytes and join ``name=value`` pairs with ``&``.

Values are written by one explicit scalar rule:

- ``str``: as is;
- ``int``/``float``: JSON number text (``1``, ``2.5``), whatever the writer;
- everything else (``bool``, ``None``, objects, arrays): the nested-value writer.

The writer is a named, swappable strategy (:data:`NESTED_WRITERS`): :func:`compact_json`
(the default) or :func:`python_repr`, which reproduces the vendor's Python demo.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final, TypeVar

import orjson
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey, RSAPublicKey

from ._exceptions import ConfigurationError, ValidationError

__all__ = [
    "NESTED_WRITERS",
    "SIGNED_HEADERS",
    "NestedWriter",
    "canonical_string",
    "compact_json",
    "load_private_key",
    "load_public_key",
    "new_nonce",
    "python_repr",
    "sign",
    "sign_request",
    "signing_headers",
    "verify",
]

SIGNED_HEADERS: Final = ("api-key", "lang", "nonce", "timestamp", "version")
"""The request headers that take part in the signature (lower-case, as written)."""

NestedWriter = Callable[[Any], str]
"""Writes a non-string, non-number value (object, array, bool, null) into the canonical string."""

_Key = TypeVar("_Key", RSAPrivateKey, RSAPublicKey)

_MIN_KEY_BITS: Final = 1024
_NONCE_ALPHABET: Final = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
_NONCE_LENGTH: Final = 10
_NONCE_BASE: Final = len(_NONCE_ALPHABET)
# 248 = 4 * 62: bytes at or above it are rejected so that ``byte % 62`` stays uniform.
_NONCE_BYTE_LIMIT: Final = 256 - 256 % _NONCE_BASE
_EMPTY_CONTAINERS: Final[tuple[object, ...]] = ("", [], {})


def compact_json(value: Any) -> str:
    """Write ``value`` as compact JSON: separators ``,``/``:``, UTF-8, keys in the given order.

    Equal to ``json.dumps(value, separators=(",", ":"), ensure_ascii=False)``; orjson is used
    for speed, with the stdlib as a fallback for what orjson refuses (integers beyond 64 bits).
    """
    try:
        return orjson.dumps(value).decode("utf-8")
    except TypeError:
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def python_repr(value: Any) -> str:
    """Write ``value`` as Python's ``repr()`` of the decoded JSON, as the vendor's demo does.

    The demo builds the string with ``f"{name}={value}"`` on the decoded body, so objects read
    ``{'a': 1, 'b': True}``, booleans ``True``/``False`` and null ``None``; key order is kept.
    """
    return repr(value)


NESTED_WRITERS: Final[Mapping[str, NestedWriter]] = MappingProxyType(
    {"compact-json": compact_json, "python-repr": python_repr}
)
"""The nested-value writers by name, for configuration files and options."""


def canonical_string(
    headers: Mapping[str, str],
    body: bytes,
    *,
    nested_writer: NestedWriter = compact_json,
) -> str:
    """Build the string to sign from the signed headers and the exact body bytes to be sent.

    Args:
        headers: request headers; only :data:`SIGNED_HEADERS` are used, matched in any case.
        body: the serialised JSON object exactly as it will be sent.
        nested_writer: how objects, arrays, booleans and null are written.

    Raises:
        ValidationError: the body is not a JSON object (rule ``json-object``), or a body field
            has the name of a signed header (rule ``reserved-name``), which would make the
            signature ambiguous.
    """
    fields = _signed_header_fields(headers)
    for name, value in _parse_body(body).items():
        if name in fields:
            message = "a body field cannot be named like a signed header"
            raise ValidationError.single(f"body.{name}", "reserved-name", message)
        fields[name] = value
    pairs = [
        (name, _write_value(value, nested_writer))
        for name, value in fields.items()
        if name != "signature" and not _is_empty(value)
    ]
    pairs.sort(key=lambda pair: pair[0].encode("utf-8"))
    return "&".join(f"{name}={text}" for name, text in pairs)


def _signed_header_fields(headers: Mapping[str, str]) -> dict[str, Any]:
    lowered = {name.lower(): value for name, value in headers.items()}
    return {name: lowered[name] for name in SIGNED_HEADERS if name in lowered}


def _parse_body(body: bytes) -> dict[str, Any]:
    # orjson keeps key order and is strict (UTF-8 only, no NaN), like the bytes we send.
    # It reads integers beyond 64 bits as floats; our serialiser never writes such integers.
    try:
        parsed = orjson.loads(body)
    except orjson.JSONDecodeError:
        parsed = None
    if not isinstance(parsed, dict):
        message = "the request body must be a JSON object"
        raise ValidationError.single("body", "json-object", message)
    return parsed


def _is_empty(value: Any) -> bool:
    # 0 and False compare unequal to "", [] and {}, so they stay: they are values.
    return value is None or value in _EMPTY_CONTAINERS


def _write_value(value: Any, nested_writer: NestedWriter) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return compact_json(value)
    return nested_writer(value)


def load_private_key(
    source: str | bytes | os.PathLike[str],
    *,
    passphrase: str | bytes | None = None,
) -> RSAPrivateKey:
    """Load an RSA private key from PEM text, PEM bytes or a file path.

    PKCS#1 (``BEGIN RSA PRIVATE KEY``) and PKCS#8 (``BEGIN PRIVATE KEY``), encrypted or not.
    A ``str`` is PEM text when it contains ``-----BEGIN``, otherwise a path. Reading a path
    is blocking: load keys when configuring the client, not inside a request.

    Raises:
        ConfigurationError: unreadable file, not PEM, wrong or missing passphrase, not RSA,
            or shorter than 1024 bits. The message never contains key material or passphrase.
    """
    pem = _read_pem(source, "private key")
    password = passphrase.encode("utf-8") if isinstance(passphrase, str) else passphrase
    try:
        key = serialization.load_pem_private_key(pem, password=password)
    except TypeError:
        message = _passphrase_problem(password)
        raise ConfigurationError(message) from None
    except (ValueError, UnsupportedAlgorithm):
        problem = "or the passphrase is wrong" if password is not None else "or it is encrypted"
        message = f"could not load the private key: not a valid PEM key {problem}"
        raise ConfigurationError(message) from None
    if not isinstance(key, RSAPrivateKey):
        raise ConfigurationError("the private key is not an RSA key (SHA256withRSA needs RSA)")
    return _check_size(key, "private key")


def load_public_key(source: str | bytes | os.PathLike[str]) -> RSAPublicKey:
    """Load an RSA public key (``BEGIN PUBLIC KEY`` or ``BEGIN RSA PUBLIC KEY``).

    Accepts PEM text, PEM bytes or a file path, like :func:`load_private_key`.

    Raises:
        ConfigurationError: unreadable file, not a PEM public key, not RSA, or too short.
    """
    pem = _read_pem(source, "public key")
    try:
        key = serialization.load_pem_public_key(pem)
    except (ValueError, UnsupportedAlgorithm):
        message = "could not load the public key: not a valid PEM public key"
        raise ConfigurationError(message) from None
    if not isinstance(key, RSAPublicKey):
        raise ConfigurationError("the public key is not an RSA key (SHA256withRSA needs RSA)")
    return _check_size(key, "public key")


def _read_pem(source: str | bytes | os.PathLike[str], what: str) -> bytes:
    if isinstance(source, bytes):
        pem = source
    elif isinstance(source, str) and "-----BEGIN" in source:
        pem = source.encode("utf-8")
    else:
        pem = _read_key_file(source, what)
    if b"-----BEGIN" not in pem:
        raise ConfigurationError(f"the {what} is not PEM text (no PEM header line found)")
    return pem


def _read_key_file(path: str | os.PathLike[str], what: str) -> bytes:
    shown = _describe_path(path)
    try:
        return Path(path).read_bytes()
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        # from None: the OSError repeats the "path", which may be mistyped key text.
        raise ConfigurationError(f"could not read the {what} file {shown}: {reason}") from None


def _describe_path(path: str | os.PathLike[str]) -> str:
    # A str that is not PEM may be key material pasted wrongly: one base64 line of a key has
    # no newline and looks like a relative path. Shown only when it ends like a key file name,
    # which base64 text cannot ('.' is not in its alphabet).
    text = os.fspath(path)
    plausible = len(text) <= 200 and "\n" not in text and "-----" not in text
    named = text.lower().endswith((".pem", ".key", ".der", ".p8"))
    return repr(text) if plausible and named else "(value not shown)"


def _passphrase_problem(password: bytes | None) -> str:
    if password is None:
        return "the private key is encrypted: a passphrase is required"
    return "a passphrase was given but the private key is not encrypted"


def _check_size(key: _Key, what: str) -> _Key:
    if key.key_size < _MIN_KEY_BITS:
        raise ConfigurationError(
            f"the {what} has {key.key_size} bits; at least {_MIN_KEY_BITS} are required"
        )
    return key


def sign(canonical: str, private_key: RSAPrivateKey) -> str:
    """Sign ``canonical`` (UTF-8) with SHA256withRSA, PKCS#1 v1.5; return standard base64."""
    raw = private_key.sign(canonical.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())
    return base64.b64encode(raw).decode("ascii")


def verify(canonical: str, signature: str, public_key: RSAPublicKey) -> bool:
    """Check a base64 SHA256withRSA signature; ``False`` for any mismatch or malformed input."""
    try:
        raw = base64.b64decode(signature, validate=True)
        public_key.verify(raw, canonical.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, binascii.Error, ValueError, TypeError):
        return False
    return True


def new_nonce(rng: Callable[[int], bytes] = os.urandom) -> str:
    """Return 10 random characters from ``[A-Za-z0-9]``, uniformly (rejection sampling)."""
    chars: list[str] = []
    while len(chars) < _NONCE_LENGTH:
        chunk = rng(2 * _NONCE_LENGTH)
        if not chunk:
            raise ConfigurationError("the random source returned no bytes")
        chars.extend(_NONCE_ALPHABET[b % _NONCE_BASE] for b in chunk if b < _NONCE_BYTE_LIMIT)
    return "".join(chars[:_NONCE_LENGTH])


def signing_headers(
    *,
    api_key: str,
    version: str = "1.0",
    lang: str | None = None,
    now: Callable[[], float] = time.time,
    rng: Callable[[int], bytes] = os.urandom,
) -> dict[str, str]:
    """Build the signed headers for one attempt: a fresh timestamp (seconds) and nonce.

    Returns ``api-key``, ``version``, ``timestamp``, ``nonce``, and ``lang`` when given.
    """
    headers = {
        "api-key": api_key,
        "version": version,
        "timestamp": str(int(now())),
        "nonce": new_nonce(rng),
    }
    if lang is not None:
        headers["lang"] = lang
    return headers


def sign_request(
    *,
    headers: Mapping[str, str],
    body: bytes,
    private_key: RSAPrivateKey,
    nested_writer: NestedWriter = compact_json,
) -> str:
    """Return the ``signature`` header value for ``headers`` and the exact ``body`` bytes.

    Raises:
        ValidationError: see :func:`canonical_string`.
    """
    return sign(canonical_string(headers, body, nested_writer=nested_writer), private_key)
