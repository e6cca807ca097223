"""The planted-secrets run: the demo flow at DEBUG, with forced errors, counting leaks.

Secrets and personal data are planted in the configuration and the requests. The flow runs
the demo's steps on the sandbox (with injected faults), then against a server that echoes
every request body back in its error message, as the issue saw one do. Every log record of
every logger, ``str``/``repr`` of every error (and its causes) and the repr of every model
and option object is searched for each planted value.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
from aiohttp import web
from aiohttp.test_utils import TestServer

from fincard_async import (
    EndUser,
    FincardClient,
    FincardError,
    FinHubConfig,
    HyperCardConfig,
    RequestOptions,
    RetryPolicy,
    encode_kyc_image,
)
from fincard_async._generated.models import CardApplyRequest, LoginRequest
from fincard_async.models import CardApplyBaseInfo, CardApplyKycInfo, DocNeverExpire, Gender
from fincard_async.sandbox import SandboxConfig, run_sandbox
from fincard_async.sandbox._faults import FaultRule

__all__ = ["PLANTED", "planted_run"]

KEY = Path(__file__).parents[1] / "unit" / "vectors" / "test_key.pem"
PNG = b"\x89PNG\r\n\x1a\n" + b"planted-image-bytes-" * 40
PLANTED = {
    "password": "pw-PLANTED-5531",
    "token": "tok-PLANTED-9924",
    "private key line": KEY.read_text().splitlines()[3],
    "email": "planted.mail.7781@example.com",
    "first_name": "Plantedfirst",
    "last_name": "Plantedlast",
    "mobile": "5559917",
    "address": "77 Planted Road",
    "city": "Plantedville",
    "zip_code": "99173",
    "birthday": "1981-07-13",
    "doc_no": "PLT9917733",
    "emergency_contact": "Planted Contact 5550199",
    "end-user ip": "198.51.100.77",
}


def base_info() -> CardApplyBaseInfo:
    return CardApplyBaseInfo(
        card_type_id="10001",
        email=PLANTED["email"],
        first_name=PLANTED["first_name"],
        last_name=PLANTED["last_name"],
        mobile=PLANTED["mobile"],
        mobile_code="+1",
        user_ip=PLANTED["end-user ip"],
    )


def kyc_info(image: str) -> CardApplyKycInfo:
    return CardApplyKycInfo(
        address=PLANTED["address"],
        birthday=PLANTED["birthday"],
        city=PLANTED["city"],
        country_id="US",
        doc_no=PLANTED["doc_no"],
        doc_type=1,
        emergency_contact=PLANTED["emergency_contact"],
        front_doc=image,
        gender=Gender.VALUE_2,
        mix_doc=image,
        nationality_id="US",
        sign_img=image,
        state="TX",
        zip_code=PLANTED["zip_code"],
        doc_never_expire=DocNeverExpire.VALUE_1,
    )


@attrs.define
class Seen:
    """Everything text the run produced."""

    texts: list[str] = attrs.field(factory=list)
    errors: int = 0

    def error(self, error: BaseException) -> None:
        self.errors += 1
        for link in _chain(error):
            self.texts += [str(link), repr(link)]

    def counts(self, planted: dict[str, str]) -> dict[str, int]:
        text = "\n".join(self.texts)
        return {name: text.count(value) for name, value in planted.items()}


def _chain(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    link: BaseException | None = error
    while link is not None and id(link) not in seen:
        seen.add(id(link))
        yield link
        link = link.__cause__ or link.__context__


class _Capture(logging.Handler):
    def __init__(self, seen: Seen) -> None:
        super().__init__(logging.DEBUG)
        self.seen = seen

    def emit(self, record: logging.LogRecord) -> None:
        self.seen.texts.append(self.format(record))


async def _echo(request: web.Request) -> web.Response:
    """Every error echoes the request's credentials and body in ``msg``, as a careless
    server does."""
    body = (await request.read()).decode("utf-8", "replace")
    sent = ("Authorization", "X-Forwarded-For", "signature")
    body = " ".join(f"{h}={request.headers[h]}" for h in sent if h in request.headers) + body
    if request.path == "/api/auth/login":
        if b'"tenantId":"REFUSE"' in body.encode():
            return web.json_response({"success": False, "code": 401, "msg": f"bad login {body}"})
        data = {"accessToken": PLANTED["token"], "tokenType": "Bearer", "expiresIn": 3600}
        return web.json_response({"success": True, "code": 200, "msg": "ok", "data": data})
    if request.path.startswith("/v"):  # HyperCard
        code = "B0000" if "5xx" in request.headers.get("X-Mode", "") else "A0003"
        return web.json_response({"code": code, "msg": f"invalid request: {body}"})
    return web.json_response({"success": False, "code": -1, "msg": f"rejected: {body}"})


async def _attempt(seen: Seen, call: Callable[[], Awaitable[Any]]) -> None:
    try:
        await call()
    except FincardError as error:
        seen.error(error)


def _clients(url: str, *, tenant: str = "T") -> FincardClient:
    return FincardClient(
        finhub=FinHubConfig(
            base_url=url,
            email=PLANTED["email"],
            password=PLANTED["password"],
            tenant_id=tenant,
            end_user=EndUser(ip=PLANTED["end-user ip"]),
        ),
        hypercard=HyperCardConfig(base_url=url, api_key="M", private_key=KEY.read_text()),
        retry=RetryPolicy(max_retries=1, initial_delay=0, max_delay=0),
    )


async def _echo_flow(seen: Seen, image: str) -> None:
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", _echo)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    url = f"http://127.0.0.1:{server.port}"
    try:
        async with _clients(url, tenant="REFUSE") as refused:
            await _attempt(seen, lambda: refused.reference_data.list_regions())
        async with _clients(url) as client:
            await _attempt(
                seen,
                lambda: client.work_orders.submit(
                    title="t", target="4111111111111111", trade_type="CARD_ACTIVE"
                ),
            )
            for mode in ("4xx", "5xx"):  # a 5xx write ends as OutcomeUnknownError
                options = RequestOptions(extra_headers={"X-Mode": mode})
                await _attempt(
                    seen,
                    lambda o=options: client.cards.apply(  # type: ignore[misc]
                        base_info=base_info(),
                        kyc_info=kyc_info(image),
                        validate_with_card_type=False,
                        options=o,
                    ),
                )
            bad = attrs.evolve(kyc_info(image), doc_no=PLANTED["doc_no"] + "\ud800")
            await _attempt(
                seen,
                lambda: client.cards.apply(
                    base_info=attrs.evolve(base_info(), email=PLANTED["email"] + "\r"),
                    kyc_info=bad,
                ),
            )
            seen.texts.append(repr(client))
    finally:
        await server.close()


async def _demo_flow(seen: Seen, image: str) -> None:
    from examples import demo

    faults = (
        FaultRule(kind="status", operation="listRegions", status=503, times=1),  # retried
        FaultRule(kind="status", operation="listMobileAreaCodes", status=503, times=3),
        FaultRule(kind="non_json", operation="listCardTypes", times=1),
        FaultRule(kind="envelope", operation="applyCard", times=1),
    )
    config = SandboxConfig(faults=faults, strict=False)
    async with run_sandbox(config) as sandbox, demo.make_client(sandbox) as client:
        for step in (demo.reference_data, demo.work_orders, demo.apply_for_card):
            await _attempt(seen, lambda s=step: s(client))  # type: ignore[misc]
        await _attempt(
            seen,
            lambda: client.cards.apply(
                base_info=base_info(), kyc_info=kyc_info(image), validate_with_card_type=False
            ),
        )


async def planted_run(*, with_demo: bool = True) -> tuple[dict[str, int], int, int]:
    """Run the flows; (count per planted value, errors seen, texts searched).

    ``with_demo=False`` skips the demo's steps on the sandbox (slow: images, 25 orders).
    """
    seen = Seen()
    handler = _Capture(seen)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        image = (await encode_kyc_image(PNG, field="sign_img")).data
        planted = {**PLANTED, "image (base64)": image[:40]}
        await _echo_flow(seen, image)
        if with_demo:
            await _demo_flow(seen, image)
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
    request = CardApplyRequest(mc_trade_no="N1", base_info=base_info(), kyc_info=kyc_info(image))
    login = LoginRequest(email=PLANTED["email"], password=PLANTED["password"], tenant_id="T")
    seen.texts += [repr(request), repr(login), repr(base_info()), repr(kyc_info(image))]
    return seen.counts(planted), seen.errors, len(seen.texts)
