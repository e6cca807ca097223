"""An aiohttp.web service holding ONE FincardClient for the application's lifetime.

``cleanup_ctx`` opens the client on startup and closes it on cleanup; each request passes its
end user's IP to FinHub through ``RequestOptions``. aiohttp cancels a handler whose client
disconnected only with ``handler_cancellation=True``; the SDK call is then cancelled with it.

Run: ``python -m examples.aiohttp_app`` with the FINCARD_* variables set (port 8080).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, Literal

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

from fincard_async import (
    EndUser,
    FincardClient,
    FinHubConfig,
    HyperCardConfig,
    OutcomeUnknownError,
    RequestOptions,
    ValidationError,
)

FINCARD = web.AppKey("fincard", FincardClient)
# a bad X-Platform header falls back to "web" instead of failing the request
PLATFORMS: dict[str, Literal["web", "ios", "android"]] = {p: p for p in ("web", "ios", "android")}


async def fincard_client(app: web.Application) -> AsyncIterator[None]:
    async with FincardClient(
        finhub=FinHubConfig(forwarded_from="cards-service"), hypercard=HyperCardConfig()
    ) as client:
        app[FINCARD] = client
        yield


def behind(proxies: frozenset[str]) -> Middleware:
    """Take the end user's IP from X-Forwarded-For, but only when a trusted proxy sent it."""

    @web.middleware
    async def real_remote(request: web.Request, handler: Handler) -> web.StreamResponse:
        forwarded = request.headers.get("X-Forwarded-For")
        if forwarded and request.remote in proxies:
            # the last hop is the one our proxy appended; earlier ones the caller could forge
            request = request.clone(remote=forwarded.split(",")[-1].strip())
        return await handler(request)

    return real_remote


def end_user(request: web.Request) -> RequestOptions:
    """This request's end user, for FinHub's X-Forwarded-For / platform / deviceId."""
    return RequestOptions(
        end_user=EndUser(
            ip=request.remote or "0.0.0.0",  # noqa: S104 (unknown caller)
            platform=PLATFORMS.get(request.headers.get("X-Platform", ""), "web"),
            device_id=request.headers.get("X-Device-Id", "unknown"),
        )
    )


async def countries(request: web.Request) -> web.Response:
    client = request.app[FINCARD]
    regions = await client.reference_data.regions(options=end_user(request))
    return web.json_response([region.code for region in regions])


async def submit(request: web.Request) -> web.Response:
    client = request.app[FINCARD]
    order: dict[str, Any] = await request.json()
    try:
        created = await client.work_orders.submit(
            title=str(order.get("title", "")),
            target=str(order.get("target", "")),
            trade_type=str(order.get("trade_type", "CARD_ACTIVE")),
            merchant_order_no=order.get("merchant_order_no"),
            options=end_user(request),
        )
    except ValidationError as error:
        return web.json_response({"violations": [str(v) for v in error.violations]}, status=422)
    except OutcomeUnknownError as error:
        body = {"status": "unknown", "merchant_order_no": error.idempotency_key}
        return web.json_response(body, status=202)
    body = {"order_no": created.order_no, "merchant_order_no": created.merchant_order_no}
    return web.json_response(body, status=201)


def create_app(*, trusted_proxies: frozenset[str] = frozenset()) -> web.Application:
    """The service; ``trusted_proxies``: addresses of your load balancers."""
    app = web.Application(middlewares=[behind(trusted_proxies)])
    app.cleanup_ctx.append(fincard_client)
    app.router.add_get("/countries", countries)
    app.router.add_post("/work-orders", submit)
    return app


if __name__ == "__main__":
    web.run_app(create_app(), port=8080, handler_cancellation=True)
