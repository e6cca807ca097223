"""The scenarios: what each one runs, for which contenders, and how it is scored."""

from __future__ import annotations

import asyncio
import base64
import functools
import json
import random
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Final

import attrs
import orjson
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

from fincard_async import Clock, encode_kyc_image
from fincard_async._conversion import make_converter
from fincard_async._generated.models import (
    CardApplyBaseInfo,
    CardApplyKycInfo,
    CardApplyRequest,
    DocNeverExpire,
    Gender,
)
from fincard_async._signing import canonical_string, sign, sign_request, signing_headers

from . import _contenders as c
from ._measure import Sample, measure, run_concurrently, time_sync
from ._plan import Plan
from ._server import ROOT, ServerHandle

__all__ = [
    "CATALOGUE",
    "TOKEN_LIFETIME",
    "Metric",
    "Scenario",
    "apply_body",
    "call_scenario",
    "cores_key",
    "hostile_scenario",
    "kyc_scenario",
    "rss_scenario",
    "signing_scenario",
    "token_scenario",
    "walk_scenario",
]


@attrs.frozen
class Metric:
    """How a sample is scored."""

    unit: str
    score: Callable[[Sample], float]
    higher_is_better: bool


CALLS_PER_S = Metric("calls/s", lambda s: s.count / s.wall, higher_is_better=True)
CPU_MS_PER_CALL = Metric("client CPU ms/call", lambda s: 1e3 * s.cpu / s.count, False)
WALL_S = Metric("wall s", lambda s: s.wall, higher_is_better=False)
US_PER_OP = Metric("µs/op", lambda s: 1e6 * s.wall / s.count, higher_is_better=False)
MS_PER_OP = Metric("ms/op", lambda s: 1e3 * s.wall / s.count, higher_is_better=False)
WALL_MS = Metric("wall ms", lambda s: 1e3 * s.wall, higher_is_better=False)
RSS_GROWTH_MB = Metric("peak RSS growth MB", lambda s: s.extra["growth_mb"], False)


@attrs.define(kw_only=True)
class Scenario:
    """One scenario's definition and, once run, its samples."""

    key: str
    title: str
    what: str
    metric: Metric
    contenders: list[str]
    baseline: str | None = c.AIOHTTP_JSON
    uses_server: bool = True
    samples: list[Sample] = attrs.field(factory=list)
    notes: list[str] = attrs.field(factory=list)


def _tiny(family: str, concurrency: int) -> tuple[str, str]:
    return f"tiny-{family}-c{concurrency}", f"Tiny {family} call at concurrency {concurrency}"


def cores_key(bits: int, concurrency: int) -> str:
    """The key of a HyperCard scenario with the client free on every core."""
    return f"cores-hypercard-{bits}-c{concurrency}"


def _cores_title(bits: int, concurrency: int) -> str:
    return f"HyperCard call, client on every core, {bits}-bit key, concurrency {concurrency}"


CALL_CONTENDERS: Final = [c.AIOHTTP_JSON, c.AIOHTTP_ORJSON, c.STOCK, c.SDK]
# signing inline on the loop vs in the SDK's threads, all against the raw client signing inline
CORE_ROWS: Final = [c.AIOHTTP_JSON_SIGNED, c.SDK_SIGN_INLINE, c.SDK_SIGN_THREADS]
CORE_BITS: Final = (1024, 2048)
CORE_CONCURRENCY: Final = (1, 64)  # keys of Plan.core_calls
HYPERCARD_EXTRA: Final = [c.AIOHTTP_JSON_SIGNED, c.SDK_2048]
SIGN_ROWS: Final = [
    "fincard-async signer, 1024-bit key",
    "fincard-async signer, 2048-bit key",
    "canonical string only",
    "RSA SHA256 sign only, 1024-bit key",
    "RSA SHA256 sign only, 2048-bit key",
    "fincard-async signer, 1024-bit key, body with KYC images",
    "fincard-async signer, 2048-bit key, body with KYC images",
]
KYC_ROWS: Final = ["stdlib base64.b64encode, inline", "fincard-async encode_kyc_image"]
TOKEN_ROWS: Final = [
    "fincard-async, token expired before the burst",
    "fincard-async, cold client (burst races the first login)",
]
RSS_ROWS: Final = [
    "fincard-async paginator, a tenth of the records",
    "fincard-async paginator, all records",
    "fincard-async, all records materialised in a list",
]

