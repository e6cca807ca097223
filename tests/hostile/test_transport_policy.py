"""Plain http only to this machine (or by an insecure opt-in); a bad certificate is final."""

from __future__ import annotations

import datetime
import ipaddress
import ssl
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from fincard_async import (
    CertificateError,
    ConfigurationError,
    FincardClient,
    FinHubConfig,
    HyperCardConfig,
    RetryPolicy,
)

KEY = Path(__file__).parents[1] / "unit" / "vectors" / "test_key.pem"


def _finhub(url: str, **extra: Any) -> FinHubConfig:
    return FinHubConfig(base_url=url, email="a@b.c", password="pw-9", tenant_id="T", **extra)


@pytest.mark.parametrize(
    "url", ["http://example.com", "http://10.0.0.8:8080/x", "http://[2001:db8::1]/", "ftp://h/"]
)
def test_plain_http_to_another_host_is_refused_at_construction(url: str) -> None:
    with pytest.raises(ConfigurationError, match="base_url") as info:
        _finhub(url)
    assert "pw-9" not in str(info.value)
    with pytest.raises(ConfigurationError, match="base_url"):
        HyperCardConfig(base_url=url, api_key="M", private_key=KEY)


def test_the_refusal_names_the_opt_in() -> None:
    with pytest.raises(ConfigurationError, match="allow_insecure_http=True"):
        _finhub("http://example.com")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:1",
        "http://127.8.9.10",
        "http://[::1]:8000",
        "http://localhost:8000",
        "https://example.com",
    ],
)
def test_loopback_and_https_are_accepted(url: str) -> None:
    assert _finhub(url).base_url == url
    assert HyperCardConfig(base_url=url, api_key="M", private_key=KEY).base_url == url


def test_the_insecure_opt_in_accepts_plain_http() -> None:
    assert _finhub("http://example.com", allow_insecure_http=True).allow_insecure_http
    config = HyperCardConfig(
        base_url="http://example.com", api_key="M", private_key=KEY, allow_insecure_http=True
    )
    assert config.allow_insecure_http


def _certificate(tmp_path: Path, host: str) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    now = datetime.datetime.now(datetime.UTC)
    san: x509.GeneralName
    try:
        san = x509.IPAddress(ipaddress.ip_address(host))
    except ValueError:
        san = x509.DNSName(host)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([san]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / f"{host}.crt", tmp_path / f"{host}.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


async def _tls_server(cert: Path, key: Path) -> TestServer:
    app = web.Application()

    async def login(_: web.Request) -> web.Response:
        raise AssertionError("a request crossed a connection that failed verification")

    app.router.add_post("/api/auth/login", login)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server(ssl=context)
    return server


@pytest.fixture
def attempts() -> tuple[list[int], aiohttp.TraceConfig]:
    seen: list[int] = []
    trace = aiohttp.TraceConfig()

    async def started(*_: Any) -> None:
        seen.append(1)

    trace.on_request_start.append(started)
    return seen, trace


async def test_an_untrusted_certificate_is_one_attempt_and_a_certificate_error(
    tmp_path: Path, attempts: tuple[list[int], aiohttp.TraceConfig]
) -> None:
    seen, trace = attempts
    server = await _tls_server(*_certificate(tmp_path, "127.0.0.1"))
    try:
        url = f"https://127.0.0.1:{server.port}"
        retry = RetryPolicy(max_retries=3, initial_delay=0, max_delay=0)
        async with FincardClient(finhub=_finhub(url), retry=retry, trace_configs=[trace]) as c:
            with pytest.raises(CertificateError) as info:
                await c.reference_data.list_regions()
    finally:
        await server.close()
    assert len(seen) == 1
    # the caller's own error, chained to the login's (see tests/client for per-caller errors)
    assert info.value.operation == "listRegions"
    assert isinstance(info.value.__cause__, CertificateError)
    assert info.value.__cause__.operation == "login"
    assert "pw-9" not in str(info.value)


async def test_a_host_name_mismatch_is_a_certificate_error_too(
    tmp_path: Path, attempts: tuple[list[int], aiohttp.TraceConfig]
) -> None:
    seen, trace = attempts
    cert, key = _certificate(tmp_path, "fincard.invalid")  # trusted, but for another name
    server = await _tls_server(cert, key)
    context = ssl.create_default_context(cafile=str(cert))
    try:
        url = f"https://127.0.0.1:{server.port}"
        async with aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(ssl=context), trace_configs=[trace]
        ) as session:
            client = FincardClient(finhub=_finhub(url), session=session)
            with pytest.raises(CertificateError):
                await client.reference_data.list_regions()
            await client.aclose()
    finally:
        await server.close()
    assert len(seen) == 1
