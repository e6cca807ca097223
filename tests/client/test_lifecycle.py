"""Session ownership, closing, options that copy instead of mutate."""

from __future__ import annotations

from collections.abc import Callable

import aiohttp
import orjson
import pytest

from fincard_async import (
    ConfigurationError,
    EndUser,
    FincardClient,
    HyperCardConfig,
    RequestOptions,
    Timeout,
)

from .conftest import FakeApi

REGION = "/api/v2.1/fincard/virtual/common/region"


async def test_closed_client_refuses_use(make_client: Callable[..., FincardClient]) -> None:
    client = make_client()
    async with client:
        await client.reference_data.list_regions()
    assert client.is_closed
    with pytest.raises(RuntimeError, match="closed"):
        await client.reference_data.list_regions()


async def test_session_is_created_lazily_on_first_call(
    make_client: Callable[..., FincardClient],
) -> None:
    client = make_client()
    await client.reference_data.list_regions()  # no `async with`: the first call opens it
    await client.aclose()
    await client.aclose()  # idempotent


async def test_injected_session_is_used_but_not_closed(
    make_client: Callable[..., FincardClient], api: FakeApi
) -> None:
    async with aiohttp.ClientSession() as session:
        async with make_client(session=session) as client:
            await client.reference_data.list_regions()
        assert not session.closed
        assert len(api.seen) == 2  # login + call went through the caller's session


async def test_with_options_copies_and_shares_the_session(
    client: FincardClient, api: FakeApi
) -> None:
    other = client.with_options(end_user=EndUser(ip="203.0.113.9", platform="ios"))
    await other.reference_data.list_regions()
    await client.reference_data.list_regions()
    first, second = api.requests(REGION)
    assert first.headers["X-Forwarded-For"] == "203.0.113.9"
    assert first.headers["platform"] == "ios"
    assert second.headers["X-Forwarded-For"] == "127.0.0.1"
    assert api.logins == 1  # the token cache is shared too
    assert other.timeout == client.timeout


async def test_per_call_options_override_context_and_headers(
    client: FincardClient, api: FakeApi
) -> None:
    options = RequestOptions(
        end_user=EndUser(ip="198.51.100.7", platform="android", device_id="dev-1"),
        extra_headers={"X-Trace": "abc"},
    )
    await client.reference_data.list_regions(options=options)
    seen = api.requests(REGION)[0].headers
    assert (seen["X-Forwarded-For"], seen["platform"], seen["deviceId"]) == (
        "198.51.100.7",
        "android",
        "dev-1",
    )
    assert seen["X-Trace"] == "abc"
    assert seen["X-Tenant-ID"] == "T1"
    assert seen["X-Forwarded-From"] == "fincard-async"


async def test_capture_responses_gives_status_and_request_id(
    client: FincardClient,
) -> None:
    with client.capture_responses() as seen:
        await client.reference_data.list_regions()
        await client.reference_data.list_regions()
    assert [(r.operation, r.status_code, r.attempts) for r in seen] == [
        ("login", 200, 1),
        ("listRegions", 200, 1),
        ("listRegions", 200, 1),
    ]


async def test_capture_responses_gives_the_raw_body(client: FincardClient) -> None:
    with client.capture_responses() as seen:
        regions = await client.reference_data.list_regions()
    raw = orjson.loads(seen[-1].body)
    assert [r["code"] for r in raw["data"]] == [r.code for r in regions]
    assert "body" not in repr(seen[-1])  # it may hold personal data


def test_bad_private_key_fails_at_construction(
    make_client: Callable[..., FincardClient],
) -> None:
    pasted_body = "MIICXAIBAAKBgQC" + "x" * 800  # key text without its PEM header lines
    bad = HyperCardConfig(base_url="http://127.0.0.1:1", api_key="M1", private_key=pasted_body)
    with pytest.raises(ConfigurationError) as caught:
        make_client(hypercard=bad)
    assert "MIICXAIBAAKBgQC" not in str(caught.value)


def test_options_are_validated_at_construction() -> None:
    with pytest.raises(ConfigurationError, match="deadline"):
        Timeout(deadline=0)
    with pytest.raises(ConfigurationError, match="at least one"):
        FincardClient()
    with pytest.raises(ConfigurationError, match="platform"):
        EndUser(ip="1.2.3.4", platform="desktop")  # type: ignore[arg-type]