CATALOGUE: Final[dict[str, tuple[str, list[str]]]] = {
    **{
        _tiny(f, n)[0]: (
            _tiny(f, n)[1],
            CALL_CONTENDERS + (HYPERCARD_EXTRA if f == "hypercard" else []),
        )
        for f in ("hypercard", "finhub")
        for n in (1, 16, 64)
    },
    "regions-c16": ("Country list at concurrency 16", CALL_CONTENDERS),
    "city-tree-c4": ("City tree at concurrency 4 (client CPU)", CALL_CONTENDERS),
    "walk": ("Walking the work orders, 100 per page", CALL_CONTENDERS),
    "token": ("Concurrent calls racing one login", TOKEN_ROWS),
    "signing": ("Signing HyperCard requests", SIGN_ROWS),
    "kyc": ("Encoding a 1.4 MB KYC image", KYC_ROWS),
    "rss": ("Peak RSS while paging work orders", RSS_ROWS),
    **{
        cores_key(bits, n): (_cores_title(bits, n), CORE_ROWS)
        for bits in CORE_BITS
        for n in CORE_CONCURRENCY
    },
    "hostile": ("Refusing hostile answers (client CPU; peak RSS growth below)", []),
}
"""Every scenario key with its title and the contenders (rows) of its table."""


def _scenario(key: str, what: str, metric: Metric, **options: Any) -> Scenario:
    title, contenders = CATALOGUE[key]
    return Scenario(
        key=key, title=title, what=what, metric=metric, contenders=list(contenders), **options
    )


def _rotated(items: Sequence[Any], by: int) -> list[Any]:
    # each round starts with another contender, so none always runs first (or last)
    shift = by % len(items)
    return [*items[shift:], *items[:shift]]


Operation = Callable[[c.Contender], Callable[[], Awaitable[object]]]


async def call_scenario(
    key: str,
    what: str,
    *,
    plan: Plan,
    server: ServerHandle,
    contenders: Sequence[c.Contender],
    operation: Operation,
    calls: int,
    concurrency: int,
    metric: Metric = CALLS_PER_S,
    baseline: str = c.AIOHTTP_JSON,
) -> Scenario:
    """``calls`` calls of ``operation`` at ``concurrency``, interleaved per round."""
    scenario = _scenario(key, what, metric, baseline=baseline)
    for contender in contenders:  # warm-up: connections opened, hooks compiled
        async with asyncio.timeout(plan.call_limit):
            await run_concurrently(operation(contender), min(calls, 2 * concurrency), concurrency)
    for r in range(plan.rounds):
        for contender in _rotated(contenders, r):
            run = functools.partial(run_concurrently, operation(contender), calls, concurrency)
            sample = await measure(contender.name, r, run, server=server, limit=plan.call_limit)
            scenario.samples.append(sample)
            if 0 <= sample.requests < calls:
                raise RuntimeError(
                    f"{key}: {contender.name} made {sample.requests} requests for {calls} calls "
                    "(a cache answered): the bench must measure calls that go over HTTP"
                )
    return scenario


