"""Third-party tools that read only the YAML, run against live servers on loopback.

* **Prism mock, dynamic mode** (``@stoplight/prism-cli``): Prism generates every answer from
  the YAML; the SDK calls every operation many times through a recording proxy, and every
  answer is judged by a JSON Schema validator. A schema-valid success answer the SDK refuses,
  a schema-valid error answer it does not raise as a typed API error, or a request Prism
  refuses, is a failure.
* **schemathesis against the sandbox** with real auth (a bearer token from ``login``;
  HyperCard requests signed per call over the exact body): no server error, every answer
  conforms (status, content type, schema), and no request the YAML accepts is refused as
  invalid (FinHub HTTP 400; HyperCard ``A0003``).
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, Final

import orjson
import yaml
from aiohttp import ClientSession, web
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

SPEC: Final = Path("openapi/fincard.yaml")
PRISM: Final = Path("tools/node_modules/.bin/prism")
_URI: Final = "urn:fincard-consumers:openapi"
_PNG: Final = b"\x89PNG\r\n\x1a\n" + bytes(16)
_PNG64: Final = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg=="  # noqa: E501
NEUTRAL_CARD_TYPE: Final[Mapping[str, Any]] = {
    "card_type_id": "90001",
    "apply_type": 1,
    "doc_type": "",
    "need_poa": 0,
    "support_poa_type": "",
    "kyc_country_limit_short": "",
    "kyc_nationality_limit_short": "",
    "status": 1,
}


class Spec:
    """The YAML with a JSON Schema validator per operation's request and 200 answer."""

    def __init__(self, path: Path = SPEC) -> None:
        self.document: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        registry = Registry().with_resource(_URI, DRAFT202012.create_resource(self.document))
        self.paths: dict[str, str] = {}
        self.answers: dict[str, Draft202012Validator] = {}
        self.requests: dict[str, Draft202012Validator] = {}
        self.success: dict[str, list[Draft202012Validator]] = {}
        for path, item in self.document["paths"].items():
            operation = item["post"]
            op = operation["operationId"]
            self.paths[path] = op
            where = "/paths/" + path.replace("~", "~0").replace("/", "~1") + "/post"
            answer = f"{where}/responses/200/content/application~1json/schema"
            self.answers[op] = _validator(registry, answer)
            body = operation["requestBody"]["content"]
            if "application/json" in body:
                self.requests[op] = _validator(
                    registry, f"{where}/requestBody/content/application~1json/schema"
                )
            members = operation["responses"]["200"]["content"]["application/json"]["schema"]
            if "$ref" in members:  # login: a named oneOf
                answer = "/" + members["$ref"].removeprefix("#/")
                members = self.document["components"]["schemas"][answer.rsplit("/", 1)[1]]
            self.success[op] = [
                _validator(registry, f"{answer}/oneOf/{index}")
                for index, member in enumerate(members["oneOf"])
                if "ErrorEnvelope" not in member.get("$ref", "")
            ]

    def is_success(self, op: str, answer: Any) -> bool:
        return any(v.is_valid(answer) for v in self.success[op])


