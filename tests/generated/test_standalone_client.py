"""The generated package works on its own: aiohttp transport, raised errors, multipart."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from fincard_async._generated import Client, errors
from fincard_async._generated.api.files import upload_file
from fincard_async._generated.api.reference_data import list_regions
from fincard_async._generated.models import (
    Platform,
    RegionListRequest,
    UploadCategory,
    UploadFileForm,
)
from fincard_async._generated.types import File

HEADERS: dict[str, Any] = {
    "x_tenant_id": "T1",
    "x_forwarded_for": "127.0.0.1",
    "x_forwarded_from": "tests",
    "platform": Platform.WEB,
    "device_id": "d1",
}


async def handle(request: web.Request) -> web.Response:
    if request.path.endswith("/upload"):
        form = await request.post()
        upload = form["file"]
        assert isinstance(upload, web.FileField)
        content_type = request.headers["Content-Type"]
        return web.json_response(
            {
                "success": True,
                "code": 200,
                "msg": content_type,
                "data": {"fileId": "6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f"},
            }
        )
    if request.headers.get("X-Tenant-ID") != "T1":
        return web.json_response({"success": False, "code": 500, "msg": "header"}, status=400)
    data = [{"code": "US", "standardCode": "USA", "name": "United States"}]
    return web.json_response({"success": True, "code": 200, "msg": "ok", "data": data})


@pytest.fixture
async def base_url() -> AsyncIterator[str]:
    app = web.Application()
    app.router.add_post("/{tail:.*}", handle)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    yield str(server.make_url("")).rstrip("/")
    await server.close()


async def test_structures_a_success_answer(base_url: str) -> None:
    async with Client(base_url=base_url) as client:
        answer = await list_regions.asyncio(transport=client, body=RegionListRequest(), **HEADERS)
    assert answer.data is not None
    assert answer.data[0].standard_code == "USA"


async def test_raises_on_an_error_status(base_url: str) -> None:
    async with Client(base_url=base_url) as client:
        with pytest.raises(errors.UnexpectedStatus) as caught:
            await list_regions.asyncio(
                transport=client, body=RegionListRequest(), **{**HEADERS, "x_tenant_id": "T2"}
            )
    assert caught.value.status_code == 400


async def test_multipart_uses_a_random_boundary(base_url: str) -> None:
    form = UploadFileForm(
        category=UploadCategory.CARD,
        file=File(payload=b"%PDF-1.4 tiny", file_name="a.pdf", mime_type="application/pdf"),
    )
    async with Client(base_url=base_url) as client:
        first = await upload_file.asyncio(transport=client, body=form, **HEADERS)
        second = await upload_file.asyncio(transport=client, body=form, **HEADERS)
    assert first.msg.startswith("multipart/form-data; boundary=")
    assert first.msg != second.msg
    assert first.data is not None
    assert str(first.data.file_id) == "6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f"