async def walk_scenario(
    *, plan: Plan, server: ServerHandle, contenders: Sequence[c.Contender]
) -> Scenario:
    """Every work order, page by page: raw loops are sequential, the SDK prefetches."""
    what = (
        f"{plan.walk_records:,} work orders at {plan.page_size} per page "
        f"({plan.walk_records // plan.page_size} pages); wall time of the whole walk"
    )
    scenario = _scenario("walk", what, WALL_S)
    for contender in contenders:
        async with asyncio.timeout(plan.call_limit):  # warm-up, and a check of the count
            seen = await contender.walk(plan.page_size)
        if seen != plan.walk_records:
            raise RuntimeError(f"{contender.name} walked {seen} of {plan.walk_records} records")
    for r in range(plan.rounds):
        for contender in _rotated(contenders, r):
            run = functools.partial(contender.walk, plan.page_size)
            sample = await measure(contender.name, r, run, server=server, limit=plan.call_limit)
            scenario.samples.append(sample)
    via = next((x.walk_via for x in contenders if isinstance(x, c.SdkContender)), "")
    scenario.notes.append(f"fincard-async walked through `{via}`, prefetching one page ahead.")
    return scenario


TOKEN_LIFETIME: Final = 3600
"""Seconds of ``expiresIn`` the bench server answers a login with (FinHub's own lifetime)."""


class _SkippingClock:
    """Real monotonic time plus a skip: moving it forward is the client idling that long.

    Given to the SDK through its public ``clock=`` option. The client reads all of its time
    from this one clock (token lifetime, caches, call deadlines), so a skip between calls is
    indistinguishable, to the client, from having idled; the burst itself runs in real time.
    """

    def __init__(self) -> None:
        self.skipped = 0.0

    def monotonic(self) -> float:
        return time.monotonic() + self.skipped


async def token_scenario(*, plan: Plan, server: ServerHandle, private_key: str) -> Scenario:
    """A burst of FinHub calls finding the token expired (or absent) shares one login."""
    what = (
        f"{plan.token_burst:,} concurrent `list_cities` calls; the server counts logins "
        f"(expected: exactly 1 per burst). Expired: one call logs in (`expiresIn: "
        f"{TOKEN_LIFETIME}`), then the client's clock (the public `clock=` option) is moved "
        f"{TOKEN_LIFETIME + 1:,} s forward, as if the client had idled past the token's "
        "lifetime: the whole burst finds the token expired. Cold: a new client, no token yet."
    )
    scenario = _scenario("token", what, WALL_MS, baseline=None)
    expired, cold = TOKEN_ROWS
    for r in range(plan.rounds):
        scenario.samples.append(await _burst(plan, server, private_key, expired, r, "expiring"))
        scenario.samples.append(await _burst(plan, server, private_key, cold, r, "cold"))
    return scenario


async def _burst(
    plan: Plan, server: ServerHandle, key: str, row: str, r: int, tenant: str
) -> Sample:
    await server.reset_logins(tenant)
    endpoints = _Endpoints(server.tenant_url(tenant), server.url)
    clock = _SkippingClock()
    async with c.sdk_client(endpoints, key, clock=Clock(monotonic=clock.monotonic)) as client:
        cities = client.reference_data.list_cities
        fresh = c.fresh(cities)
        if row == TOKEN_ROWS[0]:
            await cities(region_code="SG", **fresh)  # logs in
            clock.skipped = TOKEN_LIFETIME + 1.0  # the token has expired
        before = (await server.stats()).logins[tenant]

        async def burst() -> int:
            calls = [cities(region_code="SG", **fresh) for _ in range(plan.token_burst)]
            await asyncio.gather(*calls)
            return plan.token_burst

        sample = await measure(row, r, burst, server=server, limit=plan.call_limit)
        logins = (await server.stats()).logins[tenant] - before
    return attrs.evolve(sample, extra={"logins": logins})


@attrs.frozen
class _Endpoints:
    finhub_url: str
    hypercard_url: str