def _validator(registry: Registry[Any], pointer: str) -> Draft202012Validator:
    return Draft202012Validator(
        {"$ref": f"{_URI}#{pointer}"},
        registry=registry,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(port: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.2)
    raise RuntimeError(f"nothing listens on port {port} after {seconds} s")


# -- Prism, dynamic mode ----------------------------------------------------------------------


class Recorder:
    """A loopback proxy in front of Prism that keeps every exchange (path, status, body)."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.exchanges: list[tuple[str, int, bytes]] = []
        self.session: ClientSession | None = None

    async def handle(self, request: web.Request) -> web.Response:
        assert self.session is not None
        body = await request.read()
        headers = {k: v for k, v in request.headers.items() if k.lower() != "host"}
        url = self.upstream + request.path
        async with self.session.post(url, data=body, headers=headers) as answer:
            content = await answer.read()
            kind = answer.headers.get("Content-Type", "application/json")
        self.exchanges.append((request.path, answer.status, content))
        return web.Response(status=answer.status, body=content, headers={"Content-Type": kind})


def sdk_calls() -> dict[str, Callable[[Any], Awaitable[Any]]]:
    from fincard_async.models import CardApplyBaseInfo, CardApplyKycInfo, DocNeverExpire, Gender

    base = CardApplyBaseInfo(
        card_type_id="90001",
        email="ann@example.com",
        first_name="Ann",
        last_name="Lee",
        mobile="5550100",
        mobile_code="+1",
    )
    kyc = CardApplyKycInfo(
        address="1 Main Street",
        birthday="1990-04-12",
        city="Springfield",
        country_id="US",
        doc_no="X1234567",
        doc_type=1,
        emergency_contact="Bob Lee",
        front_doc=_PNG64,
        gender=Gender.VALUE_2,
        mix_doc=_PNG64,
        nationality_id="US",
        sign_img=_PNG64,
        state="IL",
        zip_code="62701",
        doc_never_expire=DocNeverExpire.VALUE_1,
    )
    return {
        "login": lambda c: c._login(),
        "listRegions": lambda c: c.reference_data.list_regions(),
        "listCities": lambda c: c.reference_data.list_cities(region_code="US"),
        "listCityTree": lambda c: c.reference_data.list_city_tree(),
        "listMobileAreaCodes": lambda c: c.reference_data.list_mobile_area_codes(),
        "uploadFile": lambda c: c.files.upload(_PNG),
        "submitWorkOrder": lambda c: c.work_orders.submit(
            title="Activate", target="4000123412341234", trade_type="CARD_ACTIVE"
        ),
        "listWorkOrders": lambda c: c.work_orders.list(),
        "applyCard": lambda c: c.cards.apply(
            base_info=base, kyc_info=kyc, validate_with_card_type=False
        ),
        "listCardTypes": lambda c: c.cards.list_card_types(),
    }


async def _prism_session(
    spec: Spec, prism_url: str, per_operation: int, workers: int = 4
) -> dict[str, Counter[str]]:
    """``workers`` clients, each behind its own recording proxy, share the calls."""
    tally: dict[str, Counter[str]] = {op: Counter() for op in spec.answers}
    async with ClientSession() as session:
        quota = -(-per_operation // workers)
        await asyncio.gather(
            *(_prism_worker(spec, prism_url, session, quota, tally) for _ in range(workers))
        )
    return tally


async def _prism_worker(
    spec: Spec,
    prism_url: str,
    session: ClientSession,
    quota: int,
    tally: dict[str, Counter[str]],
) -> None:
    import fincard_async as fa
    from fincard_async.sandbox._keys import demo_key_pair

    recorder = Recorder(prism_url)
    recorder.session = session
    app = web.Application()
    app.router.add_route("POST", "/{tail:.*}", recorder.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    url = f"http://127.0.0.1:{port}"
    client = fa.FincardClient(
        finhub=fa.FinHubConfig(
            base_url=url, email="ops@example.com", password="pw", tenant_id="T1",  # noqa: S106
            end_user=fa.EndUser(ip="203.0.113.7"),
        ),
        hypercard=fa.HyperCardConfig(base_url=url, api_key="m1", private_key=demo_key_pair()[0]),
        retry=fa.RetryPolicy(max_retries=0),
    )  # fmt: skip
    mine: dict[str, Counter[str]] = {op: Counter() for op in spec.answers}
    try:
        async with client:
            for op, call in sdk_calls().items():
                while mine[op]["answers"] < quota and mine[op]["calls"] < 4 * quota:
                    mine[op]["calls"] += 1
                    start = len(recorder.exchanges)
                    error: BaseException | None = None
                    try:
                        await call(client)
                    except fa.FincardError as exc:
                        error = exc
                    _judge(spec, recorder.exchanges[start:], error, mine)
    finally:
        await runner.cleanup()
    for op, counts in mine.items():
        tally[op].update(counts)


def _judge(
    spec: Spec,
    exchanges: list[tuple[str, int, bytes]],
    error: BaseException | None,
    tally: dict[str, Counter[str]],
) -> None:
    import fincard_async as fa

    for index, (path, status, content) in enumerate(exchanges):
        op = spec.paths[path]
        last = index == len(exchanges) - 1
        if status != 200:
            tally[op][f"request refused by Prism (HTTP {status})"] += 1
            continue
        answer = orjson.loads(content)
        if not spec.answers[op].is_valid(answer):
            tally[op]["prism answer off the schema (not judged)"] += 1
            continue
        tally[op]["answers"] += 1
        success = spec.is_success(op, answer)
        failed_here = last and error is not None
        if success and failed_here:
            tally[op]["REFUSED schema-valid success answer"] += 1
            tally[op][f"  {type(error).__name__}: {str(error)[:120]}"] += 1
        elif not success and failed_here and isinstance(error, fa.APIResponseValidationError):
            tally[op]["REFUSED schema-valid error answer (not a typed API error)"] += 1
        elif not success and not failed_here and op != "login":
            tally[op]["ERROR ANSWER NOT RAISED"] += 1


@contextlib.contextmanager
def prism_mock() -> Iterator[str]:
    port = free_port()
    command = [str(PRISM), "mock", "-d", "-h", "127.0.0.1", "-p", str(port), str(SPEC)]
    process = subprocess.Popen(  # noqa: S603 - fixed argument list
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        _wait_for(port, 60)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(10)


def run_prism(per_operation: int) -> tuple[bool, str]:
    """The SDK against a Prism mock in dynamic mode; ok when nothing was refused."""
    spec = Spec()
    with prism_mock() as url:
        tally = asyncio.run(_prism_session(spec, url, per_operation))
    bad = [
        f"{op}: {key} x{count}"
        for op, counts in tally.items()
        for key, count in counts.items()
        if key.startswith(("REFUSED", "ERROR", "request refused", "  "))
    ]
    short = [op for op, counts in tally.items() if counts["answers"] < per_operation]
    least = min(counts["answers"] for counts in tally.values())
    off = sum(counts["prism answer off the schema (not judged)"] for counts in tally.values())
    detail = f"{least}+ schema-valid answers per operation, 0 refused; {off} off-schema skipped"
    if bad or short:
        return False, "; ".join(bad + [f"{op}: too few answers" for op in short])
    return True, detail


# -- schemathesis against the sandbox -----------------------------------------------------------


class SandboxThread:
    """The sandbox in a thread of its own (schemathesis calls are blocking)."""

    def __init__(self) -> None:
        from fincard_async.sandbox import Sandbox, SandboxConfig
        from fincard_async.sandbox._card_types import DEFAULT_CARD_TYPES

        config = SandboxConfig(card_types=(*DEFAULT_CARD_TYPES, NEUTRAL_CARD_TYPE))
        self.sandbox = Sandbox(config)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def __enter__(self) -> Any:
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self.sandbox.__aenter__(), self.loop).result(30)
        return self.sandbox

    def __exit__(self, *exc: object) -> None:
        closing = self.sandbox.__aexit__(None, None, None)
        asyncio.run_coroutine_threadsafe(closing, self.loop).result(30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


class Auth:
    """Real credentials: a FinHub bearer token from login; HyperCard signatures per request."""

    def __init__(self, sandbox: Any) -> None:
        import requests

        from fincard_async._signing import load_private_key

        self.sandbox = sandbox
        self.key = load_private_key(sandbox.credentials.private_key_pem)
        credentials = sandbox.credentials
        answer = requests.post(
            sandbox.base_url + "/api/auth/login",
            json={
                "email": credentials.email,
                "password": credentials.password,
                "tenantId": credentials.tenant_id,
            },
            headers=self.finhub_context(),
            timeout=10,
        ).json()
        self.token = (answer.get("data") or answer)["accessToken"]

    def finhub_context(self) -> dict[str, str]:
        return {
            "X-Tenant-ID": self.sandbox.credentials.tenant_id,
            "X-Forwarded-For": "203.0.113.7",
            "X-Forwarded-From": "schemathesis",
            "platform": "web",
            "deviceId": "device-1",
        }

    def headers(self, case: Any, raw: bytes) -> dict[str, str]:
        from fincard_async import ValidationError
        from fincard_async._signing import sign_request, signing_headers

        if case.path.startswith("/api/"):
            headers = {"X-Tenant-ID": self.sandbox.credentials.tenant_id}
            if case.path != "/api/auth/login":
                headers["Authorization"] = f"Bearer {self.token}"
            return headers
        headers = signing_headers(api_key=self.sandbox.credentials.api_key, now=time.time)
        try:
            headers["signature"] = sign_request(headers=headers, body=raw, private_key=self.key)
        except ValidationError:  # not a JSON object: nothing to sign, the server refuses it
            headers["signature"] = "unsignable"
        return headers


def _schemathesis_case(
    case: Any, spec: Spec, auth: Auth, base_url: str, positive: bool, tally: Counter[str]
) -> None:
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    op = spec.paths[case.path]
    json_body = op in spec.requests
    if json_body and positive and op == "applyCard" and isinstance(case.body, dict):
        base = case.body.get("base_info")
        if isinstance(base, dict) and isinstance(base.get("card_type_id"), str):
            base["card_type_id"] = NEUTRAL_CARD_TYPE["card_type_id"]  # card-type rules: neutral
    raw = _raw_body(case.body) if json_body else b""
    extra: dict[str, Any] = {"data": raw} if json_body else {}
    headers = {**(case.headers or {}), **auth.headers(case, raw)}
    if json_body:
        headers["Content-Type"] = "application/json"
    response = case.call(base_url=base_url, headers=headers, timeout=30, **extra)
    tally["requests"] += 1
    try:
        case.validate_response(
            response,
            checks=[
                not_a_server_error,
                status_code_conformance,
                content_type_conformance,
                response_schema_conformance,
            ],
            headers=headers,
        )
    except BaseException as failure:  # schemathesis reports failed checks as a failure group
        if isinstance(failure, KeyboardInterrupt | SystemExit):
            raise
        tally[f"{op}: {str(failure).strip().splitlines()[0][:160]}"] += 1
    valid = positive and (not json_body or spec.requests[op].is_valid(orjson.loads(raw or b"null")))
    if valid and _refused(case.path, response):
        tally[f"{op}: VALID REQUEST REFUSED: {response.text[:160]}"] += 1
    tally["valid requests"] += int(valid)


def _raw_body(body: Any) -> bytes:
    """The exact bytes to send (and sign): negative cases may carry raw bytes or no body."""
    if isinstance(body, bytes | bytearray):
        return bytes(body)
    try:
        return orjson.dumps(body)
    except TypeError:
        return b""


def _refused(path: str, response: Any) -> bool:
    if path.startswith("/api/"):
        return bool(response.status_code == 400)
    return bool(response.status_code == 200 and response.json().get("code") == "A0003")


def run_schemathesis(examples: int) -> tuple[bool, str]:
    """schemathesis (positive and negative cases) against the sandbox with real auth."""
    import schemathesis
    from hypothesis import HealthCheck, Phase, given, settings
    from schemathesis import GenerationMode

    spec = Spec()
    tally: Counter[str] = Counter()
    schema = schemathesis.openapi.from_path(str(SPEC))
    with SandboxThread() as sandbox:
        auth = Auth(sandbox)

        def explore(strategy: Any, positive: bool) -> None:
            @settings(
                max_examples=examples,
                deadline=None,
                database=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=strategy)
            def run(case: Any) -> None:
                _schemathesis_case(case, spec, auth, sandbox.base_url, positive, tally)

            run()

        for result in schema.get_all_operations():
            operation = result.ok()
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                strategy = operation.as_strategy(generation_mode=mode)
                explore(strategy, mode is GenerationMode.POSITIVE)
    failures = {k: v for k, v in tally.items() if k not in ("requests", "valid requests")}
    detail = f"{tally['requests']} requests ({tally['valid requests']} valid by the YAML)"
    if failures:
        listed = "; ".join(f"{k} x{v}" for k, v in sorted(failures.items())[:12])
        return False, f"{detail}: {listed}"
    return True, f"{detail}: 0 server errors, 0 non-conforming answers, 0 valid requests refused"
