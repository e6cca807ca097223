"""A FastAPI service holding ONE FincardClient for the application's lifetime.

The client (and its connection pool, token and caches) is opened in the lifespan and closed on
shutdown; each request passes its end user's IP to FinHub through ``RequestOptions``. When the
web server cancels a request (the caller went away), the SDK call is cancelled with it.

Run: ``uvicorn examples.fastapi_app:app`` with the FINCARD_* variables set. Behind a proxy,
start uvicorn with ``--forwarded-allow-ips`` so ``request.client.host`` is the end user's IP.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from fincard_async import (
    APIError,
    EndUser,
    FincardClient,
    FinHubConfig,
    HyperCardConfig,
    OutcomeUnknownError,
    RequestOptions,
    ValidationError,
)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    async with FincardClient(
        finhub=FinHubConfig(forwarded_from="cards-service"), hypercard=HyperCardConfig()
    ) as client:
        app.state.fincard = client
        yield


app = FastAPI(title="cards-service", lifespan=lifespan)
# a bad X-Platform header falls back to "web" instead of failing the request
PLATFORMS: dict[str, Literal["web", "ios", "android"]] = {p: p for p in ("web", "ios", "android")}


def fincard(request: Request) -> FincardClient:
    client: FincardClient = request.app.state.fincard
    return client


def end_user(request: Request) -> RequestOptions:
    """This request's end user, for FinHub's X-Forwarded-For / platform / deviceId."""
    ip = request.client.host if request.client else "0.0.0.0"  # noqa: S104 (unknown caller)
    platform = PLATFORMS.get(request.headers.get("x-platform", ""), "web")
    device = request.headers.get("x-device-id", "unknown")
    return RequestOptions(end_user=EndUser(ip=ip, platform=platform, device_id=device))


Client = Annotated[FincardClient, Depends(fincard)]
Options = Annotated[RequestOptions, Depends(end_user)]


class NewWorkOrder(BaseModel):
    title: str
    target: str
    trade_type: str = "CARD_ACTIVE"
    merchant_order_no: str | None = None


@app.exception_handler(ValidationError)
async def invalid(_: Request, error: ValidationError) -> JSONResponse:
    # the SDK's messages name field and rule, never the submitted values
    return JSONResponse({"violations": [str(v) for v in error.violations]}, status_code=422)


@app.exception_handler(OutcomeUnknownError)
async def uncertain(_: Request, error: OutcomeUnknownError) -> JSONResponse:
    # not a failure: the caller retries with this key, or looks the order up
    body = {"status": "unknown", "merchant_order_no": error.idempotency_key}
    return JSONResponse(body, status_code=202)


@app.exception_handler(APIError)
async def upstream(_: Request, error: APIError) -> JSONResponse:
    return JSONResponse({"error": type(error).__name__, "request_id": error.request_id}, 502)


@app.get("/countries")
async def countries(client: Client, options: Options) -> list[str]:
    return [region.code for region in await client.reference_data.regions(options=options)]


@app.post("/work-orders", status_code=201)
async def submit(order: NewWorkOrder, client: Client, options: Options) -> dict[str, Any]:
    created = await client.work_orders.submit(
        title=order.title,
        target=order.target,
        trade_type=order.trade_type,
        merchant_order_no=order.merchant_order_no,
        options=options,
    )
    return {"order_no": created.order_no, "merchant_order_no": created.merchant_order_no}


@app.get("/work-orders/{merchant_order_no}")
async def lookup(merchant_order_no: str, client: Client, options: Options) -> dict[str, Any]:
    page = await client.work_orders.list(merchant_order_no=merchant_order_no, options=options)
    if not page.records:
        raise HTTPException(404, "no such work order")
    record = page.records[0]
    return {"order_no": record.order_no, "trade_status": str(record.trade_status)}