def apply_body(*, with_images: bool) -> bytes:
    """A realistic ``applyCard`` body, serialised the way the SDK serialises it.

    Without images, the KYC image fields hold short placeholders; with them, they hold
    base64 of the sizes a real application sends (1.4 MB front, 150 kB mix, 20 kB signature).
    """
    rng = random.Random(6)

    def image(size: int) -> str:
        if not with_images:
            return "iVBORw0KGgo="
        return base64.b64encode(b"\xff\xd8\xff\xe0" + rng.randbytes(size - 4)).decode()

    request = CardApplyRequest(
        mc_trade_no="MC20240610120000000001",
        base_info=CardApplyBaseInfo(
            card_type_id="10001",
            email="zoe.li@example.com",
            first_name="Zoë",
            last_name="Li",
            mobile="5551234567",
            mobile_code="+1",
            user_ip="203.0.113.7",
            first_recharge_amount="100.00",
        ),
        kyc_info=CardApplyKycInfo(
            address="1 Main Street, Apartment 4B",
            birthday="1990-01-31",
            city="Austin",
            country_id="US",
            doc_no="P12345678",
            doc_type=1,
            emergency_contact="Ann Li +1 555 0100",
            front_doc=image(1_400_000),
            gender=Gender.VALUE_2,
            mix_doc=image(150_000),
            nationality_id="US",
            sign_img=image(20_000),
            state="TX",
            zip_code="73301",
            doc_never_expire=DocNeverExpire.VALUE_1,
        ),
    )
    return orjson.dumps(make_converter().unstructure(request))


def signing_scenario(*, plan: Plan, keys: dict[int, RSAPrivateKey]) -> Scenario:
    """Pure signing cost per request: headers, canonical string, SHA256withRSA."""
    small, large = apply_body(with_images=False), apply_body(with_images=True)
    what = (
        f"{plan.sign_count:,} signatures per run over an `applyCard` body of {len(small):,} "
        f"bytes (KYC images as placeholders); {plan.sign_with_images_count:,} over a body "
        f"of {len(large):,} bytes with the images. The signer is what the SDK runs per "
        "attempt: fresh timestamp and nonce, canonical string over the exact bytes, RSA."
    )
    scenario = _scenario("signing", what, US_PER_OP, baseline=None, uses_server=False)
    canonical = canonical_string(signing_headers(api_key=c.API_KEY), small)

    def signer(key: RSAPrivateKey, body: bytes, count: int) -> Callable[[], int]:
        def run() -> int:
            for _ in range(count):
                headers = signing_headers(api_key=c.API_KEY)
                headers["signature"] = sign_request(headers=headers, body=body, private_key=key)
            return count

        return run

    def canonical_only() -> int:
        for _ in range(plan.sign_count):
            canonical_string(signing_headers(api_key=c.API_KEY), small)
        return plan.sign_count

    def rsa_only(key: RSAPrivateKey) -> Callable[[], int]:
        def run() -> int:
            for _ in range(plan.sign_count):
                sign(canonical, key)
            return plan.sign_count

        return run

    n, m = plan.sign_count, plan.sign_with_images_count
    runs = dict(
        zip(
            SIGN_ROWS,
            [
                signer(keys[1024], small, n),
                signer(keys[2048], small, n),
                canonical_only,
                rsa_only(keys[1024]),
                rsa_only(keys[2048]),
                signer(keys[1024], large, m),
                signer(keys[2048], large, m),
            ],
            strict=True,
        )
    )
    for r in range(plan.rounds):
        for row in _rotated(SIGN_ROWS, r):
            scenario.samples.append(time_sync(row, r, runs[row]))
    return scenario


async def kyc_scenario(*, plan: Plan) -> Scenario:
    """``encode_kyc_image`` on a 1.4 MB JPEG (checks, then base64 off the loop)."""
    image = b"\xff\xd8\xff\xe0" + random.Random(7).randbytes(1_400_000 - 4)
    what = (
        f"{len(image):,}-byte JPEG as `front_doc`, {plan.kyc_calls} calls per run. The SDK "
        "checks format and size and encodes in a worker thread (the loop stays free); the "
        "baseline encodes inline, blocking the loop."
    )
    scenario = _scenario("kyc", what, MS_PER_OP, baseline=KYC_ROWS[0], uses_server=False)

    def inline() -> int:
        for _ in range(plan.kyc_calls):
            base64.b64encode(image).decode("ascii")
        return plan.kyc_calls

    async def sdk() -> int:
        for _ in range(plan.kyc_calls):
            encoded = await encode_kyc_image(image, field="front_doc")
        assert encoded.raw_size == len(image)
        return plan.kyc_calls

    for r in range(plan.rounds):
        for row in _rotated(KYC_ROWS, r):
            if row == KYC_ROWS[0]:
                scenario.samples.append(time_sync(row, r, inline))
            else:
                scenario.samples.append(
                    await measure(row, r, sdk, server=None, limit=plan.call_limit)
                )
    return scenario


def rss_scenario(*, plan: Plan, server: ServerHandle, private_key: str) -> Scenario:
    """Peak RSS growth in a fresh process: paging vs materialising the whole list."""
    small = plan.rss_records // 10
    what = (
        f"Each run is a fresh `python -m bench._rss` process: after imports, set-up and login "
        "the RSS high-water mark is reset to the current RSS (`/proc/self/clear_refs`), then "
        "the peak (`VmHWM`; `ru_maxrss` where /proc is missing) is read after paging "
        f"{small:,} or {plan.rss_records:,} records through "
        f"the SDK paginator ({plan.page_size} per page, prefetching), or after collecting all "
        f"{plan.rss_records:,} into a list."
    )
    scenario = _scenario("rss", what, RSS_GROWTH_MB, baseline=RSS_ROWS[2], uses_server=False)
    jobs = {
        RSS_ROWS[0]: ("rss-small", "paginate"),
        RSS_ROWS[1]: ("rss", "paginate"),
        RSS_ROWS[2]: ("rss", "materialise"),
    }
    for r in range(min(plan.rounds, 2)):
        for row in _rotated(RSS_ROWS, r):
            tenant, mode = jobs[row]
            job = {
                "finhub_url": server.tenant_url(tenant),
                "hypercard_url": server.url,
                "private_key": private_key,
                "mode": mode,
                "page_size": plan.page_size,
            }
            result = _run_rss(job, timeout=plan.call_limit)
            extra = {k: float(v) for k, v in result.items() if isinstance(v, int | float)}
            scenario.samples.append(
                Sample(
                    contender=row,
                    round=r,
                    wall=float(result["wall"]),
                    cpu=float(result["cpu"]),
                    count=int(result["records"]),
                    extra=extra,
                )
            )
    scenario.notes.append(f"fincard-async paged through `{result['via']}`.")
    scenario.notes.append(
        "`ru_maxrss` is shown but not scored: across `exec` Linux carries the forking "
        "parent's peak into it (the harness's own size), which hides any growth below that."
    )
    if not result["peak_reset"]:
        scenario.notes.append(
            "The high-water mark could not be reset here: growth is measured against the "
            "start-up peak and may read 0."
        )
    return scenario


def hostile_scenario(*, plan: Plan) -> Scenario:
    """CPU and peak RSS growth of one SDK call refusing each hostile answer (issue 11)."""
    from ._hostile import run_hostile_cases

    what = (
        "Each case is a fresh client process (`python -m tests.hostile.run --client-case`) "
        "with the default `AnswerLimits` (8 MiB, nesting 32), against a byte-level hostile "
        f"server at {plan.hostile_scale:g} of the issue's sizes; one `list_city_tree()` after a "
        "warm-up call. CPU is the client's; RSS growth is `VmHWM` after a reset."
    )
    scenario = _scenario("hostile", what, CPU_MS_PER_CALL, baseline=None, uses_server=False)
    for row in run_hostile_cases(plan.hostile_scale):
        name = f"{row['case']} -> {row['outcome']}"
        scenario.contenders.append(name)
        growth = float(row.get("rss_growth_mb", float("nan")))
        scenario.samples.append(
            Sample(
                contender=name,
                round=0,
                wall=float(row.get("wall", 0.0)),
                cpu=float(row.get("cpu", 0.0)),
                count=1,
                extra={"growth_mb": growth},
            )
        )
    return scenario


def _run_rss(job: dict[str, Any], *, timeout: float) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "bench._rss", json.dumps(job)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )
    if done.returncode != 0:
        raise RuntimeError(f"bench._rss failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result
